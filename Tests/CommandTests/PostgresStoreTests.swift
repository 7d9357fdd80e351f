import Foundation
import TestSupport
import XCTest

/// `map --store postgres://…` and `airscript store` on PostgreSQL through the real binary: the same
/// output as memory, a round trip through SQLite, a server that stops under a run (store.md §4), and
/// two processes sharing one store.
final class PostgresStoreTests: XCTestCase {
    var folder: URL!
    var databases: [String] = []

    override func setUpWithError() throws {
        guard TestPostgres.url != nil else {
            if TestPostgres.onCI { XCTFail(TestPostgres.missing) }
            throw XCTSkip(TestPostgres.missing)
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        for database in databases { TestPostgres.dropDatabase(database) }
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    func database() throws -> String {
        let url = try TestPostgres.createDatabase()
        databases.append(url)
        return url
    }

    func run(_ arguments: [String]) throws -> CommandTests.Result {
        try CommandTests.airscript(arguments, in: folder)
    }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    static let replaceMapping = """
        version: 1
        name: leads
        journey:
          behavior: replace
          identifier: {type: text, expression: payload.id}
          startParameters: '{n: payload.n}'
          eventPayload: '{n: payload.n}'
        response:
          body: '{journey: metadata.journey_id}'
        """

    /// The samples on PostgreSQL give the memory store's output; the store exported from
    /// PostgreSQL and imported into SQLite exports the same again.
    func testSamplesOnPostgresAndARoundTripThroughSQLite() throws {
        let samples = Repository.samples
        for name in ["salesforce-lead", "zendesk-ticket", "twilio-sms"] {
            let store = try database()
            let common = [
                "map", samples.appendingPathComponent("\(name).yaml").path,
                samples.appendingPathComponent("streams/\(name).ndjson").path, "--now", "2024-05-02T17:21:09Z", "--no-summary",
            ]
            let memory = try run(common)
            let postgres = try run(common + ["--store", store])
            XCTAssertEqual(postgres.stdout, memory.stdout, "\(name): \(postgres.stderr)")
            XCTAssertEqual(try run(["store", "check", store]).status, 0, name)
            let exported = try run(["store", "export", store, "-o", "\(name).json"])
            XCTAssertEqual(exported.status, 0, exported.stderr)
            XCTAssertEqual(try run(["store", "import", "sqlite:\(name).sqlite", "\(name).json"]).status, 0)
            let again = try run(["store", "export", "sqlite:\(name).sqlite"])
            XCTAssertEqual(again.stdout, try String(contentsOf: folder.appendingPathComponent("\(name).json"), encoding: .utf8), name)
            let back = try database()
            XCTAssertEqual(try run(["store", "import", back, "\(name).json"]).status, 0)
            XCTAssertEqual(try run(["store", "export", back]).stdout, again.stdout, "\(name): SQLite back to PostgreSQL")
        }
    }

    /// The server stops under a run: `map` stops with 69 naming the store, after writing the
    /// records it committed; started again, `--resume` finishes with the uninterrupted output.
    func testAStoppedServerStopsTheRunAndResumeFinishesIt() throws {
        try write(Self.replaceMapping, to: "leads.yaml")
        let lines = (0..<12_000).map { #"{"id": "L\#($0 % 2000)", "n": \#($0)}"# }
        try write(lines.joined(separator: "\n") + "\n", to: "leads.ndjson")
        let common = ["map", "leads.yaml", "leads.ndjson", "--no-summary", "--now", "2024-05-02T17:21:09Z"]
        let reference = try run(common + ["-o", "reference.ndjson"])
        XCTAssertEqual(reference.status, 0, reference.stderr)

        let store = try database()
        let process = Process()
        process.executableURL = try CommandTests.requireBinary()
        process.arguments = common + ["--store", store, "-o", "out.ndjson"]
        process.currentDirectoryURL = folder
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        // Stopped once some batches are committed, well before the end.
        let deadline = Date().addingTimeInterval(60)
        var committed = 0
        while committed < 1000 && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            committed =
                Int((try? TestPostgres.psql(store, "SELECT count(*) FROM deliveries"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        }
        XCTAssertTrue(process.isRunning, "the run ended before the server could be stopped under it")
        try TestPostgres.stopServer()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try TestPostgres.startServer()
        XCTAssertEqual(process.terminationStatus, 69, message)
        XCTAssertTrue(message.contains("store `\(store)` is unavailable"), message)

        let resumed = try run(common.filter { $0 != "--now" && $0 != "2024-05-02T17:21:09Z" } + ["--store", store, "-o", "out.ndjson", "--resume"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(
            try Data(contentsOf: folder.appendingPathComponent("out.ndjson")),
            try Data(contentsOf: folder.appendingPathComponent("reference.ndjson")), "the resumed output differs from the uninterrupted run's")
        XCTAssertEqual(try run(["store", "check", store]).status, 0)
    }

    /// Two processes commit concurrently to one store over interleaved streams that share
    /// identifiers: no identifier ever has two active journeys, and each identifier's journeys
    /// form one chain of replacements, as some one-at-a-time order of the deliveries would.
    func testTwoProcessesShareOneStore() throws {
        try write(Self.replaceMapping, to: "leads.yaml")
        for (file, parity) in [("a.ndjson", 0), ("b.ndjson", 1)] {
            let lines = (0..<6000).map { k in #"{"id": "L\#(k % 300)", "n": \#(2 * k + parity)}"# }
            try write(lines.joined(separator: "\n") + "\n", to: file)
        }
        // Both runs open the new store at once: one of them creates its tables, under an advisory lock.
        let store = try database()
        let processes = try ["a", "b"].map { name in
            let process = Process()
            process.executableURL = try CommandTests.requireBinary()
            process.arguments = ["map", "leads.yaml", "\(name).ndjson", "--store", store, "--no-summary", "-o", "\(name).out", "--jobs", "1"]
            process.currentDirectoryURL = folder
            try process.run()
            return process
        }
        for process in processes { process.waitUntilExit() }
        XCTAssertEqual(processes.map(\.terminationStatus), [0, 0])
        XCTAssertEqual(try run(["store", "check", store]).status, 0)

        // Every delivery started or replaced one journey; per identifier the replacements chain.
        var outputs: [[String: Any]] = []
        for name in ["a", "b"] {
            let text = try String(contentsOf: folder.appendingPathComponent("\(name).out"), encoding: .utf8)
            outputs += text.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        }
        XCTAssertEqual(outputs.count, 12_000)
        var byIdentifier: [String: [[String: Any]]] = [:]
        for output in outputs {
            let identifier = (output["identifier"] as! [String: Any])["value"] as! String
            byIdentifier[identifier, default: []].append(output)
        }
        XCTAssertEqual(byIdentifier.count, 300)
        for (identifier, records) in byIdentifier {
            let started = records.filter { $0["outcome"] as? String == "started" }
            XCTAssertEqual(started.count, 1, "\(identifier): exactly one delivery found no journey to replace")
            var next: [String: String] = [:]
            for record in records where record["outcome"] as? String == "replaced" {
                let replaced = record["replacedJourneyId"] as! String
                XCTAssertNil(next[replaced], "\(identifier): journey \(replaced) was replaced twice")
                next[replaced] = record["journeyId"] as? String
            }
            var chain = 1
            var current = started.first?["journeyId"] as? String
            while let journey = current, let following = next[journey] {
                chain += 1
                current = following
            }
            XCTAssertEqual(chain, records.count, "\(identifier): the replacements form one chain through every delivery")
        }
        let active = try TestPostgres.psql(store, "SELECT count(*) FROM journeys WHERE status = 'active'")
        XCTAssertEqual(active.trimmingCharacters(in: .whitespacesAndNewlines), "300")
    }

    /// Two `airscript serve` instances behind one store, receiving concurrent deliveries, every
    /// delivery key at both (store.md §4, serve.md §5): each key is mapped once (the other instance
    /// answers it from the store), no identifier ever has two active journeys.
    func testTwoServeInstancesShareOneStore() throws {
        try write(
            """
            version: 1
            name: leads
            source:
              kind: subscription
              route: /leads
              verify: {scheme: none}
              dedupe: request.header["x-delivery"]
            payload:
              sample: {id: a, n: 1}
            journey:
              behavior: replace
              identifier: {type: text, expression: payload.id}
              startParameters: '{n: payload.n}'
            response:
              body: '{journey: metadata.journey_id}'
            """, to: "leads.yaml")
        let store = try database()
        // The first creates the store; the second opens it.
        let first = try ServedProcess(["leads.yaml", "--store", store], in: folder)
        let second = try ServedProcess(["leads.yaml", "--store", store], in: folder)
        let deliveries = 48
        let results = Collected()
        DispatchQueue.concurrentPerform(iterations: deliveries * 2) { k in
            let delivery = k / 2
            let server = k % 2 == 0 ? first : second
            let body = #"{"id": "L\#(delivery % 12)", "n": \#(delivery)}"#
            let r = try? server.request("POST", "/leads", body: body, headers: ["Content-Type: application/json", "X-Delivery: d-\(delivery)"])
            results.append((delivery, r?.status ?? 0, r?.text ?? ""))
        }
        let all = results.values
        XCTAssertEqual(all.count, deliveries * 2)
        XCTAssertTrue(all.allSatisfy { $0.1 == 200 }, "\(all.filter { $0.1 != 200 }.map(\.2).prefix(2))")
        for delivery in 0..<deliveries {
            let answers = all.filter { $0.0 == delivery }.map(\.2)
            let duplicates = answers.filter { $0.lowercased().contains("airscript-duplicate: true") }.count
            XCTAssertEqual(duplicates, 1, "delivery \(delivery) was mapped once and answered from the store once")
            let bodies = Set(answers.map { $0.components(separatedBy: "\r\n\r\n").last ?? "" })
            XCTAssertEqual(bodies.count, 1, "both answers of delivery \(delivery) name the same journey")
        }
        for server in [first, second] {
            server.signal(SIGTERM)
            XCTAssertEqual(server.waitForExit(), 0)
        }
        XCTAssertEqual(try run(["store", "check", store]).status, 0)
        let counts = try TestPostgres.psql(
            store, "SELECT count(*) || ' ' || count(*) FILTER (WHERE status = 'active') FROM journeys")
        XCTAssertEqual(counts.trimmingCharacters(in: .whitespacesAndNewlines), "\(deliveries) 12")
    }

    /// Results gathered by concurrent requests.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(Int, Int, String)] = []
        func append(_ item: (Int, Int, String)) { lock.withLock { items.append(item) } }
        var values: [(Int, Int, String)] { lock.withLock { items } }
    }
}
