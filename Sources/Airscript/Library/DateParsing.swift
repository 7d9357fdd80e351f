import Foundation

/// What a date text said, before missing parts are filled in (functions.md §9.5).
package struct ParsedMoment {
    package var year: Int?
    var month: Int?
    var day: Int?
    var hour: Int?
    var minute: Int?
    var second: Int?
    var millisecond: Int?
    var isPM: Bool?
    var offsetSeconds: Int?
    var timestamp: Double?
    var weekday: Int?
    var dayOfYear: Int?

    package enum Failure: Error {
        /// The text does not match (R0509), with the reason.
        case mismatch(String)
        /// A field is out of range (R0510).
        case invalid(String)
        /// The format cannot be parsed with (R0513).
        case unsupported(String)
    }

    /// Fills in missing parts as moment does and builds the DateTime in `zone`.
    func resolve(zone: String, now: Double, locale: DateLocale) throws(Failure) -> DateTimeValue {
        let instant = try resolveInstant(zone: zone, now: now, locale: locale)
        guard let result = DateTimeValue.at(instant: instant, in: zone) else { throw .invalid("out of range") }
        return result
    }

    /// The instant the text names: a written offset fixes it, else it is wall-clock time in `zone`.
    package func resolveInstant(zone: String, now: Double, locale: DateLocale) throws(Failure) -> Double {
        if let timestamp {
            guard abs(timestamp) <= 8.64e15 else { throw .invalid("the timestamp is out of range") }
            return timestamp
        }
        let today = DateTimeValue.at(instant: now, in: zone) ?? DateTimeValue(wallClock: now, timeZone: zone)
        var y = year, m = month, d = day
        if let doy = dayOfYear, m == nil, d == nil {
            let start = CalendarMath.daysFromCivil(year: y ?? Int(today.date.year), month: 1, day: 1)
            let c = CalendarMath.civilFromDays(start + doy - 1)
            (y, m, d) = (c.year, c.month, c.day)
        }
        // Default from today down to the first part given; below it, the minimum.
        let given = [y, m, d]
        let current = [Int(today.date.year), Int(today.date.month), Int(today.date.day)]
        var parts = [0, 0, 0]
        var i = 0
        while i < 3 && given[i] == nil {
            parts[i] = current[i]
            i += 1
        }
        while i < 3 {
            parts[i] = given[i] ?? 1
            i += 1
        }
        if let weekday, y == nil, m == nil, d == nil {
            // The weekday selects that day of the current week (the locale's week).
            let todayNumber = CalendarMath.daysFromCivil(year: parts[0], month: parts[1], day: parts[2])
            let todayWeekday = CalendarMath.weekday(daysSinceEpoch: todayNumber)
            let shift = (weekday - locale.firstWeekday + 7) % 7 - (todayWeekday - locale.firstWeekday + 7) % 7
            let c = CalendarMath.civilFromDays(todayNumber + shift)
            parts = [c.year, c.month, c.day]
        }
        guard (1...12).contains(parts[1]) else { throw .invalid("month \(parts[1]) is not 1 to 12") }
        guard (1...CalendarMath.daysInMonth(year: parts[0], month: parts[1])).contains(parts[2]) else {
            throw .invalid("day \(parts[2]) does not exist in \(parts[0])-\(parts[1])")
        }
        if let weekday, y != nil || m != nil || d != nil {
            let actual = CalendarMath.weekday(daysSinceEpoch: CalendarMath.daysFromCivil(year: parts[0], month: parts[1], day: parts[2]))
            if actual != weekday { throw .mismatch("the weekday does not match the date") }
        }
        var h = hour ?? 0
        if let isPM {
            guard (0...12).contains(h) else { throw .invalid("hour \(h) with AM/PM") }
            if isPM && h < 12 { h += 12 }
            if !isPM && h == 12 { h = 0 }
        }
        // moment accepts 24:00:00.000 as the end of the day.
        var extraDay = 0
        if h == 24 && (minute ?? 0) == 0 && (second ?? 0) == 0 && (millisecond ?? 0) == 0 {
            h = 0
            extraDay = 1
        }
        guard (0...23).contains(h) else { throw .invalid("hour \(h) is not 0 to 23") }
        guard (0...59).contains(minute ?? 0) else { throw .invalid("minute \(minute!) is not 0 to 59") }
        guard (0...59).contains(second ?? 0) else { throw .invalid("second \(second!) is not 0 to 59") }
        let days = CalendarMath.daysFromCivil(year: parts[0], month: parts[1], day: parts[2]) + extraDay
        let local =
            Double(days) * 86_400_000
            + Double(
                h * 3_600_000 + (minute ?? 0) * 60_000 + (second ?? 0) * 1000
                    + (millisecond ?? 0))
        if let offsetSeconds { return local - Double(offsetSeconds) * 1000 }
        guard let instant = TimeZones.instant(ofLocal: local, in: zone) else { throw .invalid("unknown time zone") }
        return instant
    }
}

/// The forgiving, deterministic parser of `*_FROM_FORMAT` (functions.md §9.5).
package enum DateParsing {
    /// Parses ISO 8601 / RFC 3339 text (the default when no format is given).
    package static func parseISO(_ text: String, timeOnly: Bool = false) throws(ParsedMoment.Failure) -> ParsedMoment {
        var trimmed = Substring(text)
        while trimmed.first == " " { trimmed.removeFirst() }
        while trimmed.last == " " { trimmed.removeLast() }
        guard let fields = ISODateScanner.scan(trimmed, timeOnly: timeOnly) else {
            throw .mismatch("expected an ISO 8601 date-time such as 2007-01-09T09:41:00Z")
        }
        func number(_ field: Substring.UTF8View?) -> Int? { field.flatMap { Int(Substring($0)) } }
        var p = ParsedMoment()
        p.year = number(fields.year)
        p.month = number(fields.month)
        p.day = number(fields.day)
        p.hour = number(fields.hour)
        p.minute = number(fields.minute)
        p.second = number(fields.second)
        p.millisecond = fields.fraction.map { fraction(String(Substring($0))) }
        if let zone = fields.zone { p.offsetSeconds = try offset(String(Substring(zone))) }
        // An hour without minutes means zero minutes.
        if p.hour != nil { p.minute = p.minute ?? 0 }
        return p
    }

    /// Milliseconds of a decimal fraction, truncated.
    static func fraction(_ digits: String) -> Int {
        Int((digits + "000").prefix(3)) ?? 0
    }

    static func offset(_ z: String) throws(ParsedMoment.Failure) -> Int {
        if z == "Z" || z == "z" { return 0 }
        let sign = z.hasPrefix("-") ? -1 : 1
        let digits = z.dropFirst().filter(\.isNumber)
        guard digits.count == 2 || digits.count == 4 else { throw .mismatch("invalid offset \(z)") }
        let h = Int(digits.prefix(2))!, m = digits.count == 4 ? Int(digits.suffix(2))! : 0
        guard h <= 23, m <= 59 else { throw .invalid("offset \(z) is out of range") }
        return sign * (h * 3600 + m * 60)
    }

    /// Parses `text` with a moment format.
    package static func parse(_ text: String, format: String, locale: DateLocale) throws(ParsedMoment.Failure) -> ParsedMoment {
        var p = ParsedMoment()
        let input = Array(text)
        var i = 0
        func isDigit(_ k: Int) -> Bool { k < input.count && input[k].isASCII && input[k].isNumber }
        func digits(max: Int, min: Int = 1) throws(ParsedMoment.Failure) -> String {
            var s = ""
            while s.count < max && isDigit(i) {
                s.append(input[i])
                i += 1
            }
            guard s.count >= min else { throw .mismatch("expected a number at position \(i + 1)") }
            return s
        }
        func signedDigits(max: Int) throws(ParsedMoment.Failure) -> Int {
            var sign = 1
            if i < input.count && (input[i] == "-" || input[i] == "+") {
                sign = input[i] == "-" ? -1 : 1
                i += 1
            }
            return sign * Int(try digits(max: max))!
        }
        func name(_ candidates: [[String]]) throws(ParsedMoment.Failure) -> Int {
            // The longest name, of any form, that the input starts with (case-insensitive).
            var best: (length: Int, index: Int)? = nil
            let rest = String(input[i...]).lowercased()
            for list in candidates {
                for (index, n) in list.enumerated() where !n.isEmpty {
                    let lowered = n.lowercased()
                    let bare = lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
                    for form in [lowered, bare] where rest.hasPrefix(form) && form.count > (best?.length ?? 0) {
                        best = (form.count, index)
                    }
                }
            }
            guard let best else { throw .mismatch("expected a name at position \(i + 1)") }
            i += best.length
            return best.index
        }
        let pieces = DateFormatting.pieces(DateFormatting.expandLongFormats(format, locale))
        for piece in pieces {
            if i >= input.count { break }  // format tokens left over are ignored
            switch piece {
            case .literal(let lit):
                for ch in lit {
                    if i >= input.count { break }
                    if ch.isWhitespace {
                        guard input[i].isWhitespace else {
                            // Whitespace in the format matches one or more in the input, or none at a token boundary.
                            continue
                        }
                        while i < input.count && input[i].isWhitespace { i += 1 }
                        continue
                    }
                    guard input[i] == ch else {
                        throw .mismatch("expected \"\(ch)\" at position \(i + 1), found \"\(input[i])\"")
                    }
                    i += 1
                }
            case .token(let t):
                switch t {
                case "YYYY":
                    let start = i
                    let negative = i < input.count && input[i] == "-"
                    if negative || (i < input.count && input[i] == "+") { i += 1 }
                    let d = try digits(max: 4)
                    p.year = d.count == 2 && !negative && i - start == 2 ? twoDigitYear(Int(d)!) : (negative ? -1 : 1) * Int(d)!
                case "YYYYY", "YYYYYY", "Y": p.year = try signedDigits(max: t == "Y" ? 9 : t.count)
                case "YY", "gg", "GG": p.year = twoDigitYear(Int(try digits(max: 2))!)
                case "gggg", "GGGG", "ggggg", "GGGGG": _ = try digits(max: t.count)
                case "Q": p.month = (Int(try digits(max: 1))! - 1) * 3 + 1
                case "M", "MM": p.month = Int(try digits(max: 2))!
                case "Mo":
                    p.month = Int(try digits(max: 2))!
                    skipOrdinalSuffix(input, &i)
                case "MMM", "MMMM": p.month = try name([locale.months, locale.monthsShort]) + 1
                case "D", "DD": p.day = Int(try digits(max: 2))!
                case "Do":
                    p.day = Int(try digits(max: 2))!
                    skipOrdinalSuffix(input, &i)
                case "DDD", "DDDD": p.dayOfYear = Int(try digits(max: 3))!
                case "DDDo":
                    p.dayOfYear = Int(try digits(max: 3))!
                    skipOrdinalSuffix(input, &i)
                case "d", "e": p.weekday = Int(try digits(max: 1))! % 7
                case "E": p.weekday = Int(try digits(max: 1))! % 7
                case "do":
                    p.weekday = Int(try digits(max: 1))! % 7
                    skipOrdinalSuffix(input, &i)
                case "dd", "ddd", "dddd": p.weekday = try name([locale.weekdays, locale.weekdaysShort, locale.weekdaysMin])
                case "w", "ww", "W", "WW": _ = try digits(max: 2)
                case "wo", "Wo":
                    _ = try digits(max: 2)
                    skipOrdinalSuffix(input, &i)
                case "H", "HH", "h", "hh", "k", "kk": p.hour = Int(try digits(max: 2))!
                case "m", "mm": p.minute = Int(try digits(max: 2))!
                case "s", "ss": p.second = Int(try digits(max: 2))!
                case "hmm", "Hmm", "hmmss", "Hmmss":
                    let d = try digits(max: t.count == 3 ? 4 : 6, min: t.count == 3 ? 3 : 5)
                    let chars = Array(d)
                    if t.count == 3 {
                        p.hour = Int(String(chars[..<(chars.count - 2)]))!
                        p.minute = Int(String(chars[(chars.count - 2)...]))!
                    } else {
                        p.hour = Int(String(chars[..<(chars.count - 4)]))!
                        p.minute = Int(String(chars[(chars.count - 4)..<(chars.count - 2)]))!
                        p.second = Int(String(chars[(chars.count - 2)...]))!
                    }
                case "a", "A":
                    guard i < input.count, "aApP".contains(input[i]) else {
                        throw .mismatch("expected AM or PM at position \(i + 1)")
                    }
                    p.isPM = input[i].lowercased() == "p"
                    i += 1
                    if i < input.count && input[i] == "." { i += 1 }
                    if i < input.count && input[i].lowercased() == "m" { i += 1 }
                    if i < input.count && input[i] == "." { i += 1 }
                case "Z", "ZZ":
                    if i < input.count && (input[i] == "Z" || input[i] == "z") {
                        i += 1
                        p.offsetSeconds = 0
                    } else {
                        guard i < input.count, input[i] == "+" || input[i] == "-" else {
                            throw .mismatch("expected an offset at position \(i + 1)")
                        }
                        var z = String(input[i])
                        i += 1
                        z += try digits(max: 2, min: 2)
                        if i < input.count && input[i] == ":" { i += 1 }
                        if isDigit(i) { z += try digits(max: 2, min: 2) }
                        p.offsetSeconds = try offset(z)
                    }
                case "z", "zz":
                    throw .unsupported("time-zone abbreviations (`z`) cannot be parsed")
                case "X", "x":
                    var s = ""
                    if i < input.count && (input[i] == "-" || input[i] == "+") {
                        s.append(input[i])
                        i += 1
                    }
                    s += try digits(max: 20)
                    if t == "X" && i < input.count && input[i] == "." && isDigit(i + 1) {
                        i += 1
                        s += "." + (try digits(max: 3))
                    }
                    let v = Double(s)!
                    p.timestamp = t == "X" ? (v * 1000).rounded(.toNearestOrAwayFromZero) : v
                case "N", "NN", "NNN", "NNNN", "NNNNN":
                    _ = try name([["AD", "BC"], ["Anno Domini", "Before Christ"]])
                case "y", "yy", "yyy", "yyyy", "yo": p.year = Int(try digits(max: 4))!
                default:
                    if t.allSatisfy({ $0 == "S" }) {
                        p.millisecond = fraction(try digits(max: 9))
                    } else {
                        throw .unsupported("the token `\(t)` cannot be parsed")
                    }
                }
            }
        }
        guard i >= input.count else {
            throw .mismatch("unexpected \"\(String(input[i...]))\" at position \(i + 1)")
        }
        return p
    }

    /// `YY`: 00–68 ⇒ 2000–2068, 69–99 ⇒ 1969–1999.
    static func twoDigitYear(_ n: Int) -> Int { n + (n > 68 ? 1900 : 2000) }

    private static func skipOrdinalSuffix(_ input: [Character], _ i: inout Int) {
        while i < input.count && (input[i].isLetter || input[i] == "." || input[i] == "º") { i += 1 }
    }
}
