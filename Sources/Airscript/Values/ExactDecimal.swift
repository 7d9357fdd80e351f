/// The exact decimal expansion of a double, and JavaScript's `toFixed`, `toExponential` and
/// `toPrecision` on it. JavaScript rounds the exact binary value with ties going to the larger
/// magnitude (so `(1.005).toFixed(2)` is "1.00" because 1.005 is stored as 1.00499…), which C's
/// printf (ties to even) does not reproduce; hence a small exact expansion of our own.
package struct ExactDecimal {
    /// Decimal digits without leading zeros (empty for zero).
    public var digits: [UInt8]
    /// The value is 0.DIGITS × 10^exponent.
    public var exponent: Int

    /// The exact value of a finite, non-negative double.
    public init(_ x: Double) {
        precondition(x.isFinite && x >= 0)
        if x == 0 {
            digits = []
            exponent = 0
            return
        }
        var mantissa = x.significandBitPattern | (x.exponentBitPattern == 0 ? 0 : 1 << 52)
        var binaryExponent = Int(x.exponentBitPattern == 0 ? -1074 : Int(x.exponentBitPattern) - 1075)
        while mantissa & 1 == 0 {
            mantissa >>= 1
            binaryExponent += 1
        }
        // Little-endian limbs in base 10^9.
        var limbs: [UInt64] = []
        var m = mantissa
        while m > 0 {
            limbs.append(m % 1_000_000_000)
            m /= 1_000_000_000
        }
        func multiply(by factor: UInt64, times: Int) {
            for _ in 0..<times {
                var carry: UInt64 = 0
                for k in limbs.indices {
                    let product = limbs[k] * factor + carry
                    limbs[k] = product % 1_000_000_000
                    carry = product / 1_000_000_000
                }
                while carry > 0 {
                    limbs.append(carry % 1_000_000_000)
                    carry /= 1_000_000_000
                }
            }
        }
        var pointShift = 0
        if binaryExponent >= 0 {
            // x = m × 2^e: multiply by 2^e, in chunks of 2^20.
            multiply(by: 1 << 20, times: binaryExponent / 20)
            multiply(by: 1 << UInt64(binaryExponent % 20), times: 1)
        } else {
            // x = m × 5^k / 10^k.
            let k = -binaryExponent
            multiply(by: 1_220_703_125, times: k / 13)  // 5^13
            var rest: UInt64 = 1
            for _ in 0..<(k % 13) { rest *= 5 }
            multiply(by: rest, times: 1)
            pointShift = k
        }
        var text: [UInt8] = []
        for (k, limb) in limbs.reversed().enumerated() {
            var chunk = Array(String(limb).utf8).map { $0 - 48 }
            if k > 0 { chunk = Array(repeating: 0, count: 9 - chunk.count) + chunk }
            text += chunk
        }
        while text.first == 0 { text.removeFirst() }
        exponent = text.count - pointShift
        while text.last == 0 { text.removeLast() }
        digits = text
    }

    init(digits: [UInt8], exponent: Int) {
        self.digits = digits
        self.exponent = exponent
    }

    /// Rounded to keep `count` digits from the start (ties to the larger magnitude).
    func rounded(keeping count: Int) -> ExactDecimal {
        if count >= digits.count { return self }
        if count < 0 { return ExactDecimal(digits: [], exponent: exponent) }
        var kept = Array(digits[..<count])
        var newExponent = exponent
        if digits[count] >= 5 {
            var k = kept.count - 1
            while k >= 0 && kept[k] == 9 {
                kept[k] = 0
                k -= 1
            }
            if k >= 0 {
                kept[k] += 1
            } else {
                kept.insert(1, at: 0)
                newExponent += 1
            }
        }
        while kept.last == 0 { kept.removeLast() }
        return ExactDecimal(digits: kept, exponent: kept.isEmpty ? 0 : newExponent)
    }

    /// The digit at a given power of ten (0 outside the expansion).
    func digit(atPower p: Int) -> UInt8 {
        let index = exponent - 1 - p
        return index >= 0 && index < digits.count ? digits[index] : 0
    }
}

/// JavaScript's Number formatting methods, for non-negative finite values.
enum JavaScriptNumber {
    static func text(_ ds: [UInt8]) -> String { String(decoding: ds.map { $0 + 48 }, as: UTF8.self) }

    /// `x.toFixed(p)`.
    static func toFixed(_ x: Double, _ p: Int) -> String {
        if !x.isFinite || x >= 1e21 { return NumberRendering.javaScript(x) }
        return toFixedFar(fromTies: x, p) ?? toFixedExactly(x, p)
    }

    /// `x.toFixed(p)` from the exact expansion of `x`.
    static func toFixedExactly(_ x: Double, _ p: Int) -> String {
        let expansion = ExactDecimal(x)
        let exact = expansion.rounded(keeping: expansion.exponent + p)
        var integer = ""
        if exact.exponent > 0 {
            integer = text((0..<exact.exponent).map { exact.digit(atPower: exact.exponent - 1 - $0) })
        }
        if integer.isEmpty { integer = "0" }
        if p == 0 { return integer }
        let fraction = text((1...p).map { exact.digit(atPower: -$0) })
        return integer + "." + fraction
    }

    /// `toFixed` without the exact expansion, when `x × 10^p` computed in doubles is far enough from
    /// a tie (…5) that its rounding cannot differ from the exact value's: the product is off by
    /// less than an ulp, and nearest-integer rounding only changes at halves. Nil near a tie, for
    /// large products and precisions: the exact path decides those.
    static func toFixedFar(fromTies x: Double, _ p: Int) -> String? {
        guard p <= 15 else { return nil }
        var power = 1.0
        for _ in 0..<p { power *= 10 }  // exact up to 10^22
        let scaled = x * power
        guard scaled < 0x1p50 else { return nil }
        let whole = scaled.rounded(.down)
        guard abs(scaled - whole - 0.5) > 4 * scaled.ulp + 0x1p-60 else { return nil }
        var digits = String(UInt64(scaled.rounded(.toNearestOrAwayFromZero)))
        guard p > 0 else { return digits }
        if digits.count <= p { digits = String(repeating: "0", count: p + 1 - digits.count) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -p))
        return digits
    }

    /// Significant digits (exactly `p`, padded with zeros) and the exponent e of d.ddd × 10^e.
    static func significant(_ x: Double, _ p: Int) -> ([UInt8], Int) {
        if x == 0 { return (Array(repeating: 0, count: p), 0) }
        let exact = ExactDecimal(x).rounded(keeping: p)
        return (exact.digits + Array(repeating: 0, count: p - exact.digits.count), exact.exponent - 1)
    }

    /// `x.toExponential(p)`; `p == nil` gives as many digits as needed to tell the value apart.
    static func toExponential(_ x: Double, _ p: Int?) -> String {
        if !x.isFinite { return NumberRendering.javaScript(x) }
        var digits: [UInt8]
        var e: Int
        if let p {
            (digits, e) = significant(x, p + 1)
        } else if x == 0 {
            (digits, e) = ([0], 0)
        } else {
            let (shortest, n) = NumberRendering.shortestDigits(x)
            digits = Array(shortest.utf8).map { $0 - 48 }
            e = n - 1
        }
        var out = text([digits[0]])
        if digits.count > 1 { out += "." + text(Array(digits.dropFirst())) }
        return out + "e" + (e < 0 ? "-" : "+") + String(abs(e))
    }

    /// `x.toPrecision(p)`.
    static func toPrecision(_ x: Double, _ p: Int) -> String {
        if !x.isFinite { return NumberRendering.javaScript(x) }
        let (digits, e) = significant(x, p)
        if e < -6 || e >= p {
            var out = text([digits[0]])
            if p > 1 { out += "." + text(Array(digits.dropFirst())) }
            return out + "e" + (e < 0 ? "-" : "+") + String(abs(e))
        }
        if e >= 0 {
            let integer = text(Array(digits[0...e]))
            return e + 1 < p ? integer + "." + text(Array(digits[(e + 1)...])) : integer
        }
        return "0." + String(repeating: "0", count: -(e + 1)) + text(digits)
    }

    /// `Math.round(x).toString(radix)` for non-negative x.
    static func integerText(_ x: Double, radix: Int) -> String {
        let r = x.rounded(.toNearestOrAwayFromZero)
        if r < 1.8e19 { return String(UInt64(r), radix: radix) }
        // Beyond 64 bits: exact binary expansion m × 2^e, converted by repeated division.
        var words: [UInt32] = []
        var m = r.significandBitPattern | (1 << 52)
        var shift = Int(r.exponentBitPattern) - 1075
        while m > 0 {
            words.append(UInt32(m & 0xFFFF_FFFF))
            m >>= 32
        }
        while shift > 0 {
            var carry: UInt64 = 0
            for k in words.indices {
                let v = UInt64(words[k]) << 1 | carry
                words[k] = UInt32(v & 0xFFFF_FFFF)
                carry = v >> 32
            }
            if carry > 0 { words.append(UInt32(carry)) }
            shift -= 1
        }
        var out: [Character] = []
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        while !words.isEmpty {
            var remainder: UInt64 = 0
            for k in words.indices.reversed() {
                let v = remainder << 32 | UInt64(words[k])
                words[k] = UInt32(v / UInt64(radix))
                remainder = v % UInt64(radix)
            }
            out.append(alphabet[Int(remainder)])
            while words.last == 0 { words.removeLast() }
        }
        return String(out.reversed())
    }
}
