/// The one grammar for instants a user gives the tools: `--now`, the REPL's `:now`, the `now` field
/// of an envelope record. ISO 8601's calendar date with an optional time and offset, in the
/// extended form (with separators) or the basic form (without), not mixed:
///
///     instant  = date [ ("T" | "t" | " ") time ] [ offset ]
///     extended = YYYY-MM-DD  and  HH[:mm[:ss[(.|,)fraction]]]
///     basic    = YYYYMMDD    and  HH[mm[ss[(.|,)fraction]]]
///     offset   = Z | z | (+|-)HH[[:]mm]
///
/// A fraction has 1 to 9 digits and is truncated to milliseconds. Without an offset the wall clock
/// is read in the given zone (the context's or the mapping's). The date functions (PARSE_DATE…)
/// read dates as moment.js does, which is more lenient: that is their grammar, not this one.
package enum ISO8601Instant {
    /// Milliseconds since 1970 of `text`, or nil when it is not an instant of this grammar, names a
    /// day or time that does not exist, or its zone is unknown.
    public static func parse(_ text: String, zone: String) -> Double? {
        var scanner = Scanner(Array(text.utf8))
        guard let (wallClock, extended) = scanner.dateAndTime() else { return nil }
        if scanner.atEnd { return TimeZones.instant(ofLocal: wallClock, in: zone) }
        guard let offset = scanner.offset(extended: extended), scanner.atEnd else { return nil }
        return wallClock - offset
    }

    /// `2024-05-02T17:21:09Z`: the instant in UTC to the second, as FORMAT_DATETIME writes it by default.
    ///
    /// Years 1 to 9999 are written here, digit by digit, with the arithmetic of
    /// `DateTimeValue(wallClock:timeZone:)`: `serve` writes three of these a delivery (its access
    /// line, the journey's times, the event's), and the general path (a date-time value, its zone's
    /// offset looked up, strings padded and joined) took 7,600 instructions for each. Other years
    /// take the general path, which writes them as FORMAT_DATETIME does.
    public static func format(_ instant: Double) -> String {
        guard instant >= firstFastInstant && instant < endOfFastInstants else {
            return DateTimeValue(wallClock: instant, timeZone: "UTC").defaultFormatText
        }
        let f = CalendarMath.wallClockFields(instant)
        return String(unsafeUninitializedCapacity: 20) { text in
            func put(_ value: Int, width: Int, at start: Int) {
                var value = value
                for k in stride(from: start + width - 1, through: start, by: -1) {
                    text[k] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(f.year, width: 4, at: 0)
            text[4] = UInt8(ascii: "-")
            put(f.month, width: 2, at: 5)
            text[7] = UInt8(ascii: "-")
            put(f.day, width: 2, at: 8)
            text[10] = UInt8(ascii: "T")
            put(Int(f.hour), width: 2, at: 11)
            text[13] = UInt8(ascii: ":")
            put(Int(f.minute), width: 2, at: 14)
            text[16] = UInt8(ascii: ":")
            put(Int(f.second), width: 2, at: 17)
            text[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in milliseconds since 1970: the instants
    /// `format` writes by hand lie between.
    package static let firstFastInstant = -62_135_596_800_000.0
    package static let endOfFastInstants = 253_402_300_800_000.0

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { i == bytes.count }

        mutating func take(_ c: Unicode.Scalar) -> Bool {
            guard i < bytes.count, bytes[i] == UInt8(ascii: c) else { return false }
            i += 1
            return true
        }

        /// Exactly `n` ASCII digits, as a number.
        mutating func digits(_ n: Int) -> Int? {
            guard i + n <= bytes.count else { return nil }
            var value = 0
            for b in bytes[i..<(i + n)] {
                guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(b - UInt8(ascii: "0"))
            }
            i += n
            return value
        }

        /// The wall clock in milliseconds since 1970, and whether the extended form was used.
        mutating func dateAndTime() -> (Double, extended: Bool)? {
            guard let year = digits(4) else { return nil }
            let extended = take("-")
            guard let month = digits(2), !extended || take("-"), let day = digits(2),
                (1...12).contains(month), day >= 1, day <= CalendarMath.daysInMonth(year: year, month: month)
            else { return nil }
            var milliseconds = 0
            if take("T") || take("t") || take(" ") {
                guard let time = self.time(extended: extended) else { return nil }
                milliseconds = time
            }
            return (Double(CalendarMath.daysFromCivil(year: year, month: month, day: day)) * 86_400_000 + Double(milliseconds), extended)
        }

        /// `HH[:mm[:ss[.fraction]]]` (extended) or `HH[mm[ss[.fraction]]]` (basic), in milliseconds.
        mutating func time(extended: Bool) -> Int? {
            guard let hour = digits(2), hour < 24 else { return nil }
            var minute = 0, second = 0, fraction = 0
            if extended ? take(":") : startsWithDigit {
                guard let m = digits(2), m < 60 else { return nil }
                minute = m
                if extended ? take(":") : startsWithDigit {
                    guard let s = digits(2), s < 60 else { return nil }
                    second = s
                    if take(".") || take(",") {
                        guard let f = self.fraction() else { return nil }
                        fraction = f
                    }
                }
            }
            return hour * 3_600_000 + minute * 60_000 + second * 1000 + fraction
        }

        var startsWithDigit: Bool { i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }

        /// 1 to 9 digits of a fraction of a second, truncated to milliseconds.
        mutating func fraction() -> Int? {
            var count = 0, milliseconds = 0
            while startsWithDigit {
                if count < 3 { milliseconds = milliseconds * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
                count += 1
                i += 1
            }
            guard (1...9).contains(count) else { return nil }
            for _ in 0..<max(0, 3 - count) { milliseconds *= 10 }
            return milliseconds
        }

        /// `Z` or `±HH[[:]mm]`, in milliseconds east of UTC. The colon follows the form of the rest.
        mutating func offset(extended: Bool) -> Double? {
            if take("Z") || take("z") { return 0 }
            let sign: Double
            if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
            guard let hours = digits(2), hours < 24 else { return nil }
            var minutes = 0
            if atEnd { return sign * Double(hours * 3_600_000) }
            if extended { _ = take(":") }
            guard let m = digits(2), m < 60 else { return nil }
            minutes = m
            return sign * Double(hours * 3_600_000 + minutes * 60_000)
        }
    }
}
