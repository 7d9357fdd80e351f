/// Rounding on the shortest decimal representation of a double (functions.md §0.5), so that
/// `ROUND(1.005, 2)` is 1.01 although the double 1.005 is slightly below it.
package enum DecimalRounding {
    public enum Mode: Sendable {
        /// ROUND and Currency arithmetic: ties away from zero.
        case halfAwayFromZero
        /// ROUNDUP: away from zero whenever a dropped digit is not zero.
        case awayFromZero
        /// ROUNDDOWN: toward zero.
        case towardZero
    }

    /// `x` rounded to `places` decimal places (negative places round to tens, hundreds, …).
    public static func round(_ x: Double, places: Int = 0, mode: Mode = .halfAwayFromZero) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let (digitText, n) = NumberRendering.shortestDigits(abs(x))
        var digits = Array(digitText.utf8).map { Int($0) - 48 }
        let keep = n + places  // digits before the cut
        if keep >= digits.count { return x }
        let dropped = keep < 0 ? [] : Array(digits[keep...])
        let increment: Bool
        switch mode {
        case .halfAwayFromZero: increment = keep >= 0 && (dropped.first ?? 0) >= 5
        case .awayFromZero: increment = true  // some dropped digit is non-zero: the representation is shortest
        case .towardZero: increment = false
        }
        var exponent = n
        digits = keep > 0 ? Array(digits[..<keep]) : []
        if keep < 0 {
            // Every digit is dropped, and the first dropped place is below the rounding position.
            guard increment else { return 0 }
            digits = [1]
            exponent = -places + 1
        } else if increment {
            var k = digits.count - 1
            while k >= 0 && digits[k] == 9 {
                digits[k] = 0
                k -= 1
            }
            if k >= 0 {
                digits[k] += 1
            } else {
                digits.insert(1, at: 0)
                exponent += 1
            }
        }
        if digits.isEmpty { return 0 }
        let text = "0." + digits.map(String.init).joined() + "e\(exponent)"
        let magnitude = Double(text) ?? 0
        return x < 0 ? -magnitude : magnitude
    }
}
