/// FORMAT_NUMBER's d3-format specifier (functions.md §3): `[[fill]align][sign][symbol][0][width][,][.precision][~][type]`,
/// a port of d3-format 3.1's `locale.format` with an ASCII minus.
struct D3Format {
    /// The widest padding a specifier may ask for: REPT's and PADSTRING's bound on a produced text.
    static let maxWidth = 10_000_000
    var fill: Character = " "
    var align: Character = ">"
    var sign: Character = "-"
    var symbol: Character? = nil
    var zero = false
    var width: Int? = nil
    var comma = false
    var precision: Int? = nil
    var trim = false
    var type: Character? = nil

    struct InvalidSpecifier: Error {
        var reason: String
    }

    /// Parses a specifier; nil parts keep d3's defaults.
    init(_ specifier: String) throws(InvalidSpecifier) {
        var s = Array(specifier)
        var i = 0
        func isAlign(_ c: Character) -> Bool { "<>=^".contains(c) }
        if s.count >= 2 && isAlign(s[1]) {
            fill = s[0]
            align = s[1]
            i = 2
        } else if !s.isEmpty && isAlign(s[0]) {
            align = s[0]
            i = 1
        }
        if i < s.count, "+-( ".contains(s[i]) {
            sign = s[i]
            i += 1
        }
        if i < s.count, "$#".contains(s[i]) {
            symbol = s[i]
            i += 1
        }
        if i < s.count, s[i] == "0" {
            zero = true
            i += 1
        }
        var digits = ""
        while i < s.count, s[i].isASCII, s[i].isNumber {
            digits.append(s[i])
            i += 1
        }
        if !digits.isEmpty {
            // d3 pads to any width; past the longest text a function may produce, the padding
            // could never be allocated (and would trap), so the specifier is refused.
            guard let w = Int(digits), w <= D3Format.maxWidth else {
                throw InvalidSpecifier(reason: "width \(digits) is over \(D3Format.maxWidth)")
            }
            width = w
        }
        if i < s.count, s[i] == "," {
            comma = true
            i += 1
        }
        if i < s.count, s[i] == "." {
            i += 1
            var p = ""
            while i < s.count, s[i].isASCII, s[i].isNumber {
                p.append(s[i])
                i += 1
            }
            guard !p.isEmpty else { throw InvalidSpecifier(reason: "`.` must be followed by a precision") }
            precision = Int(p) ?? Int.max
        }
        if i < s.count, s[i] == "~" {
            trim = true
            i += 1
        }
        if i < s.count, s[i].isASCII, s[i].isLetter || s[i] == "%" {
            type = s[i]
            i += 1
        }
        guard i == s.count else {
            throw InvalidSpecifier(reason: "unexpected `\(s[i])` at position \(i + 1)")
        }
        s = []
    }

    private static let knownTypes: Set<Character> = ["%", "b", "c", "d", "e", "f", "g", "o", "p", "r", "s", "X", "x"]
    private static let siPrefixes = ["y", "z", "a", "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y"]

    func format(_ value: Double, locale: NumberLocale) -> String {
        var type = self.type
        var comma = self.comma, trim = self.trim, fill = self.fill, align = self.align, zero = self.zero
        var precision = self.precision
        if type == "n" {
            comma = true
            type = "g"
        } else if type == nil || !D3Format.knownTypes.contains(type!) {
            if precision == nil { precision = 12 }
            trim = true
            type = "g"
        }
        let t = type!
        if zero || (fill == "0" && align == "=") {
            zero = true
            fill = "0"
            align = "="
        }
        let prefix = symbol == "$" ? locale.currencyPrefix : (symbol == "#" && "boxX".contains(t)) ? "0" + String(t).lowercased() : ""
        let suffix = symbol == "$" ? locale.currencySuffix : "%p".contains(t) ? locale.percent : ""
        let maybeSuffix = "defgprs%".contains(t)
        let p = precision.map { "gprs".contains(t) ? max(1, min(21, $0)) : max(0, min(20, $0)) } ?? 6

        var valuePrefix = prefix, valueSuffix = suffix
        var body: String
        if t == "c" {
            valueSuffix = NumberRendering.javaScript(value) + valueSuffix
            body = ""
        } else {
            var negative = value < 0 || (value == 0 && value.sign == .minus)
            var siExponent = 0
            if value.isNaN {
                body = "NaN"
            } else {
                body = D3Format.formatType(t, abs(value), p, &siExponent)
            }
            if trim { body = D3Format.trimmed(body) }
            if negative && D3Format.isZero(body) && sign != "+" { negative = false }
            let signText = negative ? (sign == "(" ? "(" : "-") : (sign == "-" || sign == "(" ? "" : String(sign))
            valuePrefix = signText + valuePrefix
            valueSuffix = (t == "s" ? D3Format.siPrefixes[8 + siExponent / 3] : "") + valueSuffix + (negative && sign == "(" ? ")" : "")
            if maybeSuffix, let cut = body.firstIndex(where: { !($0.isASCII && $0.isNumber) }) {
                let rest = body[cut...]
                valueSuffix = (rest.first == "." ? locale.decimal + rest.dropFirst() : String(rest)) + valueSuffix
                body = String(body[..<cut])
            }
        }
        if comma && !zero { body = D3Format.group(body, width: Int.max, thousands: locale.thousands) }
        let length = valuePrefix.count + body.count + valueSuffix.count
        let width = self.width ?? 0
        var padding = length < width ? String(repeating: fill, count: width - length) : ""
        if comma && zero {
            body = D3Format.group(
                padding + body, width: padding.isEmpty ? Int.max : width - valueSuffix.count,
                thousands: locale.thousands)
            padding = ""
        }
        switch align {
        case "<": return valuePrefix + body + valueSuffix + padding
        case "=": return valuePrefix + padding + body + valueSuffix
        case "^":
            let half = padding.count / 2
            return String(padding.prefix(half)) + valuePrefix + body + valueSuffix + String(padding.dropFirst(half))
        default: return padding + valuePrefix + body + valueSuffix
        }
    }

    /// Whether formatted digits denote zero (`+value === 0` in d3).
    private static func isZero(_ s: String) -> Bool {
        guard let v = Double(s) else { return false }
        return v == 0
    }

    private static func formatType(_ t: Character, _ x: Double, _ p: Int, _ siExponent: inout Int) -> String {
        switch t {
        case "%": return JavaScriptNumber.toFixed(x * 100, p)
        case "b": return JavaScriptNumber.integerText(x, radix: 2)
        case "o": return JavaScriptNumber.integerText(x, radix: 8)
        case "x": return JavaScriptNumber.integerText(x, radix: 16)
        case "X": return JavaScriptNumber.integerText(x, radix: 16).uppercased()
        case "d":
            let r = x.rounded(.toNearestOrAwayFromZero)
            return r >= 1e21 ? NumberRendering.plainInteger(r) : NumberRendering.javaScript(r)
        case "e": return JavaScriptNumber.toExponential(x, p)
        case "f": return JavaScriptNumber.toFixed(x, p)
        case "g": return JavaScriptNumber.toPrecision(x, p)
        case "p": return rounded(x * 100, p)
        // Zero prints as `0` whatever the precision (d3-format 3.1.2).
        case "r": return x == 0 ? "0" : rounded(x, p)
        case "s": return prefixAuto(x, p, &siExponent)
        default: return NumberRendering.javaScript(x)
        }
    }

    /// d3's formatDecimalParts: the significant digits and exponent of `x.toExponential(p - 1)`.
    private static func decimalParts(_ x: Double, _ p: Int?) -> (String, Int)? {
        guard x.isFinite else { return nil }
        // d3 passes p - 1 to toExponential, and 0 (falsy) means "as many digits as needed".
        let text = JavaScriptNumber.toExponential(x, p.flatMap { $0 > 0 ? $0 - 1 : nil })
        guard let e = text.firstIndex(of: "e") else { return nil }
        let coefficient = text[..<e].replacingOccurrences(of: ".", with: "")
        return (coefficient, Int(text[text.index(after: e)...].replacingOccurrences(of: "+", with: "")) ?? 0)
    }

    private static func rounded(_ x: Double, _ p: Int) -> String {
        guard let (coefficient, exponent) = decimalParts(x, p) else { return NumberRendering.javaScript(x) }
        if exponent < 0 { return "0." + String(repeating: "0", count: -exponent - 1) + coefficient }
        if coefficient.count > exponent + 1 {
            let cut = coefficient.index(coefficient.startIndex, offsetBy: exponent + 1)
            return coefficient[..<cut] + "." + coefficient[cut...]
        }
        return coefficient + String(repeating: "0", count: exponent - coefficient.count + 1)
    }

    private static func prefixAuto(_ x: Double, _ p: Int, _ siExponent: inout Int) -> String {
        guard let (coefficient, exponent) = decimalParts(x, p) else { return NumberRendering.javaScript(x) }
        siExponent = max(-8, min(8, Int((Double(exponent) / 3).rounded(.down)))) * 3
        let i = exponent - siExponent + 1
        let n = coefficient.count
        if i == n { return coefficient }
        if i > n { return coefficient + String(repeating: "0", count: i - n) }
        if i > 0 {
            let cut = coefficient.index(coefficient.startIndex, offsetBy: i)
            return coefficient[..<cut] + "." + coefficient[cut...]
        }
        // Less than 1y: more digits.
        return "0." + String(repeating: "0", count: -i) + (decimalParts(x, max(0, p + i - 1))?.0 ?? "")
    }

    /// d3's formatTrim: drops insignificant trailing zeros and a bare decimal point.
    private static func trimmed(_ s: String) -> String {
        let c = Array(s)
        var i0 = -1, i1 = 0
        var i = 1
        scan: while i < c.count {
            switch c[i] {
            case ".":
                i0 = i
                i1 = i
            case "0":
                if i0 == 0 { i0 = i }
                i1 = i
            default:
                if !(c[i].isASCII && c[i].isNumber && c[i] != "0") { break scan }
                if i0 > 0 { i0 = 0 }
            }
            i += 1
        }
        return i0 > 0 ? String(c[..<i0]) + String(c[(i1 + 1)...]) : s
    }

    /// Groups digits by three from the right, within `width` characters.
    private static func group(_ value: String, width: Int, thousands: String) -> String {
        let chars = Array(value)
        var i = chars.count
        var pieces: [String] = []
        var length = 0
        var g = 3
        while i > 0 && g > 0 {
            if length + g + 1 > width { g = max(1, width - length) }
            let start = max(0, i - g)
            pieces.append(String(chars[start..<i]))
            i -= g
            length += g + 1
            if length > width { break }
            g = 3
        }
        return pieces.reversed().joined(separator: thousands)
    }
}

extension FunctionLibrary {
    static let numberFormatting: [BuiltinFunction] = [
        BuiltinFunction(
            ["FORMAT_NUMBER(number: Number, format?: Text = \"\", locale?: Text = context locale) -> Text"],
            category: .numbers, readsContext: true,
            summary: "Formats a number with a d3-format specifier (\",.2f\", \".0%\", \"$,\" …) in a locale."
        ) {
            a, call throws(RuntimeError) in
            let value = try call.number(a, 0)
            let specifier = try call.optionalText(a, 1) ?? ""
            let locale = try call.optionalText(a, 2) ?? call.context.locale
            let format: D3Format
            do throws(D3Format.InvalidSpecifier) {
                format = try D3Format(specifier)
            } catch {
                throw call.failure("invalid format string `\(specifier)`: \(error.reason)", code: "R0513", argument: 1)
            }
            return try call.checkedText(format.format(value, locale: NumberLocale.named(locale)))
        }
    ]
}
