import Airscript
import XCTest

/// The one instant grammar of `--now`, `:now` and envelope `now` fields (Values/ISO8601Instant).
final class ISO8601InstantTests: XCTestCase {
    func testTheGrammarTable() {
        let may2 = 1_714_608_000_000.0  // 2024-05-02T00:00:00Z
        let hour = 3_600_000.0, minute = 60_000.0, second = 1000.0
        let table: [(text: String, zone: String, expected: Double?)] = [
            // The extended form, each precision.
            ("2024-05-02", "UTC", may2),
            ("2024-05-02T17", "UTC", may2 + 17 * hour),
            ("2024-05-02T17:21", "UTC", may2 + 17 * hour + 21 * minute),
            ("2024-05-02T17:21:09", "UTC", may2 + 17 * hour + 21 * minute + 9 * second),
            ("2024-05-02T17:21:09.5Z", "UTC", may2 + 17 * hour + 21 * minute + 9.5 * second),
            ("2024-05-02 17:21:09,25Z", "UTC", may2 + 17 * hour + 21 * minute + 9.25 * second),
            ("2024-05-02t17:21:09.123456789z", "UTC", may2 + 17 * hour + 21 * minute + 9.123 * second),
            // The basic form.
            ("20240502", "UTC", may2),
            ("20240502T1721", "UTC", may2 + 17 * hour + 21 * minute),
            ("20240502T172109Z", "UTC", may2 + 17 * hour + 21 * minute + 9 * second),
            ("20240502T172109+0200", "UTC", may2 + 15 * hour + 21 * minute + 9 * second),
            // Offsets.
            ("2024-05-02T17:21+02:00", "UTC", may2 + 15 * hour + 21 * minute),
            ("2024-05-02T17:21+0200", "UTC", may2 + 15 * hour + 21 * minute),
            ("2024-05-02T17:21-01:30", "UTC", may2 + 18 * hour + 51 * minute),
            ("2024-05-02T17:21+02", "UTC", may2 + 15 * hour + 21 * minute),
            // Without an offset: the wall clock in the given zone (New York is UTC-4 in May).
            ("2024-05-02T17:21", "America/New_York", may2 + 21 * hour + 21 * minute),
            ("2024-05-02", "Asia/Tokyo", may2 - 9 * hour),
            // Leap days.
            ("2024-02-29T23:59:59Z", "UTC", 1_709_251_199_000),
            // Refused: days and times that do not exist.
            ("2024-02-30", "UTC", nil), ("2023-02-29", "UTC", nil), ("2024-13-01", "UTC", nil), ("2024-00-10", "UTC", nil),
            ("2024-05-02T24:00", "UTC", nil), ("2024-05-02T17:60", "UTC", nil), ("2024-05-02T17:21:60", "UTC", nil),
            ("2024-05-02T17:21+24:00", "UTC", nil), ("2024-05-02T17:21+02:60", "UTC", nil),
            // Refused: malformed.
            ("", "UTC", nil), ("2024", "UTC", nil), ("2024-05", "UTC", nil), ("24-05-02", "UTC", nil), ("2024-5-2", "UTC", nil),
            ("2024-05-02T", "UTC", nil), ("2024-05-02T1", "UTC", nil), ("2024-05-02T17:21:09.", "UTC", nil),
            ("2024-05-02T17:21:09.1234567890Z", "UTC", nil), ("2024-05-02T17:21:09+2", "UTC", nil),
            ("2024-05-02Z ", "UTC", nil), (" 2024-05-02", "UTC", nil), ("2024-05-02\n", "UTC", nil),
            ("２０２４-05-02", "UTC", nil), ("garbage", "UTC", nil),
            // Refused: the forms mixed.
            ("2024-05-02T1721", "UTC", nil), ("20240502T17:21", "UTC", nil), ("2024-0502", "UTC", nil),
            // Refused: an unknown zone for a wall clock.
            ("2024-05-02T17:21", "Mars/Olympus", nil),
        ]
        for (text, zone, expected) in table {
            XCTAssertEqual(ISO8601Instant.parse(text, zone: zone), expected, "\(text) in \(zone)")
        }
    }

    /// The format is FORMAT_DATETIME's default, to the second: it reads back as the instant's second.
    func testFormatReadsBackToTheSecond() {
        for instant in [0.0, 1_714_670_469_123, -86_400_000, 253_402_300_799_999] {
            let second = (instant / 1000).rounded(.down) * 1000
            XCTAssertEqual(ISO8601Instant.parse(ISO8601Instant.format(instant), zone: "Asia/Tokyo"), second, "\(instant)")
        }
    }
}
