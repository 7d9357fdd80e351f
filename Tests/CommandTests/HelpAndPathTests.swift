import Foundation
import TestSupport
import XCTest

/// First-week findings 8, 12 and 21: a mistyped mapping path is a missing file, not an expression;
/// M0310 is a warning; the help says what the command does.
extension CommandTests {
    func testCheckTakesPathLikeArgumentsForFiles() throws {
        let cases: [(argument: String, status: Int32, message: String)] = [
            ("nonexist.yaml", 66, "cannot open mapping 'nonexist.yaml': no such file"),
            ("./x.yaml", 66, "no such file"),
            ("Samples/missing.json", 66, "no such file"),
            ("Samples", 66, "it is a directory"),
            ("payload.total/2", 2, "unknown variable `payload`"),
            ("1 + 1", 0, ""),
        ]
        for (argument, status, message) in cases {
            let r = try airscript(["check", argument])
            XCTAssertEqual(r.status, status, "\(argument): \(r.stderr)")
            XCTAssertTrue(message.isEmpty || r.stderr.contains(message), "\(argument): \(r.stderr)")
        }
    }

    /// A GET mapping that reads `payload.body` gets a warning (mapping.md §8), not an error.
    func testAGetMappingReadingTheBodyIsWarned() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("get-\(UUID().uuidString).yaml")
        try """
        version: 1
        name: get-check
        source: {kind: app-api, method: GET, route: /x}
        payload: {sample: {"body": {"a": 1}}}
        journey: {behavior: start}
        response:
          body: 'payload.body'
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try airscript(["check", file.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("warning[M0310]"), r.stderr)
        XCTAssertEqual(try airscript(["check", "--strict", file.path]).status, 2)
    }

    func testHelpTellsTheTruth() throws {
        let map = try airscript(["map", "--help"]).stdout
        XCTAssertTrue(map.contains("(default: 0 for `map`"), "the seed's default in map")
        for option in ["--jobs", "--max-line-bytes", "--max-json-depth"] {
            let block = map.components(separatedBy: "  \(option) ").dropFirst().first?.components(separatedBy: "\n  --").first ?? ""
            XCTAssertLessThanOrEqual(block.components(separatedBy: "default").count - 1, 1, "\(option) names its default once: \(block)")
        }
        let jobs = try airscript(["map", "Samples/app-api-signup.yaml", "--jobs", "-3"])
        XCTAssertEqual(jobs.status, 64)
        XCTAssertTrue(jobs.stderr.contains("--jobs must be at least 1, got -3"), jobs.stderr)
        let repl = try airscript(["repl", "--help"]).stdout
        XCTAssertTrue(repl.contains("USAGE: airscript repl [--payload FILE]"), repl)
    }
}
