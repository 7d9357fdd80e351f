import Airscript
import Foundation
import TestSupport
import XCTest

@testable import AirscriptMapping

/// How `map` cuts its input into batches: by lines and by bytes (four batches are in flight at once,
/// so the byte budget is what bounds memory), skipping blank lines, across files.
final class LineBatchesTests: XCTestCase {
    func handle(_ text: [UInt8]) throws -> FileHandle {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-\(UUID().uuidString).ndjson")
        try Data(text).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try FileHandle(forReadingFrom: url)
    }

    func batchSizes(_ inputs: [[UInt8]], size: Int) throws -> [[Int]] {
        var batches = LineBatches(
            inputs: try inputs.enumerated().map { .init(name: "f\($0.offset)", handle: try handle($0.element)) },
            size: size, maxLineBytes: 16 << 20)
        var result: [[Int]] = []
        var position = 0
        while true {
            let (lines, base) = batches.next()
            if lines.isEmpty { break }
            XCTAssertEqual(base, position, "positions run on from batch to batch")
            position += lines.count
            result.append(lines.map(\.number))
        }
        return result
    }

    /// Lines are read whole wherever the reader's chunks (256 KiB) cut them, CR LF included.
    func testLinesCrossingChunksAreReadWhole() throws {
        var text: [UInt8] = []
        var expected: [String] = []
        for k in 0..<3000 {
            let line = "{\"k\": \(k), \"pad\": \"" + String(repeating: "x", count: (k * 37) % 500) + "\"}"
            expected.append(line)
            text += Array(line.utf8) + (k % 3 == 0 ? [0x0D, 0x0A] : [0x0A])
        }
        XCTAssertGreaterThan(text.count, 3 * LineReader.chunkBytes)
        var reader = LineReader(handle: try handle(text))
        var read: [String] = []
        while let line = reader.next() {
            guard case .text(let bytes) = line else { return XCTFail("unexpected \(line)") }
            read.append(String(decoding: bytes, as: UTF8.self))
        }
        XCTAssertEqual(read, expected)
        XCTAssertEqual(reader.lineNumber, 3000)
    }

    /// A read that fails (here: the input is a directory) ends the input with one `.unreadable`
    /// line, numbered after the last line read; nothing is dropped without a word.
    func testAFailingReadEndsTheInputWithItsReason() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var reader = LineReader(handle: try FileHandle(forReadingFrom: directory))
        guard case .unreadable(let reason)? = reader.next() else { return XCTFail("expected an unreadable line") }
        XCTAssertEqual(reason, "Is a directory")
        XCTAssertEqual(reader.lineNumber, 1)
        XCTAssertNil(reader.next())
    }

    func testBatchesEndAtTheLineCountOrTheByteBudget() throws {
        let small = Array("{\"a\": 1}\n\n  \n{\"a\": 2}\n{\"a\": 3}\n".utf8)
        XCTAssertEqual(try batchSizes([small], size: 2), [[1, 4], [5]], "blank lines are skipped, numbers are the file's")
        XCTAssertEqual(try batchSizes([small, small], size: 4), [[1, 4, 5, 1], [4, 5]], "batches run across files")
        // Lines of 3 MiB: a batch stops once it holds the 8 MiB budget, whatever its line count.
        var big: [UInt8] = []
        for _ in 0..<7 { big += Array(repeating: UInt8(ascii: " "), count: 3 << 20) + Array("1\n".utf8) }
        XCTAssertEqual(try batchSizes([big], size: 512).map(\.count), [3, 3, 1])
        XCTAssertEqual(try batchSizes([Array("".utf8)], size: 512), [])
    }
}
