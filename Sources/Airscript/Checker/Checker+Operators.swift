/// Typing of operators (types.md §4.4): arithmetic, equality, ordering and the logical chain.
extension Checker {
    mutating func binaryType(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ e: Expr) -> StaticType {
        if op.isLogical { checkMixedChain(e) }
        let l = type(of: lhs), r = type(of: rhs)
        let opSpan = source.operatorSpan(between: lhs.span, and: rhs.span)
        switch op {
        case .add, .subtract, .multiply, .divide, .remainder:
            return arithmetic(op, l, r, lhs: lhs, rhs: rhs, opSpan: opSpan)
        case .equal, .notEqual:
            if l != .null && r != .null && l.isDisjoint(from: r) {
                report(
                    "W0402", "this comparison is always \(op == .equal ? "FALSE" : "TRUE"): \(l) and \(r) are never equal",
                    opSpan, secondary: [DiagnosticLabel(span: lhs.span, message: "\(l)"), DiagnosticLabel(span: rhs.span, message: "\(r)")])
            }
            return .boolean
        case .less, .lessEqual, .greater, .greaterEqual:
            return ordering(op, l, r, lhs: lhs, rhs: rhs, opSpan: opSpan)
        case .and, .or, .xor:
            checkTruthiness(l, op.rawValue, lhs.span)
            checkTruthiness(r, op.rawValue, rhs.span)
            return l.admitsNull || r.admitsNull ? .optional(.boolean) : .boolean
        }
    }

    /// W0403: an unparenthesised chain mixing AND, OR and XOR, reported once at its top.
    mutating func checkMixedChain(_ e: Expr) {
        guard !chainTops.contains(e.span.start), Checker.mixesOperators(e) else { return }
        var operators: [(BinaryOperator, SourceSpan)] = []
        var node = e
        var groupings: [String] = []
        while case .binary(let op, let lhs, let rhs) = node.kind, op.isLogical {
            operators.insert((op, source.operatorSpan(between: lhs.span, and: rhs.span)), at: 0)
            groupings.insert(text(rhs.span), at: 0)
            chainTops.insert(node.span.start)
            node = lhs
        }
        guard Set(operators.map(\.0)).count > 1, let first = operators.first,
            let change = operators.first(where: { $0.0 != first.0 })
        else { return }
        var grouping = text(node.span)
        for (k, (op, _)) in operators.enumerated() {
            grouping = "(\(grouping) \(op.rawValue) \(groupings[k]))"
        }
        let meaning = String(grouping.dropFirst().dropLast())
        report(
            "W0403", "AND/OR/XOR are evaluated left to right with equal precedence: this means `\(meaning)`; add parentheses",
            change.1, fixes: [DiagnosticFix(title: "Add parentheses: `\(meaning)`", span: e.span, replacement: meaning)])
    }

    /// Whether the logical chain topped by `e` uses more than one operator: most use one, and need
    /// none of the message's text.
    private static func mixesOperators(_ e: Expr) -> Bool {
        guard case .binary(let top, _, _) = e.kind else { return false }
        var node = e
        while case .binary(let op, let lhs, _) = node.kind, op.isLogical {
            if op != top { return true }
            node = lhs
        }
        return false
    }

    private mutating func arithmetic(
        _ op: BinaryOperator, _ l: StaticType, _ r: StaticType, lhs: Expr, rhs: Expr,
        opSpan: SourceSpan
    ) -> StaticType {
        if op == .divide || op == .remainder, case .number(0) = rhs.kind {
            report("E0309", "division by zero", opSpan, help: "the divisor is the literal 0")
            return .any
        }
        if l == .any || r == .any { return .any }
        if l == .never || r == .never { return .never }
        let a = l.nonNull, b = r.nonNull
        var result: StaticType? = nil
        switch (a, b) {
        case (.number, .number): result = .number
        case _ where a.isSubtype(of: .text) && b.isSubtype(of: .text) && a != .null && b != .null:
            if op == .add { result = .text }
        case (.list(let x), .list(let y)): if op == .add { result = .list(x.join(y)) }
        case (.currency, .currency):
            if op == .add || op == .subtract { result = .currency } else if op == .divide { result = .number }
        case (.currency, .number): if op == .multiply || op == .divide { result = .currency }
        case (.number, .currency): if op == .multiply { result = .currency }
        case (.null, .null): result = .null
        case (.null, let other), (let other, .null):
            if canBeOperand(other, op) { result = .null }
        default: break
        }
        guard let result else {
            let joinsText = op == .add && (a.isSubtype(of: .text) || b.isSubtype(of: .text))
            report(
                "E0305", "cannot apply `\(op.rawValue)` to \(l) and \(r)", opSpan, help: Checker.hint(op, a, b),
                secondary: [DiagnosticLabel(span: lhs.span, message: "\(l)"), DiagnosticLabel(span: rhs.span, message: "\(r)")],
                fixes: joinsText ? [templateFix(lhs, rhs)] : [])
            return .any
        }
        if result != .null && (l.isNullable || r.isNullable) {
            report("W0404", "operand may be NULL; the result will be NULL", l.isNullable ? lhs.span : rhs.span)
            return result.nullable
        }
        return result
    }

    private func canBeOperand(_ t: StaticType, _ op: BinaryOperator) -> Bool {
        switch t {
        case .number: return true
        case .text, .email, .phone, .literals, .list: return op == .add
        case .currency: return op != .remainder
        default: return false
        }
    }

    static func hint(_ op: BinaryOperator, _ a: StaticType, _ b: StaticType) -> String? {
        if op == .add && (a.isSubtype(of: .text) || b.isSubtype(of: .text)) { return "join text with a template \"{{a}}{{b}}\" or CONCAT(a, b)" }
        if op == .add && a.isObjectLike && b.isObjectLike { return "combine objects with MERGE_OBJECTS(a, b)" }
        if [a, b].contains(where: { $0 == .date || $0 == .dateTime || $0 == .time }) {
            return "use ADD_TO_DATE, ADD_TO_DATETIME or the *_DELTA functions"
        }
        if a == .currency || b == .currency { return "build the other amount with CURRENCY(amount, code, precision)" }
        return nil
    }

    private mutating func ordering(
        _ op: BinaryOperator, _ l: StaticType, _ r: StaticType, lhs: Expr, rhs: Expr,
        opSpan: SourceSpan
    ) -> StaticType {
        if l == .any || r == .any { return .optional(.boolean) }
        if l == .null || r == .null || l == .never || r == .never { return .null }
        let a = l.nonNull, b = r.nonNull
        if (a.isListLike && b.isListLike) || (isPlainObject(a) && isPlainObject(b)) {
            report("W0406", "ordering \(a.isListLike ? "List" : "Object") values is always FALSE", opSpan)
            return .boolean
        }
        guard let fa = a.orderedFamily, let fb = b.orderedFamily, fa == fb else {
            report(
                "E0306", "cannot order \(l) and \(r)", opSpan,
                secondary: [DiagnosticLabel(span: lhs.span, message: "\(l)"), DiagnosticLabel(span: rhs.span, message: "\(r)")])
            return .any
        }
        if l.isNullable || r.isNullable {
            report("W0404", "operand may be NULL; the comparison will be NULL", l.isNullable ? lhs.span : rhs.span)
            return .optional(.boolean)
        }
        return .boolean
    }

    private func isPlainObject(_ t: StaticType) -> Bool {
        switch t {
        case .record, .dict, .object: true
        default: false
        }
    }
}

extension Checker {
    /// The quick fix for `+` on Text: the two operands joined in a template, literal text kept as
    /// text and everything else in a hole (`"Hi " + payload.name` → `"Hi {{payload.name}}"`).
    func templateFix(_ lhs: Expr, _ rhs: Expr) -> DiagnosticFix {
        var parts: [TemplatePart] = []
        for operand in [lhs, rhs] {
            switch operand.kind {
            case .text(let s): parts.append(.text(s))
            case .template(let inner): parts += inner
            default: parts.append(.hole(operand))
            }
        }
        var template = ""
        Printer.writeTemplate(parts, into: &template)
        return DiagnosticFix(
            title: "Join with a template", span: SourceSpan(start: lhs.span.start, end: rhs.span.end), replacement: "\"\(template)\"")
    }
}

extension String {
    /// Whether the name can follow a `.` as written: a letter or `_`, then letters, digits and `_`.
    package var isPlainName: Bool {
        guard let first = unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
