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

/// `check MAPPING --expr` and `--explain-types` (first-week findings 14 and 20).
extension CommandTests {
    func testCheckAnExpressionInAMappingsEnvironment() throws {
        var r = try airscript(["check", "Samples/salesforce-lead.yaml", "--expr", "payload.result.LastNme", "--slot", "identifier"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("did you mean `LastName`?"), r.stderr)
        XCTAssertEqual(r.stdout, "Any\n")
        r = try airscript(["check", "Samples/salesforce-lead.yaml", "--expr", "metadata.journey_id"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "Text?\n", "response.body, the default slot, sees metadata")
        r = try airscript(["check", "Samples/salesforce-lead.yaml", "--expr", "metadata.journey_id", "--slot", "identifier"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("error[E0307]"), r.stderr)
        r = try airscript(["check", "Samples/salesforce-lead.yaml", "--expr", "1", "--slot", "nowhere"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("`nowhere` is no slot"), r.stderr)
    }

    func testExplainTypesShowsEverySlotAndTheNullFields() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("explain-\(UUID().uuidString).yaml")
        try """
        version: 1
        name: explain
        payload: {sample: {"id": "a", "missing": null, "list": [{"x": null}]}}
        journey:
          behavior: replace
          identifier: {type: text, expression: payload.id}
          startParameters: '{id: payload.id}'
        response:
          status: 201
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try airscript(["check", file.path, "--explain-types"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for line in [
            "identifier : Text", "startParameters : {id: Text}", "response.status : Number",
            "payload.missing : Any (NULL in the sample)", "payload.list[0].x : Any (NULL in the sample)",
        ] {
            XCTAssertTrue(r.stdout.contains(line + "\n"), "\(line) in:\n\(r.stdout)")
        }
    }
}
