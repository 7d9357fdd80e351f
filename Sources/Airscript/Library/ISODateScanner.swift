/// Reads the ISO 8601 forms `DateParsing.parseISO` accepts, byte by byte: what four regular
/// expressions did before, at a fraction of the cost (every `DATETIME_FROM_FORMAT` without a
/// format, and every date a payload carries, comes through here).
///
/// The forms, tried in this order, each over the whole text (ASCII digits only):
/// - `±YYYY[YY]-MM-DD` with an optional `T`/space time, then an optional zone;
/// - `±YYYY[YY]-MM`;
/// - `±YYYY`;
/// - basic `YYYYMMDD` with an optional `Thhmm[ss[.fff]]`, then an optional zone;
/// - with `timeOnly`: a time alone, then an optional zone.
/// A time is `hh[[:]mm[[:]ss[(.|,)f…]]]` (one to nine fraction digits); a zone `Z`, `z` or
/// `±hh[[:]mm]`. Like the regular expressions' `$`, the text may end with one line break.
/// `ISO8601Instant` reads another grammar (an instant: a whole date, for `--now` and envelopes);
/// this one keeps moment's partial forms (a year, a year and month, a time alone).
struct ISODateScanner {
    /// The fields found, as text, in the order the parser reads them.
    struct Fields {
        var year: Substring.UTF8View?
        var month: Substring.UTF8View?
        var day: Substring.UTF8View?
        var hour: Substring.UTF8View?
        var minute: Substring.UTF8View?
        var second: Substring.UTF8View?
        var fraction: Substring.UTF8View?
        var zone: Substring.UTF8View?
    }

    private let text: Substring.UTF8View
    private var index: Substring.UTF8View.Index

    init(_ text: Substring) {
        var bytes = text.utf8
        // ICU's `$` also matches before one final line break.
        if bytes.last == UInt8(ascii: "\n") { bytes = bytes.dropLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        self.text = bytes
        self.index = bytes.startIndex
    }

    /// The fields of the first form that matches the whole text, or nil.
    static func scan(_ text: Substring, timeOnly: Bool) -> Fields? {
        if let fields = whole(text, { $0.extendedDate() }) ?? whole(text, { $0.yearMonth() }) ?? whole(text, { $0.yearAlone() })
            ?? whole(text, { $0.basicDate() })
        {
            return fields
        }
        return timeOnly ? whole(text, { $0.timeAlone() }) : nil
    }

    /// The fields of `form` read from the start of `text`, when it reads all of it.
    private static func whole(_ text: Substring, _ form: (inout ISODateScanner) -> Fields?) -> Fields? {
        var scanner = ISODateScanner(text)
        guard let fields = form(&scanner), scanner.atEnd else { return nil }
        return fields
    }

    private mutating func timeAlone() -> Fields? {
        var fields = Fields()
        guard time(&fields) else { return nil }
        fields.zone = zone()
        return fields
    }

    private var atEnd: Bool { index == text.endIndex }

    private var next: UInt8? { atEnd ? nil : text[index] }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard next == byte else { return false }
        index = text.index(after: index)
        return true
    }

    private mutating func take(anyOf bytes: UInt8...) -> Bool {
        guard let next, bytes.contains(next) else { return false }
        index = text.index(after: index)
        return true
    }

    /// A run of ASCII digits of length within `lengths` (greedy, up to its upper bound), or nil
    /// without moving.
    private mutating func digits(_ lengths: ClosedRange<Int>) -> Substring.UTF8View? {
        let start = index
        var count = 0
        while count < lengths.upperBound, let byte = next, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            index = text.index(after: index)
            count += 1
        }
        guard lengths.contains(count) else {
            index = start
            return nil
        }
        return text[start..<index]
    }

    /// `[+-]` and `lengths` digits, as one field.
    private mutating func signedYear(_ lengths: ClosedRange<Int>) -> Substring.UTF8View? {
        let start = index
        _ = take(anyOf: UInt8(ascii: "+"), UInt8(ascii: "-"))
        guard digits(lengths) != nil else {
            index = start
            return nil
        }
        return text[start..<index]
    }

    private mutating func extendedDate() -> Fields? {
        var fields = Fields()
        guard let year = signedYear(4...6), take(UInt8(ascii: "-")), let month = digits(2...2), take(UInt8(ascii: "-")),
            let day = digits(2...2)
        else { return nil }
        (fields.year, fields.month, fields.day) = (year, month, day)
        let beforeTime = index
        if take(anyOf: UInt8(ascii: "T"), UInt8(ascii: " ")), !time(&fields) { index = beforeTime }
        fields.zone = zone()
        return fields
    }

    private mutating func yearMonth() -> Fields? {
        guard let year = signedYear(4...6), take(UInt8(ascii: "-")), let month = digits(2...2) else { return nil }
        return Fields(year: year, month: month)
    }

    private mutating func yearAlone() -> Fields? {
        signedYear(4...4).map { Fields(year: $0) }
    }

    private mutating func basicDate() -> Fields? {
        var fields = Fields()
        guard let year = digits(4...4), let month = digits(2...2), let day = digits(2...2) else { return nil }
        (fields.year, fields.month, fields.day) = (year, month, day)
        let beforeTime = index
        if take(UInt8(ascii: "T")) {
            if let hour = digits(2...2), let minute = digits(2...2) {
                (fields.hour, fields.minute) = (hour, minute)
                fields.second = seconds(&fields, colon: false)
            } else {
                index = beforeTime
            }
        }
        fields.zone = zone()
        return fields
    }

    /// `hh[[:]mm[[:]ss[(.|,)f…]]]` into `fields`; false (and nothing read) without an hour.
    private mutating func time(_ fields: inout Fields) -> Bool {
        guard let hour = digits(2...2) else { return false }
        fields.hour = hour
        let beforeMinute = index
        _ = take(UInt8(ascii: ":"))
        guard let minute = digits(2...2) else {
            index = beforeMinute
            return true
        }
        fields.minute = minute
        fields.second = seconds(&fields, colon: true)
        return true
    }

    /// `[:]ss[(.|,)f…]` (the colon only in the extended form), setting the fraction too.
    private mutating func seconds(_ fields: inout Fields, colon: Bool) -> Substring.UTF8View? {
        let beforeSecond = index
        if colon { _ = take(UInt8(ascii: ":")) }
        guard let second = digits(2...2) else {
            index = beforeSecond
            return nil
        }
        let beforeFraction = index
        if take(anyOf: UInt8(ascii: "."), UInt8(ascii: ",")) {
            if let fraction = digits(1...9) { fields.fraction = fraction } else { index = beforeFraction }
        }
        return second
    }

    /// `Z`, `z` or `±hh[[:]mm]`, or nil without moving.
    private mutating func zone() -> Substring.UTF8View? {
        let start = index
        if take(anyOf: UInt8(ascii: "Z"), UInt8(ascii: "z")) { return text[start..<index] }
        guard take(anyOf: UInt8(ascii: "+"), UInt8(ascii: "-")), digits(2...2) != nil else {
            index = start
            return nil
        }
        let beforeMinutes = index
        _ = take(UInt8(ascii: ":"))
        if digits(2...2) == nil { index = beforeMinutes }
        return text[start..<index]
    }
}
