import Airscript
import Foundation
import TestSupport
import XCTest

@testable import AirscriptMapping

/// What an input line says about itself (first-week findings 5 and 16): integers that lost
/// precision, and envelope fields that are wrong, are reported in the record, never dropped.
final class InputRecordTests: XCTestCase {
    func parse(_ line: String, format: MappingDefinition.InputFormat = .envelope, zone: String = "UTC") -> InputRecord {
        InputRecord.parse(Array(line.utf8)[...], format: format, file: "in", line: 1, position: 0, zone: zone)
    }

    func testEnvelopeFieldsAreCheckedNotDropped() {
        let table: [(line: String, code: String?, id: String?)] = [
            (#"{"payload": {}, "id": "r1", "now": "2024-05-02T17:21:09Z"}"#, nil, "r1"),
            (#"{"payload": {}, "id": null, "now": null}"#, nil, nil),
            (#"{"payload": {}, "now": "garbage", "id": "r2"}"#, "M0203", "r2"),
            (#"{"payload": {}, "now": 1714670469000, "id": "r3"}"#, "M0203", "r3"),
            (#"{"payload": {}, "id": 7}"#, "M0203", nil),
            (#"{"id": "r4"}"#, "M0202", "r4"),
            (#"[1, 2]"#, "M0202", nil),
        ]
        for (line, code, id) in table {
            let record = parse(line)
            XCTAssertEqual(record.inputError?.code.rawValue, code, line)
            XCTAssertEqual(record.id, id, line)
        }
    }

    /// An envelope `now` without an offset is the run's zone's wall clock, as `--now` is.
    func testEnvelopeNowWithoutAnOffsetIsInTheRunsZone() {
        XCTAssertEqual(parse(#"{"payload": {}, "now": "2024-05-02T17:21"}"#, zone: "America/New_York").now, 1_714_684_860_000)
        XCTAssertEqual(parse(#"{"payload": {}, "now": "2024-05-02T17:21Z"}"#, zone: "America/New_York").now, 1_714_670_460_000)
        XCTAssertEqual(parse(#"{"payload": {}, "now": "20240502T172100-0400"}"#).now, 1_714_684_860_000)
    }

    /// W0418 reaches the output record of `map`, as `eval` and `check` report it.
    func testImpreciseIntegersAreReportedInTheRecord() throws {
        let mapping = Mapping(
            path: "t.yaml",
            text: """
                version: 1
                name: t
                journey:
                  behavior: start
                  identifier: {type: text, expression: '"{{payload.id}}"'}
                """)
        XCTAssertFalse(mapping.hasErrors)
        let processor = try RecordProcessor(mapping: mapping, options: RunOptions(now: 0, timeZone: "UTC", locale: "en-US"))
        var store = JourneyStore()
        let line = #"{"id": 12345678901234567890, "small": 12}"#
        let record = InputRecord.parse(Array(line.utf8)[...], format: .payload, file: "in", line: 1, position: 0)
        let output = processor.process(record, store: &store)
        XCTAssertEqual(
            output.member("diagnostics"),
            [
                [
                    "severity": "warning", "code": "W0418",
                    "message": "integer 12345678901234567890 exceeds 2^53 and lost precision; consider a string",
                ]
            ])
        XCTAssertEqual(output.member("outcome"), "started")
    }
}
