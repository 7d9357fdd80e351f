import Foundation

/// Arithmetic and ordering (language.md §5.1, §5.2, §5.4).
extension Evaluator {
    func negate(_ v: Value, _ span: SourceSpan) throws(RuntimeError) -> Value {
        switch v {
        case .null: return .null
        case .number(let n): return .number(-n)
        case .currency(let c):
            try Money.validate(c, span)
            return .currency(CurrencyValue(amount: c.amount == 0 ? 0 : -c.amount, code: c.code, precision: c.precision))
        default:
            throw RuntimeError("R0502", "cannot apply `-` to \(v.kindName)", at: span)
        }
    }

    /// R0511 when a produced text would pass `maxTextBytes`.
    func checkTextSize(_ bytes: Int, _ span: SourceSpan) throws(RuntimeError) {
        if bytes > context.limits.maxTextBytes {
            throw RuntimeError(
                "R0511", "evaluation limit exceeded: a text longer than \(context.limits.maxTextBytes) bytes (maxTextBytes)", at: span,
                limit: .maxTextBytes)
        }
    }

    /// R0511 when a produced list or object would pass `maxCollectionSize`.
    func checkCollectionSize(_ count: Int, _ span: SourceSpan) throws(RuntimeError) {
        if count > context.limits.maxCollectionSize {
            throw RuntimeError(
                "R0511", "evaluation limit exceeded: a collection of more than \(context.limits.maxCollectionSize) elements (maxCollectionSize)",
                at: span, limit: .maxCollectionSize)
        }
    }

    /// Kinds that can ever be valid operands of `op`, for the NULL rule (D8).
    private static func canBeOperand(_ v: Value, of op: BinaryOperator) -> Bool {
        switch (op, v) {
        case (_, .null), (_, .number): return true
        case (.add, .text), (.add, .list): return true
        case (.add, .currency), (.subtract, .currency), (.multiply, .currency), (.divide, .currency): return true
        default: return false
        }
    }

    func arithmetic(_ op: BinaryOperator, _ l: Value, _ r: Value, _ span: SourceSpan) throws(RuntimeError) -> Value {
        switch (l, r) {
        case (.number(let a), .number(let b)):
            switch op {
            case .add: return .number(a + b)
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            case .divide:
                if b == 0 { throw RuntimeError("R0501", "division by zero", at: span, label: "the divisor is 0") }
                return .number(a / b)
            case .remainder:
                if b == 0 { throw RuntimeError("R0501", "division by zero", at: span, label: "the divisor is 0") }
                return .number(fmod(a, b))
            default: break
            }
        case (.text(let a), .text(let b)) where op == .add:
            try checkTextSize(a.utf8.count + b.utf8.count, span)
            return .text(a + b)
        case (.list(let a), .list(let b)) where op == .add:
            try checkCollectionSize(a.count + b.count, span)
            return .list(a + b)
        case (.currency(let a), .currency(let b)):
            switch op {
            case .add, .subtract: return .currency(try Money.addOrSubtract(a, b, subtract: op == .subtract, span))
            case .divide: return .number(try Money.ratio(a, b, span))
            default: break
            }
        case (.currency(let a), .number(let n)) where op == .multiply || op == .divide:
            return .currency(try Money.scale(a, by: n, dividing: op == .divide, span))
        case (.number(let n), .currency(let a)) where op == .multiply:
            return .currency(try Money.scale(a, by: n, dividing: false, span))
        default:
            break
        }
        if (l.isNull && Evaluator.canBeOperand(r, of: op)) || (r.isNull && Evaluator.canBeOperand(l, of: op)) {
            return .null
        }
        throw RuntimeError(
            "R0502", "cannot apply `\(op.rawValue)` to \(l.kindName) and \(r.kindName)", at: span,
            help: Evaluator.arithmeticHint(op, l, r))
    }

    static func arithmeticHint(_ op: BinaryOperator, _ l: Value, _ r: Value) -> String? {
        switch (l, r) {
        case (.text, _) where op == .add, (_, .text) where op == .add:
            return "join text with a template \"{{a}}{{b}}\" or CONCAT(a, b)"
        case (.object, .object) where op == .add:
            return "combine objects with MERGE_OBJECTS(a, b)"
        case (.date, _), (.dateTime, _), (.time, _), (_, .date), (_, .dateTime), (_, .time):
            return "use ADD_TO_DATE, ADD_TO_DATETIME or the *_DELTA functions"
        case (.currency, .number), (.number, .currency):
            return "build the other amount with CURRENCY(amount, code, precision)"
        default:
            return nil
        }
    }

    /// `a op b` for two Numbers (FALSE when either is NaN).
    @inline(__always)
    static func order(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Bool {
        switch op {
        case .less: a < b
        case .lessEqual: a <= b
        case .greater: a > b
        default: a >= b
        }
    }

    /// `<`, `<=`, `>`, `>=`: NULL with a NULL operand, FALSE for two Lists or two Objects, R0503 for
    /// kinds that cannot be ordered together.
    func ordering(_ op: BinaryOperator, _ l: Value, _ r: Value, _ span: SourceSpan) throws(RuntimeError) -> Value {
        if l.isNull || r.isNull { return .null }
        if case .number(let a) = l, case .number(let b) = r { return .bool(Evaluator.order(op, a, b)) }
        switch (l, r) {
        case (.list, .list), (.object, .object): return .bool(false)
        default: break
        }
        guard let order = try Evaluator.compare(l, r, span, code: "R0503") else {
            // NaN involved.
            return .bool(false)
        }
        switch op {
        case .less: return .bool(order < 0)
        case .lessEqual: return .bool(order <= 0)
        case .greater: return .bool(order > 0)
        default: return .bool(order >= 0)
        }
    }

    /// Three-way comparison of two orderable values of the same family; nil when NaN is involved.
    static func compare(_ l: Value, _ r: Value, _ span: SourceSpan, code: DiagnosticCode) throws(RuntimeError) -> Int? {
        func cmp(_ a: Double, _ b: Double) -> Int? {
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a > b ? 1 : 0)
        }
        switch (l, r) {
        case (.number(let a), .number(let b)):
            return cmp(a, b)
        case (.text(let a), .text(let b)):
            if String.sameCodeUnits(a, b) { return 0 }
            return String.utf16Less(a, b) ? -1 : 1
        case (.date(let a), .date(let b)):
            return cmp(a.year, b.year).flatMap { $0 != 0 ? $0 : cmp(a.month, b.month).flatMap { $0 != 0 ? $0 : cmp(a.day, b.day) } }
        case (.time(let a), .time(let b)):
            let x = a.hour * 3_600_000 + a.minute * 60_000 + a.second * 1000 + a.millisecond
            let y = b.hour * 3_600_000 + b.minute * 60_000 + b.second * 1000 + b.millisecond
            return cmp(x, y)
        case (.dateTime(let a), .dateTime(let b)):
            // `instant` validates the fields; only a failure asks which rule was broken, the
            // fields of either side before either zone.
            if let x = a.instant, let y = b.instant { return cmp(x, y) }
            for dt in [a, b] {
                if let problem = CalendarRules.problem(with: dt.date) ?? CalendarRules.problem(with: dt.time) {
                    throw RuntimeError("R0510", problem, at: span)
                }
            }
            let unknown = a.instant == nil ? a.timeZone : b.timeZone
            throw RuntimeError("R0508", "unknown time zone `\(unknown)`", at: span)
        case (.currency(let a), .currency(let b)):
            let (x, y) = try Money.aligned(a, b, span)
            return cmp(x, y)
        default:
            if code == "R0515" {
                throw RuntimeError(code, "ORDER BY cannot compare \(l.kindName) and \(r.kindName)", at: span)
            }
            throw RuntimeError(code, "cannot order \(l.kindName) and \(r.kindName)", at: span)
        }
    }
}
