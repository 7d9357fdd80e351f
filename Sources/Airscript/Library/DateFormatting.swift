/// The fields a format token reads: a wall-clock date and time, its offset and zone, its instant.
struct MomentFields {
    var year: Int
    var month: Int  // 1…12
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var millisecond: Int
    var offsetSeconds: Int
    var zone: String
    var instant: Double

    init(date: DateValue, time: TimeValue, zone: String = "UTC", offsetSeconds: Int = 0, instant: Double? = nil) {
        year = Int(date.year)
        month = Int(date.month)
        day = Int(date.day)
        hour = Int(time.hour)
        minute = Int(time.minute)
        second = Int(time.second)
        millisecond = Int(time.millisecond)
        self.zone = zone
        self.offsetSeconds = offsetSeconds
        let local =
            Double(CalendarMath.daysFromCivil(year: year, month: month, day: day)) * 86_400_000
            + CalendarRules.milliseconds(of: time)
        self.instant = instant ?? local - Double(offsetSeconds) * 1000
    }

    var dayNumber: Int { CalendarMath.daysFromCivil(year: year, month: month, day: day) }
    var weekday: Int { CalendarMath.weekday(daysSinceEpoch: dayNumber) }
    var dayOfYear: Int { dayNumber - CalendarMath.daysFromCivil(year: year, month: 1, day: 1) + 1 }

    /// moment's week-of-year for a week starting on `dow` whose week 1 contains January `7 + dow - doy`.
    func week(dow: Int, doy: Int) -> (week: Int, year: Int) {
        func firstWeekOffset(_ y: Int) -> Int {
            let fwd = 7 + dow - doy
            let fwdWeekday = CalendarMath.weekday(daysSinceEpoch: CalendarMath.daysFromCivil(year: y, month: 1, day: fwd))
            let fwdlw = (7 + fwdWeekday - dow) % 7
            return -fwdlw + fwd - 1
        }
        func weeksInYear(_ y: Int) -> Int {
            let days = CalendarMath.isLeapYear(y) ? 366 : 365
            return (days - firstWeekOffset(y) + firstWeekOffset(y + 1)) / 7
        }
        let offset = firstWeekOffset(year)
        let w = Int((Double(dayOfYear - offset - 1) / 7).rounded(.down)) + 1
        if w < 1 { return (w + weeksInYear(year - 1), year - 1) }
        if w > weeksInYear(year) { return (w - weeksInYear(year), year + 1) }
        return (w, year)
    }
}

/// moment.js format tokens (functions.md §9.4).
enum DateFormatting {
    /// Multi-character tokens, longest first within each family (moment's formattingTokens order).
    static let tokens: [String] = [
        "Hmmss", "hmmss", "Hmm", "hmm", "Mo", "MMMM", "MMM", "MM", "Do", "DDDo", "DDDD", "DDD", "DD", "dddd", "ddd", "dd", "do",
        "wo", "ww", "Wo", "WW", "Qo", "NNNNN", "NNNN", "NNN", "NN", "YYYYYY", "YYYYY", "YYYY", "YY", "yyyy", "yyy", "yy", "yo",
        "ggggg", "gggg", "gg", "GGGGG", "GGGG", "GG", "hh", "HH", "kk", "mm", "ss", "SSSSSSSSS", "SSSSSSSS", "SSSSSSS",
        "SSSSSS", "SSSSS", "SSSS", "SSS", "SS", "zz", "ZZ",
    ]
    /// The tokens as characters, grouped by their first character, longest first.
    static let tokensByFirst: [Character: [[Character]]] = Dictionary(grouping: tokens.map(Array.init), by: { $0[0] })
        .mapValues { $0.sorted { $0.count > $1.count } }
    static let singleTokens: Set<Character> = [
        "M", "Q", "D", "d", "e", "E", "w", "W", "N", "Y", "y", "a", "A", "h", "H", "k",
        "m", "s", "S", "x", "X", "z", "Z",
    ]

    enum Piece: Equatable {
        case literal(String)
        case token(String)
    }

    /// Expands LT, LTS, L…LLLL and l…llll with the locale's patterns, outside brackets.
    static func expandLongFormats(_ format: String, _ locale: DateLocale) -> String {
        var text = format
        for _ in 0..<3 {
            var out = ""
            var chars = Substring(text)
            var changed = false
            while let c = chars.first {
                if c == "[", let close = chars.firstIndex(of: "]") {
                    out += chars[...close]
                    chars = chars[chars.index(after: close)...]
                    continue
                }
                if c == "L" || c == "l" {
                    let run = chars.prefix { $0 == c || (c == "L" && ($0 == "T" || $0 == "S")) }
                    var key = String(run)
                    // LTS, LT, or up to four L's.
                    if key.hasPrefix("LTS") {
                        key = "LTS"
                    } else if key.hasPrefix("LT") {
                        key = "LT"
                    } else {
                        key = String(key.prefix { $0 == c }.prefix(4))
                    }
                    if let pattern = longFormat(key, locale) {
                        out += pattern
                        chars = chars.dropFirst(key.count)
                        changed = true
                        continue
                    }
                }
                out.append(c)
                chars = chars.dropFirst()
            }
            text = out
            if !changed { break }
        }
        return text
    }

    static func longFormat(_ key: String, _ locale: DateLocale) -> String? {
        if let f = locale.longFormats[key] { return f }
        guard key.first == "l", let upper = locale.longFormats[key.uppercased()] else { return nil }
        // moment derives the short forms: MMMM → MMM, MM → M, DD → D, dddd → ddd.
        return pieces(upper).map { piece -> String in
            switch piece {
            case .token(let t) where ["MMMM", "MM", "DD", "dddd"].contains(t): String(t.dropFirst())
            case .token(let t): t
            case .literal(let s): s.contains(where: { $0.isLetter }) ? "[\(s)]" : s
            }
        }.joined()
    }

    private static let parsedFormats = Memo<String, [Piece]>(capacity: 256)

    /// Splits a format into tokens and literal text.
    static func pieces(_ format: String) -> [Piece] {
        var result: [Piece] = []
        let chars = Array(format)
        var i = 0
        func literal(_ s: String) {
            if case .literal(let previous)? = result.last { result[result.count - 1] = .literal(previous + s) } else { result.append(.literal(s)) }
        }
        outer: while i < chars.count {
            let c = chars[i]
            if c == "[" {
                if let close = chars[(i + 1)...].firstIndex(of: "]"), !chars[(i + 1)..<close].contains("[") {
                    literal(String(chars[(i + 1)..<close]))
                    i = close + 1
                    continue
                }
            }
            if c == "\\" && i + 1 < chars.count {
                literal(String(chars[i + 1]))
                i += 2
                continue
            }
            for token in tokensByFirst[c] ?? [] where i + token.count <= chars.count {
                if chars[i..<(i + token.count)].elementsEqual(token) {
                    result.append(.token(String(token)))
                    i += token.count
                    continue outer
                }
            }
            if singleTokens.contains(c) { result.append(.token(String(c))) } else { literal(String(c)) }
            i += 1
        }
        return result
    }

    static func zeroFill(_ n: Int, _ width: Int, forceSign: Bool = false) -> String {
        let digits = String(abs(n))
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return (n >= 0 ? (forceSign ? "+" : "") : "-") + padded
    }

    static func format(_ m: MomentFields, _ format: String, _ locale: DateLocale) -> String {
        var out = ""
        // Without L or l the locale's long formats play no part: the pieces depend on the text alone.
        let pieces =
            format.hasASCII("L") || format.hasASCII("l")
            ? pieces(expandLongFormats(format, locale)) : parsedFormats.value(format, pieces)
        for piece in pieces {
            switch piece {
            case .literal(let s): out += s
            case .token(let t): out += render(t, m, locale)
            }
        }
        return out
    }

    static func offsetText(_ seconds: Int, colon: Bool) -> String {
        DateTimeValue.offsetText(seconds: seconds, utcAsZ: false, colon: colon)
    }

    static func render(_ t: String, _ m: MomentFields, _ locale: DateLocale) -> String {
        let era = m.year > 0 ? m.year : 1 - m.year
        switch t {
        case "M": return String(m.month)
        case "Mo": return locale.ordinal(m.month, "M")
        case "MM": return zeroFill(m.month, 2)
        case "MMM": return locale.monthsShort[m.month - 1]
        case "MMMM": return locale.months[m.month - 1]
        case "Q": return String((m.month + 2) / 3)
        case "Qo": return locale.ordinal((m.month + 2) / 3, "Q")
        case "D": return String(m.day)
        case "Do": return locale.ordinal(m.day, "D")
        case "DD": return zeroFill(m.day, 2)
        case "DDD": return String(m.dayOfYear)
        case "DDDo": return locale.ordinal(m.dayOfYear, "DDD")
        case "DDDD": return zeroFill(m.dayOfYear, 3)
        case "d": return String(m.weekday)
        case "do": return locale.ordinal(m.weekday, "d")
        case "dd": return locale.weekdaysMin[m.weekday]
        case "ddd": return locale.weekdaysShort[m.weekday]
        case "dddd": return locale.weekdays[m.weekday]
        case "e": return String((m.weekday - locale.firstWeekday + 7) % 7)
        case "E": return String(m.weekday == 0 ? 7 : m.weekday)
        case "w": return String(m.week(dow: locale.firstWeekday, doy: locale.firstWeekDayOfYear).week)
        case "wo": return locale.ordinal(m.week(dow: locale.firstWeekday, doy: locale.firstWeekDayOfYear).week, "w")
        case "ww": return zeroFill(m.week(dow: locale.firstWeekday, doy: locale.firstWeekDayOfYear).week, 2)
        case "W": return String(m.week(dow: 1, doy: 4).week)
        case "Wo": return locale.ordinal(m.week(dow: 1, doy: 4).week, "W")
        case "WW": return zeroFill(m.week(dow: 1, doy: 4).week, 2)
        case "gg": return zeroFill(m.week(dow: locale.firstWeekday, doy: locale.firstWeekDayOfYear).year % 100, 2)
        case "gggg": return zeroFill(m.week(dow: locale.firstWeekday, doy: locale.firstWeekDayOfYear).year, 4)
        case "ggggg": return zeroFill(m.week(dow: locale.firstWeekday, doy: locale.firstWeekDayOfYear).year, 5)
        case "GG": return zeroFill(m.week(dow: 1, doy: 4).year % 100, 2)
        case "GGGG": return zeroFill(m.week(dow: 1, doy: 4).year, 4)
        case "GGGGG": return zeroFill(m.week(dow: 1, doy: 4).year, 5)
        case "YY": return zeroFill(m.year % 100, 2)
        case "YYYY": return zeroFill(m.year, 4)
        case "YYYYY": return zeroFill(m.year, 5)
        case "YYYYYY": return zeroFill(m.year, 6, forceSign: true)
        case "Y": return m.year <= 9999 ? zeroFill(m.year, 4) : "+" + String(m.year)
        case "y": return String(era)
        case "yo": return locale.ordinal(era, "y")
        case "yy", "yyy", "yyyy": return zeroFill(era, t.count)
        case "N", "NN", "NNN", "NNNNN": return m.year > 0 ? "AD" : "BC"
        case "NNNN": return m.year > 0 ? "Anno Domini" : "Before Christ"
        case "A": return m.hour < 12 ? "AM" : "PM"
        case "a": return m.hour < 12 ? "am" : "pm"
        case "H": return String(m.hour)
        case "HH": return zeroFill(m.hour, 2)
        case "h": return String(m.hour % 12 == 0 ? 12 : m.hour % 12)
        case "hh": return zeroFill(m.hour % 12 == 0 ? 12 : m.hour % 12, 2)
        case "k": return String(m.hour == 0 ? 24 : m.hour)
        case "kk": return zeroFill(m.hour == 0 ? 24 : m.hour, 2)
        case "hmm": return render("h", m, locale) + zeroFill(m.minute, 2)
        case "hmmss": return render("h", m, locale) + zeroFill(m.minute, 2) + zeroFill(m.second, 2)
        case "Hmm": return String(m.hour) + zeroFill(m.minute, 2)
        case "Hmmss": return String(m.hour) + zeroFill(m.minute, 2) + zeroFill(m.second, 2)
        case "m": return String(m.minute)
        case "mm": return zeroFill(m.minute, 2)
        case "s": return String(m.second)
        case "ss": return zeroFill(m.second, 2)
        case "S": return String(m.millisecond / 100)
        case "SS": return zeroFill(m.millisecond / 10, 2)
        case "z", "zz": return ZoneAbbreviations.abbreviation(m.zone, atInstant: m.instant, offset: m.offsetSeconds)
        case "Z": return offsetText(m.offsetSeconds, colon: true)
        case "ZZ": return offsetText(m.offsetSeconds, colon: false)
        case "X": return NumberRendering.javaScript((m.instant / 1000).rounded(.down))
        case "x": return NumberRendering.javaScript(m.instant)
        default:
            if t.allSatisfy({ $0 == "S" }) {
                var digits = zeroFill(m.millisecond, 3)
                digits += String(repeating: "0", count: t.count - 3)
                return digits
            }
            return t
        }
    }
}
