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

    func testFormatWritesUTCToTheSecond() {
        let table: [(instant: Double, text: String)] = [
            (0, "1970-01-01T00:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (-0.6, "1969-12-31T23:59:59Z"),
            (999.4, "1970-01-01T00:00:00Z"),
            (999.9, "1970-01-01T00:00:01Z"),
            // A fraction of a millisecond that rounds up into the next second: that second (the
            // date-time value made a millisecond of 1000, an invalid time, and wrote no `Z`: about
            // one delivery in 2,000 of `serve`, whose instants are the clock's, with fractions).
            (1_714_670_469_999.5, "2024-05-02T17:21:10Z"),
            (1_714_670_469_999.4, "2024-05-02T17:21:09Z"),
            (1_714_670_469_250, "2024-05-02T17:21:09Z"),
            (1_709_251_199_000, "2024-02-29T23:59:59Z"),
            (ISO8601Instant.firstFastInstant, "0001-01-01T00:00:00Z"),
            (ISO8601Instant.endOfFastInstants - 1, "9999-12-31T23:59:59Z"),
            // Outside the years written by hand: the general path, as FORMAT_DATETIME writes them.
            (ISO8601Instant.endOfFastInstants, "10000-01-01T00:00:00Z"),
            (ISO8601Instant.firstFastInstant - 1000, "0000-12-31T23:59:59Z"),
        ]
        for (instant, text) in table {
            XCTAssertEqual(ISO8601Instant.format(instant), text, "\(instant)")
        }
    }

    /// The hand-written path against the general one it stands in for, over instants of every year
    /// it covers, whole and fractional milliseconds, and the days' and years' edges.
    func testFormatAgreesWithTheGeneralPath() {
        var generator = SeededGenerator(seed: 8601)
        var instants: [Double] = [ISO8601Instant.firstFastInstant, ISO8601Instant.endOfFastInstants - 0.001]
        for _ in 0..<20_000 {
            let instant = Double.random(in: ISO8601Instant.firstFastInstant..<ISO8601Instant.endOfFastInstants, using: &generator)
            instants += [instant, instant.rounded(.down), (instant / 86_400_000).rounded(.down) * 86_400_000 - 1]
        }
        for instant in instants {
            XCTAssertEqual(
                ISO8601Instant.format(instant), DateTimeValue(wallClock: instant, timeZone: "UTC").defaultFormatText, "\(instant)")
        }
    }
}
