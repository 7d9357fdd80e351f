import Foundation

/// §3 Numbers (FORMAT_NUMBER has a file of its own).
extension FunctionLibrary {
    static let numbers: [BuiltinFunction] = [
        BuiltinFunction(["ABS(number: Number) -> Number"], category: .numbers, summary: "The absolute value.") { a, call throws(RuntimeError) in
            .number(abs(try call.number(a, 0)))
        },
        BuiltinFunction(
            ["CEILING(number: Number) -> Number"], category: .numbers,
            summary: "The nearest integer at or above the number."
        ) { a, call throws(RuntimeError) in
            .number((try call.number(a, 0)).rounded(.up))
        },
        BuiltinFunction(
            ["FLOOR(number: Number) -> Number"], category: .numbers,
            summary: "The nearest integer at or below the number."
        ) { a, call throws(RuntimeError) in
            .number((try call.number(a, 0)).rounded(.down))
        },
        BuiltinFunction(
            ["ROUND(number: Number, digits: Number) -> Number"], category: .numbers,
            summary: "Rounds to `digits` decimal places, halves away from zero; negative digits round to tens, hundreds, …"
        ) {
            a, call throws(RuntimeError) in
            .number(DecimalRounding.round(try call.number(a, 0), places: try roundingPlaces(a, call), mode: .halfAwayFromZero))
        },
        BuiltinFunction(
            ["ROUNDUP(number: Number, digits: Number) -> Number"], category: .numbers,
            summary: "Rounds away from zero to `digits` decimal places."
        ) { a, call throws(RuntimeError) in
            .number(DecimalRounding.round(try call.number(a, 0), places: try roundingPlaces(a, call), mode: .awayFromZero))
        },
        BuiltinFunction(
            ["ROUNDDOWN(number: Number, digits: Number) -> Number"], category: .numbers,
            summary: "Rounds toward zero to `digits` decimal places."
        ) { a, call throws(RuntimeError) in
            .number(DecimalRounding.round(try call.number(a, 0), places: try roundingPlaces(a, call), mode: .towardZero))
        },
        BuiltinFunction(
            ["MROUND(number: Number, multiple: Number) -> Number"], category: .numbers,
            summary: "Rounds to the nearest multiple of `multiple`, halves away from zero."
        ) { a, call throws(RuntimeError) in
            let n = try call.number(a, 0), m = try call.number(a, 1)
            if m == 0 || n == 0 { return .number(0) }
            guard n.isFinite, m.isFinite else { return .number(.nan) }
            if (n < 0) != (m < 0) {
                throw call.failure("the number and the multiple must have the same sign")
            }
            // Decimal arithmetic on the shortest representations: MROUND(5.8899, 0.01) is exactly 5.89.
            guard let dn = Decimal(string: NumberRendering.plainDecimal(n)),
                let dm = Decimal(string: NumberRendering.plainDecimal(m))
            else { return .number(.nan) }
            let quotient = NSDecimalNumber(decimal: dn / dm).doubleValue
            let rounded = DecimalRounding.round(quotient, places: 0)
            let product = Decimal(string: NumberRendering.plainDecimal(rounded))! * dm
            return .number(NSDecimalNumber(decimal: product).doubleValue)
        },
        BuiltinFunction(
            ["POWER(base: Number, exponent: Number) -> Number"], category: .numbers,
            summary: "`base` raised to `exponent` (NaN where undefined, as JavaScript's Math.pow)."
        ) { a, call throws(RuntimeError) in
            let b = try call.number(a, 0), e = try call.number(a, 1)
            // JavaScript: 1 ** ±Infinity and 1 ** NaN are NaN; C's pow says 1.
            if abs(b) == 1 && !e.isFinite { return .number(.nan) }
            return .number(pow(b, e))
        },
        BuiltinFunction(
            ["LOG(number: Number, base?: Number = 10) -> Number"], category: .numbers,
            summary: "The logarithm of `number` in `base` (10 by default)."
        ) { a, call throws(RuntimeError) in
            let n = try call.number(a, 0)
            let base = call.optional(a, 1) == nil ? 10 : try call.number(a, 1)
            guard n > 0 else { throw call.failure("the logarithm of \(NumberRendering.javaScript(n)) is undefined", argument: 0) }
            guard base > 0, base != 1 else {
                throw call.failure("base \(NumberRendering.javaScript(base)) is not a valid logarithm base", argument: 1)
            }
            if base == 10 { return .number(log10(n)) }
            if base == 2 { return .number(log2(n)) }
            return .number(log(n) / log(base))
        },
        BuiltinFunction(["SIN(radians: Number) -> Number"], category: .numbers, summary: "The sine of an angle in radians.") {
            a, call throws(RuntimeError) in .number(sin(try call.number(a, 0)))
        },
        BuiltinFunction(["PI() -> Number"], category: .numbers, summary: "3.141592653589793.") { _, _ in .number(Double.pi) },
        BuiltinFunction(
            ["RANDOM() -> Number"], category: .numbers,
            summary: "A pseudo-random Number from 0 (inclusive) to 1 (exclusive), from the context's seeded source.",
            isPure: false
        ) { _, call in
            .number(Double(call.random.next() >> 11) * 0x1.0p-53)
        },
        BuiltinFunction(
            ["FACTDOUBLE(number: Number) -> Number"], category: .numbers,
            summary: "The double factorial n!! = n × (n−2) × … (after truncating to an integer)."
        ) { a, call throws(RuntimeError) in
            let n = try call.integer(a, 0)
            guard n >= -1 else { throw call.failure("the double factorial of \(n) is undefined", argument: 0) }
            var result = 1.0
            var k = n
            while k > 1 && result.isFinite {
                result *= Double(k)
                k -= 2
            }
            return .number(result)
        },
        BuiltinFunction(
            ["MAX(numbers: List<Number?>) -> Number?", "MAX(...numbers+: Number?) -> Number?"], category: .numbers,
            summary: "The largest of a List of Numbers, or of several Numbers; NULLs are skipped.",
            propagatesNull: false
        ) { a, call throws(RuntimeError) in
            try extremum(a, call, larger: true)
        },
        BuiltinFunction(
            ["MIN(numbers: List<Number?>) -> Number?", "MIN(...numbers+: Number?) -> Number?"], category: .numbers,
            summary: "The smallest of a List of Numbers, or of several Numbers; NULLs are skipped.",
            propagatesNull: false
        ) { a, call throws(RuntimeError) in
            try extremum(a, call, larger: false)
        },
        BuiltinFunction(
            ["SUM(numbers: List<Number?>) -> Number", "SUM(amounts: List<Currency?>) -> Currency"], category: .numbers,
            summary: "The sum of a List of Numbers (0 when empty) or of Currencies of one code."
        ) { a, call throws(RuntimeError) in
            let elements = try call.list(a, 0)
            var total = 0.0
            var money: CurrencyValue? = nil
            var sawNumber = false
            for element in elements {
                switch element {
                case .null: continue
                case .number(let n) where money == nil:
                    total += n
                    sawNumber = true
                case .currency(let c) where !sawNumber:
                    if let sum = money {
                        money = try Money.addOrSubtract(sum, c, subtract: false, call.span)
                    } else {
                        try Money.validate(c, call.span)
                        money = c
                    }
                default:
                    throw call.failure(
                        "the list must hold only Numbers or only Currencies; found \(element.kindName)",
                        code: "R0506", argument: 0)
                }
            }
            if let money { return .currency(money) }
            return .number(total)
        },
        BuiltinFunction(
            ["BASE(number: Number, radix: Number, minLength?: Number = 0) -> Text"], category: .numbers,
            summary: "The non-negative integer written in base `radix` (2–36), zero-padded to `minLength`."
        ) {
            a, call throws(RuntimeError) in
            let n = try call.number(a, 0)
            let radix = try call.integer(a, 1)
            let minLength = try call.optionalInteger(a, 2) ?? 0
            guard n.isFinite, n >= 0, n < 9_007_199_254_740_992 else {
                throw call.failure("the number must be a non-negative integer below 2^53", argument: 0)
            }
            guard (2...36).contains(radix) else { throw call.failure("the radix must be from 2 to 36", argument: 1) }
            guard (0...255).contains(minLength) else { throw call.failure("the minimum length must be from 0 to 255", argument: 2) }
            let digits = String(Int64(n.rounded(.towardZero)), radix: radix, uppercase: true)
            return .text(String(repeating: "0", count: max(0, minLength - digits.count)) + digits)
        },
        BuiltinFunction(
            ["PARSE_NUMBER(text: Text) -> Number"], category: .numbers,
            summary: "Extracts a number from text, skipping decoration: \"299,792,458\" ⇒ 299792458; no digits ⇒ 0."
        ) {
            a, call throws(RuntimeError) in .number(parseNumber(try call.text(a, 0)))
        },
    ]

    private static func roundingPlaces(_ a: Arguments, _ call: Invocation) throws(RuntimeError) -> Int {
        let places = try call.integer(a, 1)
        return max(-400, min(400, places))
    }

    /// MAX/MIN: one List, or several Numbers; a List mixed with other arguments gives NULL.
    private static func extremum(_ a: Arguments, _ call: Invocation, larger: Bool) throws(RuntimeError) -> Value {
        var candidates: [(Value, Int)]
        if a.count == 1, case .list(let elements) = a[0] {
            candidates = elements.map { ($0, 0) }
        } else {
            if a.contains(where: { if case .list = $0 { return true } else { return false } }) { return .null }
            candidates = a.enumerated().map { ($1, $0) }
        }
        var best: Double? = nil
        for (v, index) in candidates {
            switch v {
            case .null: continue
            case .number(let n):
                if n.isNaN { return .number(.nan) }
                if best == nil || (larger ? n > best! : n < best!) { best = n }
            default:
                throw call.wrongKind(index, expected: "a Number", got: v)
            }
        }
        return best.map { .number($0) } ?? .null
    }

    /// PARSE_NUMBER's scan (functions.md §3, D45).
    static func parseNumber(_ text: String) -> Double {
        let chars = Array(text.unicodeScalars)
        var integerDigits = "", fractionDigits = ""
        var negative = false, inFraction = false, sawDigit = false
        var i = 0
        func isDigit(_ k: Int) -> Bool { k < chars.count && ("0"..."9").contains(chars[k]) }
        scan: while i < chars.count {
            let c = chars[i]
            if inFraction {
                if ("0"..."9").contains(c) {
                    fractionDigits.unicodeScalars.append(c)
                    sawDigit = true
                } else {
                    break scan
                }
            } else if ("0"..."9").contains(c) {
                integerDigits.unicodeScalars.append(c)
                sawDigit = true
            } else if c == "." {
                inFraction = true
            } else if c == "-" || c == "+" {
                if sawDigit { break scan }
                if c == "-" && (isDigit(i + 1) || (i + 1 < chars.count && chars[i + 1] == "." && isDigit(i + 2))) {
                    negative = true
                }
            }
            i += 1
        }
        guard sawDigit else { return 0 }
        let value = Double((integerDigits.isEmpty ? "0" : integerDigits) + (fractionDigits.isEmpty ? "" : "." + fractionDigits)) ?? 0
        return negative ? -value : value
    }
}

extension NumberRendering {
    /// A finite number in plain decimal notation (no exponent), for decimal arithmetic.
    static func plainDecimal(_ x: Double) -> String {
        if x == 0 { return "0" }
        let (digits, n) = shortestDigits(abs(x))
        let sign = x < 0 ? "-" : ""
        if n <= 0 { return sign + "0." + String(repeating: "0", count: -n) + digits }
        if n >= digits.count { return sign + digits + String(repeating: "0", count: n - digits.count) }
        let cut = digits.index(digits.startIndex, offsetBy: n)
        return sign + digits[..<cut] + "." + digits[cut...]
    }
}
