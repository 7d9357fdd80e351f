/// How a value becomes text in a template hole, CONCAT, JOIN, a computed key and
/// `eval --format text` (language.md §10, D18).
extension Value {
    /// The value as interpolation and CONCAT render it (D18): NULL as "", numbers as JavaScript prints them.
    public var renderedText: String {
        switch self {
        case .text(let s): return s
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return NumberRendering.javaScript(n)
        case .date(let d): return d.isoText
        case .time(let t): return t.isoText
        case .dateTime(let dt): return dt.defaultFormatText
        case .currency(let c): return c.renderedText
        case .list, .object: return JSONWriter.write(self)
        }
    }
}

func zeroPadded(_ n: Double, _ width: Int) -> String {
    // Beyond 2^53 a double is not a digit string to pad (and Int(1e300) would trap).
    guard n.isFinite, abs(n) < 9e15 else { return NumberRendering.javaScript(n) }
    let i = Int(n)
    if Double(i) != n { return NumberRendering.javaScript(n) }
    let digits = String(abs(i))
    let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    return i < 0 ? "-" + padded : padded
}

extension DateValue {
    /// `YYYY-MM-DD`.
    public var isoText: String { "\(zeroPadded(year, 4))-\(zeroPadded(month, 2))-\(zeroPadded(day, 2))" }
}

extension TimeValue {
    /// `HH:mm:ss`, plus `.SSS` when the millisecond is not 0.
    public var isoText: String {
        var s = "\(zeroPadded(hour, 2)):\(zeroPadded(minute, 2)):\(zeroPadded(second, 2))"
        if millisecond != 0 { s += "." + zeroPadded(millisecond, 3) }
        return s
    }
}

extension DateTimeValue {
    /// FORMAT_DATETIME's default (D33): `YYYY-MM-DDTHH:mm:ss` then `Z` for UTC or `±HH:mm`.
    public var defaultFormatText: String {
        let base = "\(date.isoText)T\(zeroPadded(time.hour, 2)):\(zeroPadded(time.minute, 2)):\(zeroPadded(time.second, 2))"
        guard let instant, let offset = TimeZones.offsetSeconds(timeZone, atInstant: instant) else {
            return base
        }
        return base + DateTimeValue.offsetText(seconds: offset, utcAsZ: true)
    }

    /// `Z`, or `+HH:mm` / `-HH:mm`.
    static func offsetText(seconds: Int, utcAsZ: Bool, colon: Bool = true) -> String {
        if seconds == 0 && utcAsZ { return "Z" }
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        let hh = String(minutes / 60).leftPadded(to: 2).replacingSpaces(with: "0")
        let mm = String(minutes % 60).leftPadded(to: 2).replacingSpaces(with: "0")
        return sign + hh + (colon ? ":" : "") + mm
    }
}

extension CurrencyValue {
    /// The amount with exactly `precision` decimals, a space, the code: `1.01 USD`.
    public var renderedText: String {
        guard amount.isFinite, precision.isFinite, precision >= 0, precision <= 15 else {
            return "\(NumberRendering.javaScript(amount)) \(code)"
        }
        let p = Int(precision)
        let negative = amount < 0
        let digits = NumberRendering.plainInteger(abs(amount).rounded())
        var text: String
        if p == 0 {
            text = digits
        } else {
            let padded = digits.count <= p ? String(repeating: "0", count: p - digits.count + 1) + digits : digits
            let cut = padded.index(padded.endIndex, offsetBy: -p)
            text = padded[..<cut] + "." + padded[cut...]
        }
        return (negative ? "-" : "") + text + " " + code
    }
}

extension NumberRendering {
    /// A non-negative integral double as plain digits (no exponent).
    static func plainInteger(_ value: Double) -> String {
        if value < 9.2e18 { return String(Int64(value)) }
        let (digits, exponent) = shortestDigits(value)
        return digits + String(repeating: "0", count: max(0, exponent - digits.count))
    }
}
