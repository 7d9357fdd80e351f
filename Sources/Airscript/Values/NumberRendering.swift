/// Numbers printed exactly as JavaScript's `Number.prototype.toString()` prints them
/// (ECMAScript Number::toString(10)): shortest round-trip digits, exponent form below 1e-6 and from
/// 1e21 up, `-0` as `0`. Swift's own `description` differs (`1e-05`, `5e+20`) and is not used as is.
package enum NumberRendering {
    public static func javaScript(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        // Fast path: integers that fit exactly.
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        let (digits, exponent) = shortestDigits(abs(value))
        let sign = value < 0 ? "-" : ""
        // `exponent` is n in the spec: value = 0.d1d2… × 10^n.
        let k = digits.count
        let n = exponent
        var out = sign
        if k <= n && n <= 21 {
            out += digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let index = digits.index(digits.startIndex, offsetBy: n)
            out += digits[..<index] + "." + digits[index...]
        } else if -6 < n && n <= 0 {
            out += "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            let expText = e < 0 ? "-\(-e)" : "+\(e)"
            if k == 1 {
                out += digits + "e" + expText
            } else {
                out += String(digits.first!) + "." + digits.dropFirst() + "e" + expText
            }
        }
        return out
    }

    /// The shortest decimal digits that round-trip, and the decimal exponent n such that
    /// value = 0.DIGITS × 10^n. Swift's `description` already finds the shortest digits.
    static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = value.description  // e.g. "1.2345e-07", "123.45", "5e+20"
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fraction: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(integerPart) + String(fraction)
        var pointPosition = integerPart.count + exp
        // Strip leading zeros (0.00123) and trailing zeros (100.0).
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, pointPosition)
    }
}

extension NumberRendering {
    /// The decimal digits of `value` (no sign), for the length of `body`, without building a text:
    /// the JSON writer's integers and the journey ids' message are written this way.
    /// The decimal digits of `value`, appended to `bytes` (the journey ids' message: not generic,
    /// so the mapping layer's call needs no specialisation across the module boundary).
    package static func appendDecimalDigits(of value: UInt64, to bytes: inout [UInt8]) {
        withDecimalDigits(of: value) { bytes.append(contentsOf: $0) }
    }

    package static func withDecimalDigits<R>(of value: UInt64, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of UInt64.max
        return withUnsafeMutableBytes(of: &digits) { buffer in
            var k = buffer.count
            var rest = value
            repeat {
                k -= 1
                buffer[k] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            return body(UnsafeRawBufferPointer(rebasing: buffer[k...]).assumingMemoryBound(to: UInt8.self))
        }
    }
}
