import Airscript
import XCTest

@testable import AirscriptMapping

/// The collections the memory store keeps its journeys and indexes in (`ChunkedArray`,
/// `ShardedDictionary`) behave as Swift's array and dictionary do, checked against them on random
/// operations, across chunk boundaries and through copies.
final class StoreCollectionsTests: XCTestCase {
    func testChunkedArrayFollowsArray() {
        var random = SeededGenerator(seed: 1)
        var chunked = ChunkedArray<String>()
        var reference: [String] = []
        // Grows past several chunks of 4,096, shrinks to empty, grows again: every operation
        // compared with Array's, appends weighted so that the array crosses chunk boundaries
        // both ways.
        for step in 0..<60_000 {
            let growing = step < 20_000 || (step >= 40_000)
            let roll = Int.random(in: 0..<10, using: &random)
            if roll < (growing ? 7 : 2) || reference.isEmpty {
                let element = "e\(step)"
                chunked.append(element)
                reference.append(element)
            } else if roll < 8 {
                XCTAssertEqual(chunked.removeLast(), reference.removeLast(), "step \(step)")
            } else if roll < 9 {
                // The oldest of a log forgotten: a few, or now and then most of the array.
                let k = Int.random(in: 0...min(reference.count, step % 97 == 0 ? reference.count : 9), using: &random)
                chunked.removeFirst(k)
                reference.removeFirst(k)
            } else {
                let index = Int.random(in: 0..<reference.count, using: &random)
                chunked[index] += "!"
                reference[index] += "!"
            }
            XCTAssertEqual(chunked.count, reference.count, "step \(step)")
        }
        XCTAssertEqual(Array(chunked), reference)
        XCTAssertEqual(chunked.last, reference.last)
        XCTAssertEqual(Array(chunked.dropFirst(4_100).prefix(3)), Array(reference.dropFirst(4_100).prefix(3)))
    }

    func testChunkedArrayEdges() {
        var chunked = ChunkedArray<Int>()
        XCTAssertTrue(chunked.isEmpty)
        XCTAssertNil(chunked.first)
        XCTAssertEqual(Array(chunked), [])
        for n in 0..<4_097 { chunked.append(n) }
        XCTAssertEqual(chunked.count, 4_097)
        XCTAssertEqual(chunked[4_095], 4_095)
        XCTAssertEqual(chunked[4_096], 4_096)
        XCTAssertEqual(chunked.removeLast(), 4_096)
        XCTAssertEqual(chunked.removeLast(), 4_095)
        chunked.append(7)
        XCTAssertEqual(chunked[4_095], 7)
        XCTAssertEqual(chunked.reduce(0, +), (0..<4_095).reduce(0, +) + 7)
        // From the front: across a chunk's end, to empty, and appending after each.
        chunked.removeFirst(4_000)
        XCTAssertEqual(chunked.count, 96)
        XCTAssertEqual(chunked.first, 4_000)
        XCTAssertEqual(chunked.last, 7)
        chunked.append(8)
        XCTAssertEqual(Array(chunked.suffix(3)), [4_094, 7, 8])
        chunked.removeFirst(chunked.count - 1)
        XCTAssertEqual(Array(chunked), [8])
        XCTAssertEqual(chunked.removeLast(), 8)
        XCTAssertTrue(chunked.isEmpty)
        chunked.append(9)
        XCTAssertEqual(Array(chunked), [9])
        chunked.removeFirst(0)
        chunked.removeFirst(1)
        XCTAssertTrue(chunked.isEmpty)
        for n in 0..<5 { chunked.append(n) }
        XCTAssertEqual(Array(chunked), [0, 1, 2, 3, 4])
    }

    func testChunkedArrayCopiesAreValues() {
        var original = ChunkedArray<[Int]>()
        for n in 0..<5_000 { original.append([n]) }
        var copy = original
        copy[10].append(1)
        copy[4_500] = []
        copy.append([9])
        XCTAssertEqual(original[10], [10])
        XCTAssertEqual(original[4_500], [4_500])
        XCTAssertEqual(original.count, 5_000)
        XCTAssertEqual(copy[10], [10, 1])
        XCTAssertEqual(copy[4_500], [])
        XCTAssertEqual(copy.count, 5_001)
    }

    func testShardedDictionaryFollowsDictionary() {
        var random = SeededGenerator(seed: 2)
        var sharded = ShardedDictionary<String, Int>()
        var reference: [String: Int] = [:]
        XCTAssertEqual(sharded.count, 0)
        XCTAssertNil(sharded["absent"])
        for step in 0..<50_000 {
            // Keys from a space small enough that they repeat: inserts, overwrites, removals of
            // present and absent keys.
            let key = "k\(Int.random(in: 0..<8_000, using: &random))"
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                sharded[key] = nil
                reference[key] = nil
            default:
                sharded[key] = step
                reference[key] = step
            }
            XCTAssertEqual(sharded[key], reference[key], "step \(step)")
        }
        XCTAssertEqual(sharded.count, reference.count)
        for (key, value) in reference { XCTAssertEqual(sharded[key], value, key) }
        // The empty key and keys of any length are keys like any other.
        sharded[""] = -1
        sharded[String(repeating: "é", count: 500)] = -2
        XCTAssertEqual(sharded[""], -1)
        XCTAssertEqual(sharded[String(repeating: "é", count: 500)], -2)
    }

    func testShardedDictionaryCopiesAreValues() {
        var original = ShardedDictionary<Int, String>()
        for n in 0..<1_000 { original[n] = "v\(n)" }
        var copy = original
        copy[5] = "changed"
        copy[2_000] = "new"
        copy[7] = nil
        XCTAssertEqual(original[5], "v5")
        XCTAssertNil(original[2_000])
        XCTAssertEqual(original[7], "v7")
        XCTAssertEqual(original.count, 1_000)
        XCTAssertEqual(copy.count, 1_000)
        XCTAssertEqual(copy[5], "changed")
    }
}
