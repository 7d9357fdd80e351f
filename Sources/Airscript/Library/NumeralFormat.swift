/// FORMAT_CURRENCY's numeral.js format strings (functions.md §7): a port of numeral.js 2.0.6's
/// currency format and `numberToFormat`, with rounding half away from zero (D13).
enum NumeralFormat {
    /// Formats `value` (in major units) with a numeral.js currency format.
    static func currency(_ input: Double, format: String, symbol: String, locale: NumberLocale) -> String {
        let pattern = CurrencyPattern.of(format)
        // Zero is never negative, also when a tiny negative rounds to zero.
        let value = pattern.abbreviates || DecimalRounding.round(input, places: pattern.places) != 0 ? input : 0
        var before = pattern.before
        var after = pattern.after
        var output = number(value, pattern: pattern.number, locale: locale)
        if value >= 0 {
            before = before.replacingFirst(in: "-(")
            after = after.replacingFirst(in: "-)")
        } else if !before.hasASCII("-") && !before.hasASCII("(") {
            before = "-" + before
        }
        for (i, c) in before.enumerated() {
            switch c {
            case "$": output = insert(output, symbol, at: i)
            case " ": output = insert(output, " ", at: i + symbol.count - 1)
            default: break
            }
        }
        let afterChars = Array(after)
        for i in stride(from: afterChars.count - 1, through: 0, by: -1) {
            let last = i == afterChars.count - 1
            switch afterChars[i] {
            case "$": output = last ? output + symbol : insert(output, symbol, at: -(afterChars.count - (1 + i)))
            case " ": output = last ? output + " " : insert(output, " ", at: -(afterChars.count - (1 + i) + symbol.count - 1))
            default: break
            }
        }
        return output
    }

    /// numeral.js `insert`: a negative position counts from the end (JavaScript `slice`).
    static func insert(_ s: String, _ sub: String, at position: Int) -> String {
        let chars = Array(s)
        var p = position < 0 ? max(0, chars.count + position) : min(position, chars.count)
        p = max(0, p)
        return String(chars[..<p]) + sub + String(chars[p...])
    }

    /// numeral.js `numberToFormat`.
    static func number(_ input: Double, format: String, locale: NumberLocale) -> String {
        number(input, pattern: NumeralPattern.of(format), locale: locale)
    }

    /// numeral.js `numberToFormat`, past reading the format.
    static func number(_ input: Double, pattern: NumeralPattern, locale: NumberLocale) -> String {
        var value = input.isFinite ? input : 0
        let signed = pattern.plusPosition ?? (value < 0 ? pattern.minusPosition : nil) ?? -1
        let forced = pattern.forced
        var abbreviation = pattern.abbreviationSpace ? " " : ""
        if pattern.abbreviates {
            let magnitude = abs(value)
            if (magnitude >= 1e12 && forced == nil) || forced == "t" {
                abbreviation += "t"
                value /= 1e12
            } else if (magnitude < 1e12 && magnitude >= 1e9 && forced == nil) || forced == "b" {
                abbreviation += "b"
                value /= 1e9
            } else if (magnitude < 1e9 && magnitude >= 1e6 && forced == nil) || forced == "m" {
                abbreviation += "m"
                value /= 1e6
            } else if (magnitude < 1e6 && magnitude >= 1e3 && forced == nil) || forced == "k" {
                abbreviation += "k"
                value /= 1e3
            }
        }
        var integer: String
        var decimal = ""
        if let (places, optionals) = pattern.decimals {
            let fixed = toFixed(value, places, optionals: optionals)
            let split = fixed.split(separator: ".", maxSplits: 1)
            integer = String(split[0])
            decimal = split.count > 1 ? locale.decimal + split[1] : ""
            if pattern.optionalDecimal, Double(decimal.dropFirst(locale.decimal.count)) == 0 { decimal = "" }
        } else {
            integer = toFixed(value, 0, optionals: 0)
        }
        if !abbreviation.isEmpty && forced == nil, let n = Double(integer), abs(n) >= 1000, !abbreviation.hasSuffix("t") {
            integer = NumberRendering.javaScript(n / 1000)
            let order = ["k", "m", "b", "t"]
            if let last = abbreviation.last, let k = order.firstIndex(of: String(last)) {
                abbreviation = String(abbreviation.dropLast()) + order[k + 1]
            }
        }
        var negative = false
        if integer.hasPrefix("-") {
            integer.removeFirst()
            negative = true
        }
        if integer.count < pattern.leadingCount { integer = String(repeating: "0", count: pattern.leadingCount - integer.count) + integer }
        if pattern.hasThousands { integer = group(integer, locale.thousands) }
        if pattern.startsWithPoint { integer = "" }
        var output = integer + decimal + abbreviation
        if pattern.negativeParentheses {
            if negative { output = "(" + output + ")" }
        } else if signed >= 0 {
            output = signed == 0 ? (negative ? "-" : "+") + output : output + (negative ? "-" : "+")
        } else if negative {
            output = "-" + output
        }
        return output
    }

    /// numeral.js `toFixed`, rounding half away from zero on the decimal representation.
    static func toFixed(_ value: Double, _ maxDecimals: Int, optionals: Int) -> String {
        let rounded = DecimalRounding.round(value, places: maxDecimals)
        var text = JavaScriptNumber.toFixed(abs(rounded), maxDecimals)
        if rounded < 0 && Double(text) != 0 { text = "-" + text }
        if optionals > 0 {
            // Drop up to `optionals` trailing zeros, and then a bare point.
            var dropped = 0
            while dropped < optionals && text.hasSuffix("0") && text.hasASCII(".") {
                text.removeLast()
                dropped += 1
            }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    static func group(_ digits: String, _ separator: String) -> String {
        let chars = Array(digits)
        var out = ""
        for (i, c) in chars.enumerated() {
            if i > 0 && (chars.count - i) % 3 == 0 { out += separator }
            out.append(c)
        }
        return out
    }
}

extension StringProtocol {
    /// Whether the ASCII character `c` occurs: a byte search (Foundation's `contains` of a string
    /// goes through NSString, and this runs at every FORMAT_CURRENCY).
    func hasASCII(_ c: Unicode.Scalar) -> Bool { utf8.contains(UInt8(c.value)) }
}

extension String {
    /// Removes the first character that is in `set`.
    func replacingFirst(in set: String) -> String {
        guard let i = firstIndex(where: { set.contains($0) }) else { return self }
        var copy = self
        copy.remove(at: i)
        return copy
    }
}
