/// Typing of query expressions (types.md §4.4, Queries).
extension Checker {
    mutating func queryType(_ q: QueryExpression, _ e: Expr) -> StaticType {
        let source = type(of: q.source)
        var item = StaticType.any, index = StaticType.any
        switch source.nonNull {
        case .any:
            break
        case .null, .never:
            report("W0405", "a query over NULL is always empty", q.source.span)
            item = .never
        case .list(let e):
            item = e
            index = .number
        default:
            if let e = elementType(source) {
                item = e
                index = .text
            } else {
                report("E0310", "a query can only iterate a List or an Object, found \(source)", q.source.span)
            }
        }
        if source.isNullable {
            report("W0404", "the source may be NULL; the query yields []", q.source.span)
        }
        // LIMIT and OFFSET are evaluated outside the query's scope.
        for bound in [q.limit, q.offset].compactMap({ $0 }) {
            let t = type(of: bound)
            if t != .any && t != .null && t.nonNull != .number {
                report("E0305", "LIMIT and OFFSET take a Number, found \(t)", bound.span)
            }
        }
        if let slots = resolution.querySlots(e) {
            slotTypes[slots.item] = item
            if let slot = slots.index { slotTypes[slot] = index }
            if let slot = slots.collection { slotTypes[slot] = source }
        }
        if let p = q.predicate { checkTruthiness(type(of: p), "WHERE", p.span) }
        if let order = q.order {
            let key = type(of: order.key)
            if key != .any && key != .null && key.nonNull.orderedFamily == nil {
                report(
                    "E0306", "ORDER BY key of type \(key) cannot be sorted", order.key.span,
                    help: "sort by a Number, Text, Date, Time, DateTime or Currency")
            }
        }
        guard let select = q.select else { return .list(item) }
        let value = type(of: select.value)
        if let keyExpr = select.key {
            let key = type(of: keyExpr)
            switch key.nonNull {
            case .any, .never, .null, .number, .text, .email, .phone, .literals: break
            default: report("E0305", "a SELECT key must be Text or Number, found \(key)", keyExpr.span)
            }
            return .dict(value)
        }
        return .list(value)
    }
}
