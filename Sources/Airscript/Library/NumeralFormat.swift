/// FORMAT_CURRENCY's numeral.js format strings (functions.md §7): a port of numeral.js 2.0.6's
/// currency format and `numberToFormat`, with rounding half away from zero (D13).
enum NumeralFormat {
    /// Formats `value` (in major units) with a numeral.js currency format.
    static func currency(_ input: Double, format: String, symbol: String, locale: NumberLocale) -> String {
        // Zero is never negative, also when a tiny negative rounds to zero.
        // Empty parts kept: in ".00" the decimals are the second part, after an empty first one.
        let places = format.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first?.filter { $0 == "0" }.count ?? 0
        let value = format.hasASCII("a") || DecimalRounding.round(input, places: places) != 0 ? input : 0
        var before = String(format.prefix { beforeSet.contains($0) })
        var after = String(format.reversed().prefix { afterSet.contains($0) }.reversed())
        if after.count == format.count { after = "" }
        // Strip the first `$` with the single spaces around it.
        var body = format
        if let dollar = body.firstIndex(of: "$") {
            var lower = dollar, upper = body.index(after: dollar)
            if lower > body.startIndex, body[body.index(before: lower)].isWhitespace { lower = body.index(before: lower) }
            if upper < body.endIndex, body[upper].isWhitespace { upper = body.index(after: upper) }
            body.removeSubrange(lower..<upper)
        }
        var output = number(value, format: body, locale: locale)
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

    private static let beforeSet = Set("+|-(\t\n $")
    private static let afterSet = Set("+|-)\t\n $")

    /// numeral.js `insert`: a negative position counts from the end (JavaScript `slice`).
    static func insert(_ s: String, _ sub: String, at position: Int) -> String {
        let chars = Array(s)
        var p = position < 0 ? max(0, chars.count + position) : min(position, chars.count)
        p = max(0, p)
        return String(chars[..<p]) + sub + String(chars[p...])
    }

    /// numeral.js `numberToFormat`.
    static func number(_ input: Double, format rawFormat: String, locale: NumberLocale) -> String {
        var value = input.isFinite ? input : 0
        var format = rawFormat
        var negativeParentheses = false
        var signed = -1
        var optionalDecimal = false
        var abbreviation = ""
        if format.hasASCII("(") {
            negativeParentheses = true
            format.removeAll { $0 == "(" || $0 == ")" || $0 == "|" }
        } else if format.hasASCII("+") || format.hasASCII("-") {
            let chars = Array(format)
            if let plus = chars.firstIndex(of: "+") { signed = plus } else if value < 0, let minus = chars.firstIndex(of: "-") { signed = minus }
            format.removeAll { $0 == "+" || $0 == "-" || $0 == "|" }
        }
        var forced: Character? = nil
        if format.hasASCII("a") {
            if let a = format.firstIndex(of: "a") {
                let next = format.index(after: a)
                if next < format.endIndex, "kmbt".contains(format[next]) { forced = format[next] }
            }
            if format.firstRange(of: " a") != nil { abbreviation = " " }
            if let r = format.firstRange(of: abbreviation + "a" + (forced.map { String($0) } ?? "")) { format.removeSubrange(r) }
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
        if let r = format.firstRange(of: "[.]") {
            optionalDecimal = true
            format.replaceSubrange(r, with: ".")
        }
        let formatParts = format.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let precisionPart = formatParts.count > 1 ? String(formatParts[1]) : nil
        let hasThousands = format.hasASCII(",")
        let leadingCount = formatParts[0].split(separator: ",", omittingEmptySubsequences: false).first?.filter { $0 == "0" }.count ?? 0
        var integer: String
        var decimal = ""
        if let precision = precisionPart, !precision.isEmpty {
            let fixed: String
            if precision.hasASCII("[") {
                let pieces = precision.replacingOccurrences(of: "]", with: "").split(separator: "[", omittingEmptySubsequences: false)
                fixed = toFixed(value, pieces[0].count + pieces[1].count, optionals: pieces[1].count)
            } else {
                fixed = toFixed(value, precision.count, optionals: 0)
            }
            let split = fixed.split(separator: ".", maxSplits: 1)
            integer = String(split[0])
            decimal = split.count > 1 ? locale.decimal + split[1] : ""
            if optionalDecimal, Double(decimal.dropFirst(locale.decimal.count)) == 0 { decimal = "" }
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
        if integer.count < leadingCount { integer = String(repeating: "0", count: leadingCount - integer.count) + integer }
        if hasThousands { integer = group(integer, locale.thousands) }
        if format.hasPrefix(".") { integer = "" }
        var output = integer + decimal + abbreviation
        if negativeParentheses {
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
