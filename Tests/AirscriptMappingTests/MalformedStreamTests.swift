import Airscript
import AirscriptMapping
import Foundation
import TestSupport
import XCTest

/// `map` over malformed streams: every line gets its documented treatment, a line that is not a
/// payload becomes an error record, and the counts balance: records in = results out + error records.
final class MalformedStreamTests: XCTestCase {
    let mapping = Mapping(
        path: "m.yaml",
        text: """
            version: 1
            name: m
            journey:
              behavior: start
              startParameters: payload
            response:
              body: TYPEOF(payload)
            """)

    /// Runs raw bytes through the batch runner; returns the output records.
    func run(_ bytes: [UInt8], maxLineBytes: Int = 1 << 20, maxDepth: Int = 64) throws -> [Value] {
        XCTAssertFalse(mapping.hasErrors)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var runner = BatchRunner(
            processor: try RecordProcessor(mapping: mapping, options: RunOptions(now: 0, timeZone: "UTC", locale: "en-US")),
            jobs: 2)
        runner.maxLineBytes = maxLineBytes
        runner.json.maxDepth = maxDepth
        var store = JourneyStore()
        var out: [Value] = []
        let summary = runner.run([.init(name: "s", handle: try FileHandle(forReadingFrom: url))], store: &store, emit: { v, _ in out.append(v) })
        XCTAssertEqual(summary.records, out.count)
        return out
    }

    func outcome(_ v: Value) -> String { if case .text(let s) = v.member("outcome") { return s } else { return "?" } }
    func code(_ v: Value) -> String? {
        if case .list(let ds) = v.member("diagnostics"), let d = ds.first, case .text(let c) = d.member("code") { return c }
        return nil
    }

    func testMalformedLinesBalanceTheCounts() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]  // a byte-order mark: skipped
        bytes += Array("{\"a\": 1}\r\n".utf8)  // CR LF: accepted
        bytes += Array("\n   \n".utf8)  // blank lines: skipped, still counted as lines
        bytes += [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D, 0x0A]  // invalid UTF-8 in a string
        bytes += Array("{\"n\": \(String(repeating: "9", count: 400))}\n".utf8)  // a 400-digit number: Infinity
        bytes += Array("{\"k\": 1, \"k\": 2}\n".utf8)  // duplicate keys: the last wins
        bytes += Array((String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "\n").utf8)  // too deep
        bytes += Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "\n").utf8)  // just deep enough
        bytes += Array("\u{FEFF}{\"late\": \"bom\"}\n".utf8)  // a byte-order mark at a line's start: skipped too
        bytes += Array("{\"truncated\": tr".utf8)  // the last line, cut short, without a line break
        let records = try run(bytes)
        XCTAssertEqual(records.count, 8, "eight non-blank lines in, eight records out")
        XCTAssertEqual(records.map(outcome), ["started", "error", "started", "started", "error", "started", "started", "error"])
        XCTAssertEqual(records.map { $0.member("line") }, [1, 4, 5, 6, 7, 8, 9, 10].map { .number(Double($0)) })
        XCTAssertEqual(code(records[1]), "M0201")
        XCTAssertTrue(JSONWriter.write(records[2].member("startParameters")) == #"{"n":null}"#, "Infinity prints as null")
        XCTAssertTrue(JSONWriter.write(records[2]).contains("W0417"))
        XCTAssertEqual(records[3].member("startParameters"), ["k": 2])
        XCTAssertEqual(code(records[4]), "M0201")
        let errors = records.filter { outcome($0) == "error" }.count
        XCTAssertEqual(errors, 3)
        XCTAssertEqual(records.count, (records.count - errors) + errors)
    }

    func testAFiftyMegabyteLineIsAnErrorRecordAndTheRunGoesOn() throws {
        var bytes = Array("{\"first\": 1}\n".utf8)
        bytes += Array("{\"big\": \"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 50 << 20)
        bytes += Array("\"}\n{\"last\": 1}\n".utf8)
        let records = try run(bytes, maxLineBytes: 16 << 20)
        XCTAssertEqual(records.map(outcome), ["started", "error", "started"])
        XCTAssertEqual(code(records[1]), "M0201")
        XCTAssertEqual(records[2].member("line"), 3)
    }
}
