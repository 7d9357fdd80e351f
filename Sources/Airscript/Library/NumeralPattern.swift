/// What a numeral.js format string says, read once: the parts of `numberToFormat` and of the
/// currency format that depend on the format alone. A format is nearly always a constant of the
/// mapping, and reading it again at every call (searching it for each token, splitting it,
/// removing the tokens) was half of FORMAT_CURRENCY's time; formats are remembered by their text.
struct NumeralPattern: Sendable {
    /// `(`: negatives in parentheses.
    var negativeParentheses = false
    /// Where `+` stands in the format (the sign is written there, before or after), if it does.
    var plusPosition: Int?
    /// Where `-` stands, if it does: used for negative values when there is no `+`.
    var minusPosition: Int?
    /// `a`: abbreviate (k, m, b, t).
    var abbreviates = false
    /// `ak`, `am`, `ab`, `at`: that abbreviation whatever the magnitude.
    var forced: Character?
    /// ` a`: a space before the abbreviation.
    var abbreviationSpace = false
    /// `[.]`: the decimals are dropped when they are all zero.
    var optionalDecimal = false
    /// Decimals to round to and how many of the last of them are optional (`0.00[00]`); nil for
    /// no decimal part.
    var decimals: (places: Int, optionals: Int)?
    /// `,`: thousands grouped.
    var hasThousands = false
    /// Zeros before the point (or the first comma): the integer part's minimum width.
    var leadingCount = 0
    /// The format starts with its point (`.00`): no integer digits.
    var startsWithPoint = false

    private static let memo = Memo<String, NumeralPattern>(capacity: 256)

    /// The pattern of `format`, read the first time it is seen.
    static func of(_ format: String) -> NumeralPattern {
        memo.value(format, NumeralPattern.init)
    }

    /// Reads `rawFormat` as numeral.js 2.0.6's `numberToFormat` does, before it looks at the value.
    init(_ rawFormat: String) {
        var format = rawFormat
        if format.hasASCII("(") {
            negativeParentheses = true
            format.removeAll { $0 == "(" || $0 == ")" || $0 == "|" }
        } else if format.hasASCII("+") || format.hasASCII("-") {
            let chars = Array(format)
            plusPosition = chars.firstIndex(of: "+")
            minusPosition = chars.firstIndex(of: "-")
            format.removeAll { $0 == "+" || $0 == "-" || $0 == "|" }
        }
        if format.hasASCII("a") {
            abbreviates = true
            if let a = format.firstIndex(of: "a") {
                let next = format.index(after: a)
                if next < format.endIndex, "kmbt".contains(format[next]) { forced = format[next] }
            }
            abbreviationSpace = format.firstRange(of: " a") != nil
            let token = (abbreviationSpace ? " " : "") + "a" + (forced.map { String($0) } ?? "")
            if let r = format.firstRange(of: token) { format.removeSubrange(r) }
        }
        if let r = format.firstRange(of: "[.]") {
            optionalDecimal = true
            format.replaceSubrange(r, with: ".")
        }
        let parts = format.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count > 1, !parts[1].isEmpty {
            let precision = parts[1]
            if precision.hasASCII("[") {
                let pieces = precision.filter { $0 != "]" }.split(separator: "[", omittingEmptySubsequences: false)
                decimals = (pieces[0].count + pieces[1].count, pieces[1].count)
            } else {
                decimals = (precision.count, 0)
            }
        }
        hasThousands = format.hasASCII(",")
        leadingCount = parts[0].split(separator: ",", omittingEmptySubsequences: false).first?.filter { $0 == "0" }.count ?? 0
        startsWithPoint = format.hasPrefix(".")
    }
}

/// What a FORMAT_CURRENCY format says, read once: numeral.js's currency format around the number.
struct CurrencyPattern: Sendable {
    /// Decimals in the format, for telling whether the value rounds to zero.
    var places: Int
    /// The format abbreviates (`a`): its value is never taken for zero.
    var abbreviates: Bool
    /// The sign, parenthesis, space and `$` characters before the number.
    var before: String
    /// The same characters after it (none when the format is made of nothing else).
    var after: String
    /// The number's own format: the format without its first `$` and the single spaces around it.
    var number: NumeralPattern

    private static let memo = Memo<String, CurrencyPattern>(capacity: 256)

    /// The pattern of `format`, read the first time it is seen.
    static func of(_ format: String) -> CurrencyPattern {
        memo.value(format, CurrencyPattern.init)
    }

    private static let beforeSet = Set("+|-(\t\n $")
    private static let afterSet = Set("+|-)\t\n $")

    init(_ format: String) {
        // Empty parts kept: in ".00" the decimals are the second part, after an empty first one.
        places = format.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first?.filter { $0 == "0" }.count ?? 0
        abbreviates = format.hasASCII("a")
        before = String(format.prefix { Self.beforeSet.contains($0) })
        after = String(format.reversed().prefix { Self.afterSet.contains($0) }.reversed())
        if after.count == format.count { after = "" }
        // Strip the first `$` with the single spaces around it.
        var body = format
        if let dollar = body.firstIndex(of: "$") {
            var lower = dollar
            var upper = body.index(after: dollar)
            if lower > body.startIndex, body[body.index(before: lower)].isWhitespace { lower = body.index(before: lower) }
            if upper < body.endIndex, body[upper].isWhitespace { upper = body.index(after: upper) }
            body.removeSubrange(lower..<upper)
        }
        number = NumeralPattern.of(body)
    }
}
