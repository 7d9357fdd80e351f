import Foundation
import TestSupport
import XCTest

/// `map --store`, `--resume` and `airscript store` through the real binary (store.md §2–§4).
final class StoreCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func run(_ arguments: [String], stdin: String? = nil) throws -> CommandTests.Result {
        try CommandTests.airscript(arguments, stdin: stdin, in: folder)
    }

    var samples: URL { Repository.root.appendingPathComponent("Samples") }

    /// Every sample mapping over its stream: a SQLite store gives the output records the memory
    /// store gives, byte for byte, and holds the journeys the state file holds.
    func testMapOnSQLiteWritesWhatMemoryWrites() throws {
        for name in ["salesforce-lead", "zendesk-ticket", "stripe-invoice", "twilio-sms", "app-api-signup"] {
            let mapping = samples.appendingPathComponent("\(name).yaml").path
            let stream = samples.appendingPathComponent("streams/\(name).ndjson").path
            let common = ["map", mapping, stream, "--now", "2024-05-02T17:21:09Z", "--no-summary"]
            let memory = try run(common + ["--state", "\(name).json"])
            let sqlite = try run(common + ["--store", "sqlite:\(name).sqlite"])
            XCTAssertEqual(sqlite.stdout, memory.stdout, name)
            // Transactions of any size give the same records.
            let small = try run(common + ["--store", "sqlite:\(name)-small.sqlite", "--batch-size", "3"])
            XCTAssertEqual(small.stdout, memory.stdout, "\(name), --batch-size 3")
            XCTAssertEqual(sqlite.status, memory.status, "\(name): \(sqlite.stderr)")
            XCTAssertFalse(memory.stdout.isEmpty, name)
            let check = try run(["store", "check", "sqlite:\(name).sqlite"])
            XCTAssertEqual(check.status, 0, "\(name): \(check.stdout)")
            let listed = try run(["store", "journeys", "sqlite:\(name).sqlite", "--format", "json"])
            let state = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("\(name).json"))) as! [String: Any]
            let journeys = state["journeys"] as! [[String: Any]]
            let ids = listed.stdout.split(separator: "\n").map { line in
                (try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["id"] as! String
            }
            XCTAssertEqual(ids, journeys.map { $0["id"] as! String }, name)
        }
    }

    /// `export` then `import` round-trips a store exactly; `import` refuses a store that holds
    /// journeys; a version 1 state file imports, its first holder keeping a contested identifier.
    func testExportAndImportRoundTrip() throws {
        let mapping = samples.appendingPathComponent("salesforce-lead.yaml").path
        let stream = samples.appendingPathComponent("streams/salesforce-lead.ndjson").path
        _ = try run(["map", mapping, stream, "--store", "sqlite:a.sqlite", "--seed", "7", "--no-summary"])
        let exported = try run(["store", "export", "sqlite:a.sqlite", "-o", "a.json"])
        XCTAssertEqual(exported.status, 0, exported.stderr)
        let imported = try run(["store", "import", "sqlite:b.sqlite", "a.json"])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let again = try run(["store", "export", "sqlite:b.sqlite"])
        XCTAssertEqual(again.stdout, try String(contentsOf: folder.appendingPathComponent("a.json"), encoding: .utf8))
        XCTAssertTrue(again.stdout.contains(#""seed": 7"#), "the store remembers its seed")
        XCTAssertTrue(again.stdout.contains(#""history": ["#))
        let twice = try run(["store", "import", "sqlite:b.sqlite", "a.json"])
        XCTAssertEqual(twice.status, 1)
        XCTAssertTrue(twice.stderr.contains("already holds 5 journeys"), twice.stderr)
        // A store created with seed 7 refuses another seed, and takes its own when none is given.
        let other = try run(["map", mapping, stream, "--store", "sqlite:b.sqlite", "--seed", "8"])
        XCTAssertEqual(other.status, 64)
        XCTAssertTrue(other.stderr.contains("created with seed 7"), other.stderr)

        let contested = """
            {"version": 1, "journeys": [
              {"id": "j1", "status": "active", "identifier": "x"},
              {"id": "j2", "status": "active", "identifier": "x"},
              {"id": "j3", "status": "ended", "identifier": "x"}]}
            """
        let v1 = try run(["store", "import", "sqlite:c.sqlite", "-"], stdin: contested)
        XCTAssertEqual(v1.status, 0, v1.stderr)
        XCTAssertTrue(v1.stderr.contains("warning[M0403]"), v1.stderr)
        let active = try run(["store", "journeys", "sqlite:c.sqlite", "--identifier", "x", "--active", "--format", "json"])
        XCTAssertEqual(active.stdout.split(separator: "\n").count, 1)
        XCTAssertTrue(active.stdout.contains(#""id":"j1""#), active.stdout)
        XCTAssertEqual(try run(["store", "check", "sqlite:c.sqlite"]).status, 0)
    }

    /// Wrong URLs and combinations are usage errors; a file that is not a store is 65.
    func testStoreErrorsHaveTheirStatuses() throws {
        XCTAssertEqual(try run(["map", "x.yaml", "--batch-size", "0"]).status, 64)
        let mapping = samples.appendingPathComponent("salesforce-lead.yaml").path
        try Data(#"{"version": 2, "journeys": []}"#.utf8).write(to: folder.appendingPathComponent("empty.json"))
        let cases: [([String], Int32, String)] = [
            (["store", "check", "sqlite:"], 64, "names no file"),
            (["store", "check", "mysql://x"], 64, "unknown store URL"),
            (["store", "check", "postgres://me:secret@localhost/db"], 64, "holds a password"),
            (["store", "check", "memory:"], 64, "needs a durable store"),
            (["map", mapping, "--store", "sqlite:x.sqlite", "--state", "s.json"], 64, "cannot be used together"),
            (["map", mapping, "x.ndjson", "--resume"], 64, "--resume needs --store"),
            (["map", mapping, "--store", "sqlite:x.sqlite", "--resume"], 64, "standard input cannot be read again"),
            (["store", "prune", "sqlite:x.sqlite"], 64, "say what to prune"),
            (["store", "prune", "sqlite:x.sqlite", "--ended-older-than", "3w"], 64, "--ended-older-than"),
            (["store", "check", "sqlite:x.sqlite"], 66, "does not exist"),
            (["store", "import", "sqlite:x.sqlite", "empty.json"], 0, "imported 0 journeys"),
            (["store", "show", "sqlite:x.sqlite", "nope"], 1, "has no journey `nope`"),
            (["store", "import", "sqlite:x.sqlite", "missing.json"], 66, "cannot open"),
        ]
        for (arguments, status, message) in cases {
            let r = try run(arguments)
            XCTAssertEqual(r.status, status, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
        try Data("not a database, just text".utf8).write(to: folder.appendingPathComponent("text.sqlite"))
        let r = try run(["store", "journeys", "sqlite:text.sqlite"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("is not an airscript store"), r.stderr)
    }

    /// The listings: journeys filtered, one journey with its events, the delivery rows, pruning.
    func testListingsAndPruning() throws {
        let mapping = samples.appendingPathComponent("salesforce-lead.yaml").path
        let stream = samples.appendingPathComponent("streams/salesforce-lead.ndjson").path
        _ = try run(["map", mapping, stream, "--store", "sqlite:s.sqlite", "--now", "2024-05-02T17:21:09Z", "--no-summary"])
        let all = try run(["store", "journeys", "sqlite:s.sqlite"])
        XCTAssertEqual(all.status, 0, all.stderr)
        let rows = all.stdout.split(separator: "\n")
        XCTAssertEqual(rows.first?.split(separator: " ", omittingEmptySubsequences: true).first, "ID")
        XCTAssertEqual(rows.count, 6, all.stdout)
        let active = try run(["store", "journeys", "sqlite:s.sqlite", "--active", "--format", "json"]).stdout.split(separator: "\n")
        XCTAssertEqual(active.count, 4)
        XCTAssertTrue(active.allSatisfy { $0.contains(#""status":"active""#) })
        let ended = try XCTUnwrap(
            try run(["store", "journeys", "sqlite:s.sqlite", "--format", "json"]).stdout.split(separator: "\n")
                .first { $0.contains(#""status":"ended""#) })
        let journeyID = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(ended.utf8)) as? [String: Any])?["id"] as? String)
        let shown = try run(["store", "show", "sqlite:s.sqlite", journeyID, "--format", "json"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains(#""endReason":"replaced""#), shown.stdout)
        XCTAssertTrue(shown.stdout.contains(#""history":[{"sequence":1,"kind":"start""#), shown.stdout)
        let deliveries = try run(["store", "deliveries", "sqlite:s.sqlite", "--format", "json", "--since", "1h"])
        XCTAssertEqual(deliveries.stdout.split(separator: "\n").count, 6, deliveries.stdout)
        XCTAssertEqual(try run(["store", "deliveries", "sqlite:s.sqlite", "--mapping", "other"]).stdout.split(separator: "\n").count, 1)
        // The journeys ended on 2024-05-02 are years old; the deliveries were first seen just now.
        let pruned = try run(["store", "prune", "sqlite:s.sqlite", "--ended-older-than", "30d", "--deliveries-older-than", "1h"])
        XCTAssertEqual(pruned.status, 0, pruned.stderr)
        XCTAssertTrue(pruned.stderr.contains("pruned 0 delivery rows and 1 ended journeys"), pruned.stderr)
        XCTAssertEqual(try run(["store", "journeys", "sqlite:s.sqlite", "--format", "json"]).stdout.split(separator: "\n").count, 4)
        XCTAssertEqual(try run(["store", "show", "sqlite:s.sqlite", journeyID]).status, 1)
        XCTAssertEqual(try run(["store", "check", "sqlite:s.sqlite"]).status, 0)
    }

    func emptyStateFile() throws -> String {
        try Data(#"{"version": 2, "journeys": []}"#.utf8).write(to: folder.appendingPathComponent("empty.json"))
        return "empty.json"
    }
}
