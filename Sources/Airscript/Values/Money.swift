import Foundation

/// Currency arithmetic (D13, D14): integer minor units, precisions aligned, rounding half away from zero.
enum Money {
    static let maxAmount = 9_007_199_254_740_992.0

    static func validate(_ c: CurrencyValue, _ span: SourceSpan) throws(RuntimeError) {
        guard c.amount.isFinite, c.amount == c.amount.rounded() else {
            throw RuntimeError("R0505", "invalid Currency: amount \(NumberRendering.javaScript(c.amount)) is not an integer", at: span)
        }
        guard abs(c.amount) <= maxAmount else {
            throw RuntimeError("R0505", "invalid Currency: amount out of range", at: span)
        }
        guard c.precision == c.precision.rounded(), c.precision >= 0, c.precision <= 15 else {
            throw RuntimeError("R0505", "invalid Currency: precision must be an integer from 0 to 15", at: span)
        }
    }

    static func sameCode(_ a: CurrencyValue, _ b: CurrencyValue, _ span: SourceSpan) throws(RuntimeError) {
        guard a.code == b.code else {
            throw RuntimeError("R0504", "currency codes differ: \(a.code) and \(b.code)", at: span)
        }
    }

    /// Both amounts at the larger precision.
    static func aligned(_ a: CurrencyValue, _ b: CurrencyValue, _ span: SourceSpan) throws(RuntimeError) -> (Double, Double) {
        try validate(a, span)
        try validate(b, span)
        try sameCode(a, b, span)
        let p = max(a.precision, b.precision)
        return (a.amount * pow(10, p - a.precision), b.amount * pow(10, p - b.precision))
    }

    static func checked(_ amount: Double, _ span: SourceSpan) throws(RuntimeError) -> Double {
        guard amount.isFinite, abs(amount) <= maxAmount else {
            throw RuntimeError("R0505", "invalid Currency: amount out of range", at: span)
        }
        return amount == 0 ? 0 : amount
    }

    static func addOrSubtract(_ a: CurrencyValue, _ b: CurrencyValue, subtract: Bool, _ span: SourceSpan) throws(RuntimeError) -> CurrencyValue {
        let (x, y) = try aligned(a, b, span)
        let amount = try checked(subtract ? x - y : x + y, span)
        return CurrencyValue(amount: amount, code: a.code, precision: max(a.precision, b.precision))
    }

    static func ratio(_ a: CurrencyValue, _ b: CurrencyValue, _ span: SourceSpan) throws(RuntimeError) -> Double {
        let (x, y) = try aligned(a, b, span)
        if y == 0 { throw RuntimeError("R0501", "division by zero", at: span, label: "the divisor is 0") }
        return x / y
    }

    static func scale(_ a: CurrencyValue, by n: Double, dividing: Bool, _ span: SourceSpan) throws(RuntimeError) -> CurrencyValue {
        try validate(a, span)
        if dividing && n == 0 { throw RuntimeError("R0501", "division by zero", at: span, label: "the divisor is 0") }
        let exact = dividing ? a.amount / n : a.amount * n
        let amount = try checked(DecimalRounding.round(exact), span)
        return CurrencyValue(amount: amount, code: a.code, precision: a.precision)
    }
}
