import Airscript
import Foundation
import TestSupport
import XCTest

@testable import AirscriptMapping

/// The record call and its commit rule (mapping.md §3.7 revised): decide against the store, answer,
/// then keep the record's changes whole or not at all; slots as types, each with its own random stream.
final class RecordProcessorTests: XCTestCase {
    let options = RunOptions(now: MappingTests.now, timeZone: "UTC", locale: "en-US")

    func processor(_ yaml: String) throws -> RecordProcessor {
        let mapping = Mapping(path: "t.yaml", text: yaml)
        XCTAssertFalse(mapping.hasErrors, mapping.diagnostics.map { "\($0.diagnostic.code) \($0.diagnostic.message)" }.joined(separator: "; "))
        return try RecordProcessor(mapping: mapping, options: options)
    }

    func record(_ json: String, position: Int = 0) throws -> InputRecord {
        var record = InputRecord(file: "in", line: position + 1, position: position)
        record.payload = try JSONReader.read(json)
        return record
    }

    /// A response that fails commits nothing: the next delivery for the same identifier finds no
    /// journey, and the failed record names none.
    func testAFailingResponseCommitsNothing() throws {
        let p = try processor(
            """
            version: 1
            name: t
            journey:
              behavior: replace
              identifier: {type: text, expression: payload.id}
            response:
              body: '{ratio: 10 / payload.n, journey: metadata.journey_id}'
            """)
        var store = JourneyStore()
        let failed = p.process(try record(#"{"id": "a", "n": 0}"#), store: &store)
        XCTAssertEqual(failed.member("outcome"), "error")
        XCTAssertEqual(failed.member("journeyId"), .null, "nothing was committed, so no journey is named")
        XCTAssertEqual(failed.member("response"), .null)
        XCTAssertEqual(store.journeys.count, 0)
        XCTAssertEqual(store.sequence, 0, "the journey-id sequence is taken back too")
        let next = p.process(try record(#"{"id": "a", "n": 2}"#, position: 1), store: &store)
        XCTAssertEqual(next.member("outcome"), "started", "the failed record left no journey to replace")
        XCTAssertEqual(next.member("response").member("body").member("ratio"), 5)
        let third = p.process(try record(#"{"id": "a", "n": 0}"#, position: 2), store: &store)
        XCTAssertEqual(third.member("outcome"), "error")
        XCTAssertEqual(store.journeys.map(\.active), [true], "the replacement was taken back: the journey is still active")
        XCTAssertEqual(store.journeys[0].events, 1)
    }

    /// In multiple-journeys mode the elements commit together: one that fails takes back the
    /// elements before it.
    func testMultipleJourneysCommitTogether() throws {
        let p = try processor(
            """
            version: 1
            name: t
            journey:
              behavior: start
              multiple: payload.people
              identifier: {type: phone, expression: item.phone}
            """)
        var store = JourneyStore()
        let failed = p.process(
            try record(#"{"people": [{"phone": "+14155550132"}, {"phone": "+14155550133"}, {"phone": "not a phone"}]}"#),
            store: &store)
        XCTAssertEqual(failed.member("outcome"), "error")
        XCTAssertEqual(store.journeys.count, 0, "the two journeys before the failing element were taken back")
        guard case .list(let journeys) = failed.member("journeys") else { return XCTFail("no journeys") }
        XCTAssertEqual(journeys.map { $0.member("journeyId") }, [.null, .null, .null])
        XCTAssertEqual(journeys.map { $0.member("outcome") }, [.null, .null, "error"], "the elements before were not mapped in the end")
        guard case .list(let diagnostics) = failed.member("diagnostics"), let first = diagnostics.first else { return XCTFail("no diagnostic") }
        XCTAssertEqual(first.member("element"), 2, "the diagnostic names the failing element")
        XCTAssertEqual(first.member("code"), "M0304")
        let ok = p.process(try record(#"{"people": [{"phone": "+14155550132"}, {"phone": "+14155550133"}]}"#, position: 1), store: &store)
        XCTAssertEqual(ok.member("outcome"), "multiple")
        XCTAssertEqual(store.journeys.count, 2)
    }

    /// The record call gives what a batch run gives, record for record.
    func testProcessIsTheBatchRunOneRecordAtATime() throws {
        let mapping = try Mapping.load(path: Repository.samples.appendingPathComponent("app-api-signup.yaml").path)
        let p = try RecordProcessor(mapping: mapping, options: options)
        let stream = try String(contentsOf: Repository.samples.appendingPathComponent("streams/app-api-signup.ndjson"), encoding: .utf8)
        var store = JourneyStore()
        var one: [String] = []
        for (k, line) in stream.split(separator: "\n").enumerated() {
            let record = InputRecord.parse(Array(line.utf8)[...], format: mapping.definition.inputFormat, file: "s", line: k + 1, position: k)
            one.append(JSONWriter.write(p.process(record, store: &store)))
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-\(UUID().uuidString).ndjson")
        try Data(stream.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var batchStore = JourneyStore()
        var batch: [String] = []
        _ = BatchRunner(processor: p, jobs: 2).run(
            [.init(name: "s", handle: try FileHandle(forReadingFrom: url))], store: &batchStore,
            emit: { _, line in batch.append(String(decoding: line.dropLast(), as: UTF8.self)) })
        XCTAssertEqual(one, batch)
        XCTAssertFalse(one.isEmpty)
    }

    /// A mapping with errors cannot be run: the processor refuses it.
    func testAMappingWithErrorsCannotBeRun() {
        let mapping = Mapping(path: "t.yaml", text: "version: 1\nname: t\nresponse:\n  body: 'foo'\n")
        XCTAssertTrue(mapping.hasErrors)
        XCTAssertThrowsError(try RecordProcessor(mapping: mapping, options: options)) { error in
            XCTAssertTrue("\(error)".contains("cannot be run"), "\(error)")
        }
    }

    /// Every slot draws from its own stream: UUID() in many headers, the body and the start
    /// parameters gives a different value everywhere (three headers and a body shared one before).
    func testEverySlotHasARandomStreamOfItsOwn() throws {
        let headers = (0..<12).map { "    - {name: '\"h\($0)\"', value: 'UUID()'}" }.joined(separator: "\n")
        let p = try processor(
            """
            version: 1
            name: t
            validation:
              inputs: {a: 'UUID()', b: 'UUID()', c: 'UUID()'}
              expression: 'TRUE'
            journey:
              behavior: start
              startParameters: '{s: UUID()}'
              eventPayload: '{e: UUID()}'
            response:
              status: 'IF(UUID() = "", 500, 200)'
              headers:
            \(headers)
              body: 'UUID()'
            """)
        var store = JourneyStore()
        let output = p.process(try record("{}"), store: &store)
        var uuids: [Value] = []
        guard case .object(let response) = output.member("response"), case .object(let headerValues)? = response["headers"] else {
            return XCTFail("\(JSONWriter.write(output))")
        }
        uuids += headerValues.map(\.value)
        uuids.append(output.member("response").member("body"))
        uuids.append(output.member("startParameters").member("s"))
        uuids.append(output.member("eventPayload").member("e"))
        if case .object(let inputs) = output.member("validationInputs") { uuids += inputs.map(\.value) }
        XCTAssertEqual(uuids.count, 18)
        XCTAssertEqual(Set(uuids.map { JSONWriter.write($0) }).count, uuids.count, "\(uuids.map { JSONWriter.write($0) })")
        // The streams themselves: distinct for every slot and element.
        let slots: [Slot] =
            [.validation, .multiple, .identifier, .startParameters, .eventPayload, .status, .body, .function(name: "F")]
            + (0..<40).flatMap { [Slot.validationInput(position: $0, name: "x"), .headerName(position: $0), .headerValue(position: $0, name: nil)] }
        var streams: Set<UInt64> = []
        for slot in slots {
            for element in [nil, 0, 1, 2, 1000, Int(UInt32.max) - 1] { streams.insert(slot.stream(element: element)) }
        }
        XCTAssertEqual(streams.count, slots.count * 6)
    }

    /// A slot is named by its type, whatever the file is called.
    func testDiagnosticsNameTheirSlot() throws {
        let p = try processor(
            """
            version: 1
            name: t
            journey: {behavior: start}
            response:
              headers:
                - {name: '"a"', value: '"x"'}
                - {name: '"b"', value: 'payload.l'}
            """)
        var store = JourneyStore()
        // Without a sample `payload.l` may be anything: the record finds out.
        let output = p.process(try record(#"{"l": [1]}"#), store: &store)
        XCTAssertEqual(
            output.member("diagnostics"),
            [
                [
                    "severity": "error", "code": "M0309", "message": "header `b` value must be Text, got List",
                    "slot": "response.headers[1].value",
                ]
            ])
    }

    /// A lookup whose event payload fails names no journey: nothing was delivered (§6.2).
    func testAFailedLookupHasNoJourneyId() throws {
        let starter = try processor(
            """
            version: 1
            name: t
            journey:
              behavior: start
              identifier: {type: text, expression: payload.id}
            """)
        let looker = try processor(
            """
            version: 1
            name: t
            journey:
              behavior: lookup
              identifier: {type: text, expression: payload.id}
              eventPayload: '{ratio: 1 / payload.n}'
            """)
        var store = JourneyStore()
        XCTAssertEqual(starter.process(try record(#"{"id": "a"}"#), store: &store).member("outcome"), "started")
        let failed = looker.process(try record(#"{"id": "a", "n": 0}"#, position: 1), store: &store)
        XCTAssertEqual(failed.member("outcome"), "error")
        XCTAssertEqual(failed.member("journeyId"), .null)
        XCTAssertEqual(store.journeys[0].events, 1, "no event was delivered")
        let resumed = looker.process(try record(#"{"id": "a", "n": 4}"#, position: 2), store: &store)
        XCTAssertEqual(resumed.member("outcome"), "resumed")
        XCTAssertEqual(resumed.member("journeyId"), .text(store.journeys[0].id))
    }
}
