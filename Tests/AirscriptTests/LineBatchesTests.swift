@testable import Airscript
import Foundation
import XCTest

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
        var batches = LineBatches(inputs: try inputs.enumerated().map { .init(name: "f\($0.offset)", handle: try handle($0.element)) },
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
