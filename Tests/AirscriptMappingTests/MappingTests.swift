import Airscript
import AirscriptMapping
import Foundation
import TestSupport
import XCTest

final class MappingTests: XCTestCase {
    static let samples = Repository.samples
    static let now = 1_714_670_469_000.0  // 2024-05-02T17:21:09Z

    /// Runs NDJSON text through a mapping and returns the output records.
    func run(
        _ mapping: Mapping, _ ndjson: String, jobs: Int = 1, store: inout JourneyStore, file: String = "in.ndjson",
        options: RunOptions? = nil
    ) throws -> [Value] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-\(UUID().uuidString).ndjson")
        try Data(ndjson.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forReadingFrom: url)
        let processor = try RecordProcessor(mapping: mapping, options: options ?? RunOptions(now: Self.now, timeZone: "UTC", locale: "en-US"))
        var runner = BatchRunner(processor: processor, jobs: jobs)
        runner.batchSize = 3
        var out: [Value] = []
        _ = runner.run([.init(name: file, handle: handle)], store: &store, emit: { value, _ in out.append(value) })
        return out
    }

    func run(_ mapping: Mapping, _ ndjson: String, jobs: Int = 1) throws -> [Value] {
        var store = JourneyStore()
        return try run(mapping, ndjson, jobs: jobs, store: &store)
    }

    func mapping(_ yaml: String) -> Mapping {
        let m = Mapping(path: "test.yaml", text: yaml)
        XCTAssertFalse(m.hasErrors, m.diagnostics.map { "\($0.diagnostic.code) \($0.diagnostic.message)" }.joined(separator: "; "))
        return m
    }

    func outcomes(_ records: [Value]) -> [String] {
        records.map { if case .text(let o) = $0.member("outcome") { return o } else { return "?" } }
    }

    func codes(_ record: Value) -> [String] {
        guard case .list(let ds) = record.member("diagnostics") else { return [] }
        return ds.compactMap { if case .text(let c) = $0.member("code") { return c } else { return nil } }
    }

    // MARK: - Behaviours and outcomes

    func yaml(_ behavior: String, identifier: String = "payload.id", type: String = "text", extra: String = "") -> String {
        """
        version: 1
        name: t
        payload:
          sample: {"id": "a", "phone": "+14155550132"}
        journey:
          behavior: \(behavior)
          identifier:
            type: \(type)
            expression: '\(identifier)'
          startParameters: '{id: payload.id}'
          eventPayload: 'payload'
        \(extra)
        response:
          body: '{o: metadata.outcome, j: metadata.journey_id, link: metadata.canvas_link}'
        """
    }

    /// Journey ids are SHA-256 of "<seed>:<mapping name>:<sequence>" as version-4 UUIDs (cli.md
    /// §7.2): the expected ids were computed apart from the project (Python's hashlib).
    func testJourneyIDsAreTheSpecifiedHashes() throws {
        let expected: [UInt64: [String]] = [
            0: ["7ff1f056-d368-4df5-991b-c007ec9c7fce", "5dc42bf4-97ea-46d7-b1b2-92b5f077a828", "c7d58a21-1e21-4c24-9139-b84110c14224"],
            UInt64.max: ["685872af-74a1-4454-a3be-6029a41dbd7b", "29a1e034-bb19-4157-b66a-629448d82b55", "0e1c60ee-5b85-415e-a3d7-f8044d5e39e9"],
        ]
        for (seed, ids) in expected {
            var store = JourneyStore()
            let records = try run(
                mapping(yaml("start")), "{\"id\": \"a\"}\n{\"id\": \"b\"}\n{\"id\": \"c\"}\n", store: &store,
                options: RunOptions(now: Self.now, timeZone: "UTC", locale: "en-US", seed: seed))
            XCTAssertEqual(records.map { $0.member("journeyId") }, ids.map { .text($0) }, "seed \(seed)")
        }
    }

    func testStartBehaviour() throws {
        let records = try run(
            mapping(yaml("start")),
            #"""
            {"id": "a"}
            {"id": "a"}
            {"id": null}
            """#)
        XCTAssertEqual(outcomes(records), ["started", "started", "started"])
        XCTAssertEqual(codes(records[1]), ["M0306"], "a held identifier starts a journey without it")
        XCTAssertNotEqual(records[0].member("journeyId"), records[1].member("journeyId"))
        XCTAssertEqual(records[0].member("startParameters"), ["id": "a"])
        XCTAssertEqual(records[0].member("response").member("body").member("o"), "started")
    }

    func testReplaceBehaviour() throws {
        let records = try run(mapping(yaml("replace")), "{\"id\": \"a\"}\n{\"id\": \"a\"}\n{\"id\": \"b\"}\n")
        XCTAssertEqual(outcomes(records), ["started", "replaced", "started"])
        XCTAssertEqual(records[1].member("replacedJourneyId"), records[0].member("journeyId"))
    }

    func testAbortBehaviour() throws {
        let records = try run(mapping(yaml("abort")), "{\"id\": \"a\"}\n{\"id\": \"a\"}\n")
        XCTAssertEqual(outcomes(records), ["started", "aborted"])
        XCTAssertEqual(records[1].member("matchedJourneyId"), records[0].member("journeyId"))
        XCTAssertEqual(records[1].member("startParameters"), .null, "start parameters are evaluated only when a journey starts")
        XCTAssertEqual(records[1].member("response").member("body").member("j"), .null)
    }

    func testLookupBehaviourAndTheStateFile() throws {
        // A start mapping creates journeys; a lookup mapping sharing the store resumes them.
        var store = JourneyStore()
        let started = try run(mapping(yaml("start")), "{\"id\": \"a\"}\n", store: &store)
        let statePath = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: statePath) }
        try store.save(path: statePath)
        var (loaded, warnings) = try JourneyStore.load(path: statePath)
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(loaded.journeys.count, 1)
        let records = try run(mapping(yaml("lookup")), "{\"id\": \"a\"}\n{\"id\": \"zzz\"}\n{\"id\": \"\"}\n", store: &loaded)
        XCTAssertEqual(outcomes(records), ["resumed", "no-match", "no-match"])
        XCTAssertEqual(records[0].member("journeyId"), started[0].member("journeyId"))
        XCTAssertEqual(records[0].member("eventPayload"), ["id": "a"])
        XCTAssertEqual(records[0].member("startParameters"), .null)
        XCTAssertEqual(records[1].member("response").member("body").member("link"), .null)
        XCTAssertEqual(codes(records[2]), ["M0305"])
        XCTAssertEqual(loaded.journeys[0].events, 2, "the start delivered one event, the lookup another")
        // onNoMatch: start opts into starting.
        let fallback = try run(
            mapping(yaml("lookup", extra: "  onNoMatch: start").replacingOccurrences(of: "\n  onNoMatch", with: "\n  onNoMatch")),
            "{\"id\": \"new\"}\n")
        XCTAssertEqual(outcomes(fallback), ["started"])
        // The saved state round-trips what the run did.
        try loaded.save(path: statePath)
        let (again, _) = try JourneyStore.load(path: statePath)
        XCTAssertEqual(again.journeys.map(\.events), loaded.journeys.map(\.events))
        XCTAssertEqual(again.sequence, loaded.sequence)
    }

    func testIdentifierTypes() throws {
        var phoneStore = JourneyStore()
        let phone = try run(
            mapping(yaml("replace", identifier: "payload.phone", type: "phone")),
            "{\"phone\": \"(415) 555-0132\"}\n{\"phone\": \"+1 415 555 0132\"}\n{\"phone\": \"nope\"}\n",
            store: &phoneStore,
            options: RunOptions(now: Self.now, timeZone: "UTC", locale: "en-US", region: "US"))
        XCTAssertEqual(outcomes(phone), ["started", "replaced", "error"])
        XCTAssertEqual(phone[0].member("identifier").member("value"), "+14155550132")
        XCTAssertEqual(codes(phone[2]), ["M0304"])
        let journeyID = mapping(yaml("lookup", identifier: "payload.id", type: "journey-id"))
        var store = JourneyStore()
        let first = try run(mapping(yaml("start")), "{\"id\": \"x\"}\n", store: &store)
        guard case .text(let id) = first[0].member("journeyId") else { return XCTFail("no journey id") }
        let found = try run(journeyID, "{\"id\": \"\(id)\"}\n{\"id\": \"not-a-uuid\"}\n", store: &store)
        XCTAssertEqual(outcomes(found), ["resumed", "no-match"])
        XCTAssertEqual(codes(found[1]), ["M0303"])
        let text = try run(mapping(yaml("start", identifier: "payload.n")), "{\"n\": 42}\n{\"n\": [1]}\n")
        XCTAssertEqual(text[0].member("identifier").member("value"), "42")
        XCTAssertEqual(codes(text[0]), ["M0302"])
        XCTAssertEqual(outcomes(text), ["started", "error"])
        XCTAssertEqual(codes(text[1]), ["M0301"])
    }

    func testValidationFalseGivesTheResponseOnly() throws {
        let m = mapping(
            """
            version: 1
            name: v
            payload:
              sample: {"ok": true, "id": "a"}
            validation:
              inputs:
                raw: payload.ok
              expression: payload.ok
            journey:
              behavior: start
              identifier: {type: text, expression: payload.id}
              startParameters: '1 / 0.5'
            response:
              status: IF(isValid, 302, 400)
              headers:
                Location: metadata.canvas_link
            """)
        let records = try run(m, "{\"ok\": true, \"id\": \"a\"}\n{\"ok\": false, \"id\": \"b\"}\n")
        XCTAssertEqual(outcomes(records), ["started", "invalid"])
        XCTAssertEqual(records[1].member("isValid"), .bool(false))
        XCTAssertEqual(records[1].member("journeyId"), .null)
        XCTAssertEqual(records[1].member("response"), ["status": 400, "headers": [:], "body": nil])
        XCTAssertEqual(records[0].member("response").member("status"), 302)
        XCTAssertEqual(records[1].member("validationInputs"), ["raw": false])
    }

    func testBadLinesInTheMiddleOfAStreamAreReportedAndTheRunGoesOn() throws {
        let records = try run(mapping(yaml("start")), "{\"id\": \"a\"}\n{not json\n\n{\"id\": \"b\"}\r\n[1,\n{\"id\": \"c\"}")
        XCTAssertEqual(outcomes(records), ["started", "error", "started", "error", "started"])
        XCTAssertEqual(records.map { $0.member("line") }, [1, 2, 4, 5, 6])
        XCTAssertEqual(codes(records[1]), ["M0201"])
    }

    func testEnvelopes() throws {
        let m = mapping(yaml("start").replacingOccurrences(of: "name: t\n", with: "name: t\ninput:\n  format: envelope\n"))
        let records = try run(m, #"{"payload": {"id": "a"}, "id": "req-1", "now": "2020-01-01T00:00:00Z"}"# + "\n" + #"{"nopayload": 1}"#)
        XCTAssertEqual(outcomes(records), ["started", "error"])
        XCTAssertEqual(records[0].member("id"), "req-1")
        XCTAssertEqual(codes(records[1]), ["M0202"])
    }

    func testMultipleJourneys() throws {
        let m = mapping(
            """
            version: 1
            name: m
            payload:
              sample: {"lines": [{"sub": "a"}]}
            journey:
              behavior: abort
              multiple: payload.lines
              identifier: {type: text, expression: item.sub}
              startParameters: '{i: index, n: LENGTH(items)}'
            response:
              body: metadata.outcome
            """)
        let records = try run(m, #"{"lines": [{"sub": "a"}, {"sub": "b"}, {"sub": "a"}]}"# + "\n")
        XCTAssertEqual(outcomes(records), ["multiple"])
        guard case .list(let journeys) = records[0].member("journeys") else { return XCTFail("no journeys") }
        XCTAssertEqual(journeys.map { $0.member("outcome") }, ["started", "started", "aborted"])
        XCTAssertEqual(journeys[1].member("startParameters"), ["i": 1, "n": 3])
        XCTAssertEqual(records[0].member("response").member("body"), "multiple")
    }

    func testAFailingSlotMakesAnErrorRecordAndCommitsNothing() throws {
        let m = mapping(
            yaml("start", identifier: "payload.id").replacingOccurrences(
                of: "startParameters: '{id: payload.id}'",
                with: "startParameters: '{id: payload.id, n: 10 / payload.d}'"))
        var store = JourneyStore()
        let records = try run(m, "{\"id\": \"a\", \"d\": 0}\n{\"id\": \"a\", \"d\": 2}\n", store: &store)
        XCTAssertEqual(outcomes(records), ["error", "started"])
        XCTAssertEqual(records[0].member("response"), .null)
        XCTAssertEqual(codes(records[1]), [], "the failed record committed nothing, so `a` was still free")
        guard case .list(let ds) = records[0].member("diagnostics"), let d = ds.first else { return XCTFail() }
        XCTAssertEqual(d.member("code"), "R0501")
        XCTAssertEqual(d.member("slot"), "startParameters")
        XCTAssertEqual(d.member("line"), 10, "the error is located in the mapping file")
    }

    func testOrderAndResultsDoNotDependOnJobs() throws {
        let m = mapping(
            yaml("replace", identifier: "payload.id").replacingOccurrences(
                of: "startParameters: '{id: payload.id}'",
                with: "startParameters: '{id: payload.id, r: RANDOM(), u: UUID()}'"))
        var lines: [String] = []
        for k in 0..<200 { lines.append(k % 17 == 5 ? "{bad" : "{\"id\": \"\(k % 23)\"}") }
        let ndjson = lines.joined(separator: "\n")
        let one = try run(m, ndjson, jobs: 1)
        let four = try run(m, ndjson, jobs: 4)
        XCTAssertEqual(one.count, 200)
        XCTAssertEqual(one.map { JSONWriter.write($0) }, four.map { JSONWriter.write($0) })
        XCTAssertEqual(Set(outcomes(one)), ["started", "replaced", "error"])
    }

    /// The pipeline (read, prepare, commit, write, emit, one batch each per step) must give the
    /// result of processing the records one after another, for any batch size and thread count;
    /// under fail-fast the output ends with the first failing record and nothing after it is committed.
    func testPipelineStopsAtTheFirstFailureWhateverTheBatching() throws {
        let m = mapping(yaml("replace", identifier: "payload.id"))
        var lines: [String] = []
        for k in 0..<40 { lines.append(k == 23 ? "{bad" : "{\"id\": \"\(k % 7)\"}") }
        let ndjson = lines.joined(separator: "\n")
        var reference: [String]?
        for (jobs, batchSize) in [(1, 1), (1, 3), (2, 2), (2, 5), (3, 64), (4, 7)] {
            for failFast in [false, true] {
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-\(UUID().uuidString).ndjson")
                try Data(ndjson.utf8).write(to: url)
                defer { try? FileManager.default.removeItem(at: url) }
                let processor = try RecordProcessor(mapping: m, options: RunOptions(now: Self.now, timeZone: "UTC", locale: "en-US"))
                var runner = BatchRunner(processor: processor, jobs: jobs)
                runner.batchSize = batchSize
                runner.failFast = failFast
                var store = JourneyStore()
                var out: [Value] = []
                var progress: [Int] = []
                let summary = runner.run(
                    [.init(name: "a", handle: try FileHandle(forReadingFrom: url))], store: &store,
                    emit: { value, _ in out.append(value) }, progress: { progress.append($0) })
                let label = "jobs \(jobs), batch \(batchSize), fail-fast \(failFast)"
                XCTAssertEqual(out.count, failFast ? 24 : 40, label)
                XCTAssertEqual(summary.records, out.count, label)
                XCTAssertEqual(progress.last, out.count, label)
                XCTAssertEqual(progress, progress.sorted(), label)
                XCTAssertEqual(out.map { $0.member("line") }, (1...out.count).map { .number(Double($0)) }, label)
                XCTAssertEqual(outcomes(out)[23], "error", label)
                // 23 records were committed before the failure: 7 journeys started, 16 replaced.
                XCTAssertEqual(store.journeys.count, failFast ? 23 : 39, label)
                if !failFast {
                    let texts = out.map { JSONWriter.write($0) }
                    if let reference { XCTAssertEqual(texts, reference, label) } else { reference = texts }
                }
            }
        }
    }

    // MARK: - The mapping file

    func testSchemaErrorsNameTheKeyAndLine() {
        let m = Mapping(
            path: "bad.yaml",
            text: """
                version: 2
                name: bad
                jorney:
                  behavior: start
                response:
                  stauts: 200
                  body: 12
                """)
        let found = m.diagnostics.map { d -> String in
            let p = d.source.position(of: d.diagnostic.span.start)
            return "\(d.diagnostic.code) \(p.line):\(p.column)"
        }
        XCTAssertTrue(found.contains("M0103 1:10"), "\(found)")
        XCTAssertTrue(found.contains("M0102 3:1"), "\(found)")
        XCTAssertTrue(found.contains("M0102 6:3"), "\(found)")
        XCTAssertTrue(found.contains("M0106 1:1"), "\(found)")  // journey is missing
        XCTAssertEqual(m.diagnostics.first { $0.diagnostic.code == "M0102" }?.diagnostic.help, "did you mean `journey`?")
    }

    /// A minimal mapping whose `payload.types` holds one annotation (YAML key and value as given), on line 6.
    func mappingWithTypeAnnotation(path: String, type: String) -> Mapping {
        Mapping(
            path: "t.yaml",
            text: """
                version: 1
                name: t
                payload:
                  sample: {"body": {"email": "a@b.co"}}
                  types:
                    \(path): \(type)
                journey:
                  behavior: start
                response:
                  status: 200
                """)
    }

    /// Found by the mapping fuzzer: `em[il` made the path reader loop forever, growing its list.
    func testMalformedTypeAnnotationPathsAreReported() {
        let table: [(path: String, valid: Bool)] = [
            ("body.email", true), ("body.contacts[].phone", true), ("header.\"x-request-id\"", true), ("[]", true),
            ("ticket.requester.em[il", false), ("a[", false), ("a[x]", false), ("\"unclosed", false), ("", false), ("...", false),
        ]
        for (path, valid) in table {
            let m = mappingWithTypeAnnotation(path: "'\(path)'", type: "Email")
            let reported = m.diagnostics.contains { $0.diagnostic.code == "M0105" && $0.diagnostic.message.contains("is not a path") }
            XCTAssertEqual(reported, !valid, "\(path): \(m.diagnostics.map(\.diagnostic.message))")
            if !valid, let d = m.diagnostics.first(where: { $0.diagnostic.code == "M0105" }) {
                XCTAssertEqual(d.source.position(of: d.diagnostic.span.start).line, 6, path)
            }
        }
    }

    /// Found by the mapping fuzzer: the type `{be>"` made the type reader loop without reading.
    func testMalformedTypeAnnotationsAreReported() {
        let table: [(type: String, valid: Bool)] = [
            ("Text", true), ("Email?", true), ("Any", true), ("List<Phone>", true), ("{id: Text, n?: Number, …}", true),
            ("\"a\" | \"b\"", true), ("Text | Null", true),
            ("{be>\"", false), ("{a>}", false), ("{: Text}", false), ("Txet", false), ("", false), ("List<Txet>", false),
            ("{id: Text", false), ("Text Number", false), ("(", false),
            // Keys in any script, digits and `_`, and a key with a decomposed accent (e + U+0301):
            // one word, as it is one character. A mark cannot start a key.
            ("{café: Text, Straße_2: Number}", true), ("{cafe\u{301}: Text}", true), ("{名前: Text}", true),
            ("{\u{301}a: Text}", false), ("{a-b: Text}", false),
        ]
        for (type, valid) in table {
            let m = mappingWithTypeAnnotation(path: "body.email", type: "'\(type)'")
            let reported = m.diagnostics.contains { $0.diagnostic.code == "M0105" && $0.diagnostic.message.contains("must be a type") }
            XCTAssertEqual(reported, !valid, "\(type): \(m.diagnostics.map(\.diagnostic.message))")
        }
    }

    func testExpressionDiagnosticsPointIntoTheYAML() {
        let m = Mapping(
            path: "m.yaml",
            text: """
                version: 1
                name: n
                payload:
                  sample: {"body": {"name": "x"}}
                journey:
                  behavior: start
                  startParameters: |
                    {
                      who: payload.body.nmae,
                      s: session.start
                    }
                response:
                  status: 'IF(isValid, 200, "x" + 1)'
                """)
        let found = m.diagnostics.map { d -> String in
            let p = d.source.position(of: d.diagnostic.span.start)
            return "\(d.diagnostic.code) \(p.line):\(p.column)"
        }
        XCTAssertTrue(found.contains("W0401 9:25"), "\(found)")
        XCTAssertTrue(found.contains("E0307 10:10"), "\(found)")
        XCTAssertTrue(found.contains("E0305 13:33"), "\(found)")
    }

    /// W0422: start parameters under `lookup` are ignored, unless `onNoMatch: start` uses them.
    func testStartParametersUnderLookupWarnOnlyWithoutOnNoMatchStart() {
        func codes(_ onNoMatch: String) -> Set<String> {
            let m = Mapping(
                path: "m.yaml",
                text: """
                    version: 1
                    name: n
                    payload:
                      sample: {id: a}
                    journey:
                      behavior: lookup
                      onNoMatch: \(onNoMatch)
                      identifier: {type: text, expression: payload.id}
                      startParameters: '{id: payload.id}'
                    """)
            return Set(m.diagnostics.map(\.diagnostic.code.rawValue))
        }
        XCTAssertTrue(codes("no-match").contains("W0422"))
        XCTAssertFalse(codes("start").contains("W0422"))
    }

    /// serve's rules as `check` sees them: S0101 warns (an App API without a route), W0423 names
    /// a header the server owns, M0311 is for App API routes only.
    func testServeRulesAtCheckTime() {
        func codes(_ source: String, headers: String = "") -> [String] {
            let m = Mapping(
                path: "m.yaml",
                text: """
                    version: 1
                    name: n
                    \(source)
                    payload:
                      sample: {id: a}
                    journey:
                      behavior: start
                      identifier: {type: text, expression: payload.id}
                    response:
                      status: "200"
                    \(headers)
                    """)
            return m.diagnostics.map { "\($0.diagnostic.code) \($0.diagnostic.severity)" }
        }
        XCTAssertTrue(codes("source: {kind: app-api, method: POST}").contains("S0101 warning"))
        XCTAssertFalse(codes("").contains { $0.hasPrefix("S0101") }, "no source: not meant for serve")
        XCTAssertFalse(codes("source: {kind: app-api, route: /x}").contains { $0.hasPrefix("S0101") })
        XCTAssertTrue(codes("source: {kind: app-api, route: '/x/{id}'}").contains { $0.hasPrefix("M0311") })
        XCTAssertFalse(codes("source: {kind: subscription, route: '/x/{id}'}").contains { $0.hasPrefix("M0311") })
        let owned = codes("", headers: "  headers:\n    Content-Length: '\"3\"'\n    Airscript-Outcome: '\"x\"'\n    X-Mine: '\"y\"'")
        XCTAssertEqual(owned.filter { $0.hasPrefix("W0423") }.count, 2, "\(owned)")
    }

    func testCrossFieldRulesAndUserFunctions() {
        let m = Mapping(
            path: "m.yaml",
            text: """
                version: 1
                name: n
                journey:
                  behavior: abort
                  onNoMatch: start
                functions:
                  - name: LEADS#FULL
                    params:
                      - {name: first, type: Text}
                      - {name: last, type: Text}
                    returns: Number
                    body: 'CONCAT(first, " ", last)'
                """)
        let codes = Set(m.diagnostics.map(\.diagnostic.code.rawValue))
        XCTAssertTrue(codes.isSuperset(of: ["M0312", "M0313", "M0314", "W0420"]), "\(codes)")
        let ok = mapping(
            """
            version: 1
            name: u
            payload:
              sample: {"f": "Dana", "l": "Reyes"}
            journey:
              behavior: start
              startParameters: 'LEADS#FULL(payload.f, payload.l)'
            functions:
              - name: LEADS#FULL
                params: [{name: first, type: Text?}, {name: last, type: Text?}]
                returns: Text
                body: 'TRIM(CONCAT(first, " ", last))'
            """)
        XCTAssertEqual(try run(ok, "{\"f\": \"Ana\", \"l\": null}\n").first?.member("startParameters"), "Ana")
    }

    func testMappingPathsCannotLeaveTheMappingsFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mapping-paths-\(UUID().uuidString)")
        let inner = dir.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: inner.appendingPathComponent("payloads"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"ok": 1}"#.write(to: inner.appendingPathComponent("payloads/in.json"), atomically: true, encoding: .utf8)
        try #"{"secret": 1}"#.write(to: dir.appendingPathComponent("outside.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: inner.appendingPathComponent("link.json").path,
            withDestinationPath: dir.appendingPathComponent("outside.json").path)
        func load(_ sample: String) -> [String] {
            let path = inner.appendingPathComponent("m.yaml").path
            let m = Mapping(path: path, text: "version: 1\nname: p\npayload:\n  sample: \(sample)\njourney: {behavior: start}\n")
            return m.diagnostics.filter(\.diagnostic.isError).map(\.diagnostic.code.rawValue)
        }
        XCTAssertEqual(load("payloads/in.json"), [])
        XCTAssertEqual(load("payloads/../payloads/in.json"), [])
        XCTAssertEqual(load("../outside.json"), ["M0101"])
        XCTAssertEqual(load("link.json"), ["M0101"], "a symbolic link out of the folder")
        XCTAssertEqual(load("/etc/passwd.json"), ["M0101"])
    }

    // MARK: - The samples

    func testEverySampleMappingChecksAndMapsItsStream() throws {
        let expected: [String: [String]] = [
            "salesforce-lead": ["started", "started", "replaced", "error", "started", "started"],
            "zendesk-ticket": ["no-match", "no-match", "no-match", "no-match"],
            "stripe-invoice": ["multiple", "multiple", "invalid", "multiple"],
            "twilio-sms": ["started", "started", "started", "error", "started"],
            "app-api-signup": ["started", "invalid", "invalid", "started", "error"],
        ]
        for (name, outcomes) in expected {
            let m = try Mapping.load(path: Self.samples.appendingPathComponent("\(name).yaml").path)
            XCTAssertFalse(m.hasErrors, "\(name): \(m.diagnostics.map(\.diagnostic.message))")
            XCTAssertEqual(m.diagnostics.filter { $0.diagnostic.severity == .warning }.count, 0, "\(name) has warnings")
            let stream = try String(contentsOf: Self.samples.appendingPathComponent("streams/\(name).ndjson"), encoding: .utf8)
            var store = JourneyStore()
            let records = try run(
                m, stream, jobs: 2, store: &store,
                options: RunOptions(
                    now: Self.now, timeZone: m.definition.settings.timezone,
                    locale: m.definition.settings.locale, region: m.definition.settings.defaultRegion))
            XCTAssertEqual(self.outcomes(records), outcomes, name)
        }
        // With its state file, the Zendesk stream resumes the known tickets.
        let zendesk = try Mapping.load(path: Self.samples.appendingPathComponent("zendesk-ticket.yaml").path)
        var (store, _) = try JourneyStore.load(path: Self.samples.appendingPathComponent("state/zendesk-journeys.json").path)
        let stream = try String(contentsOf: Self.samples.appendingPathComponent("streams/zendesk-ticket.ndjson"), encoding: .utf8)
        XCTAssertEqual(outcomes(try run(zendesk, stream, store: &store)), ["resumed", "resumed", "no-match", "resumed"])
    }
}
