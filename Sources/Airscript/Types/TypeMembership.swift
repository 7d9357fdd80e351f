/// Whether a runtime value belongs to a static type: the contract between checker and evaluator
/// ("where the checker says T, evaluation yields a T, or NULL where T is nullable").
extension StaticType {
    /// Whether `value` is one of the type's values (types.md §4.2).
    public func admits(_ value: Value) -> Bool {
        switch (self, value) {
        case (.any, _): return true
        case (.never, _): return false
        case (.null, .null): return true
        case (.optional, .null): return true
        case (.optional(let t), _): return t.admits(value)
        case (.boolean, .bool), (.number, .number), (.date, .date), (.time, .time), (.dateTime, .dateTime),
            (.currency, .currency):
            return true
        case (.text, .text), (.email, .text), (.phone, .text): return true
        case (.literals(let values), .text(let s)): return values.contains(s)
        case (.list(let e), .list(let elements)): return elements.allSatisfy { e.admits($0) }
        case (.union(let options), _): return options.contains { $0.admits(value) }
        case (.object, _), (.asset, _), (.detailedAsset, _): return value.objectFields != nil
        case (.dict(let t), _):
            guard let fields = value.objectFields else { return false }
            return fields.values.allSatisfy { t.admits($0) }
        case (.record(let r), _):
            guard let fields = value.objectFields else { return false }
            for (key, field) in r.fields {
                guard let v = fields[key] else {
                    if field.isOptional { continue }
                    return false
                }
                if !field.type.admits(v) && !(field.isOptional && v.isNull) { return false }
            }
            return r.isOpen || fields.keys.allSatisfy { r.fields[$0] != nil }
        default:
            return false
        }
    }
}
