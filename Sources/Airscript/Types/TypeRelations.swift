import OrderedCollections

/// Subtyping, joins and disjointness of static types (spec/types.md §4.2).
extension StaticType {
    /// `self <: other`.
    public func isSubtype(of other: StaticType) -> Bool {
        if self == other { return true }
        switch (self, other) {
        case (.never, _), (_, .any): return true
        case (.any, _): return false
        case (.null, .optional), (.null, .null): return true
        case (.optional(let a), .optional(let b)): return a.isSubtype(of: b)
        case (.optional, _): return false
        case (_, .optional(let b)): return isSubtype(of: b)
        case (.email, .text), (.phone, .text): return true
        case (.literals, .text): return true
        case (.literals(let a), .literals(let b)): return Set(a).isSubset(of: Set(b))
        case (.list(let a), .list(let b)): return a.isSubtype(of: b)
        case (.dict(let a), .dict(let b)): return a.isSubtype(of: b)
        case (_, .union(let options)): return options.contains { isSubtype(of: $0) }
        case (.union(let options), _): return options.allSatisfy { $0.isSubtype(of: other) }
        case (.detailedAsset, .asset): return true
        case (_, .object): return isObjectLike
        case (.record(let r), .dict(let t)): return r.fields.values.allSatisfy { $0.type.isSubtype(of: t) }
        case (.record(let a), .record(let b)): return StaticType.recordIsSubtype(a, b)
        default:
            if let fields = specialFields, case .record(let b) = other { return StaticType.recordIsSubtype(fields, b) }
            return false
        }
    }

    static func recordIsSubtype(_ a: Record, _ b: Record) -> Bool {
        for (key, field) in b.fields {
            if let mine = a.fields[key] {
                if !field.isOptional && mine.isOptional { return false }
                if !mine.type.isSubtype(of: field.type) { return false }
            } else if !field.isOptional {
                return false
            }
        }
        return b.isOpen || a.fields.keys.allSatisfy { b.fields[$0] != nil }
    }

    /// The least upper bound `A ⊔ B`.
    public func join(_ other: StaticType) -> StaticType {
        if self == other { return self }
        switch (self, other) {
        case (.never, let t), (let t, .never): return t
        case (.any, _), (_, .any): return .any
        case (.null, let t), (let t, .null): return t.nullable
        case (.optional(let a), let b), (let b, .optional(let a)): return a.join(b.nonNull).nullable
        case (.email, .text), (.text, .email), (.phone, .text), (.text, .phone), (.email, .phone), (.phone, .email): return .text
        case (.literals, .text), (.text, .literals): return .text
        case (.literals(let a), .literals(let b)): return .literals(Array(OrderedSet(a + b)))
        case (.list(let a), .list(let b)): return .list(a.join(b))
        case (.dict(let a), .dict(let b)): return .dict(a.join(b))
        case (.record(let a), .record(let b)): return .record(StaticType.joinRecords(a, b))
        case (.record(let a), let special), (let special, .record(let a)):
            if let fields = special.specialFields { return .record(StaticType.joinRecords(a, fields)) }
            if special == .object || special.isObjectLike { return .object }
            return .any
        default:
            if let a = specialFields, let b = other.specialFields { return .record(StaticType.joinRecords(a, b)) }
            if isObjectLike && other.isObjectLike { return .object }
            return .any
        }
    }

    static func joinRecords(_ a: Record, _ b: Record) -> Record {
        var fields = OrderedDictionary<String, Field>()
        for (key, field) in a.fields {
            if let other = b.fields[key] {
                fields[key] = Field(field.type.join(other.type), optional: field.isOptional || other.isOptional)
            } else {
                fields[key] = Field(field.type, optional: true)
            }
        }
        for (key, field) in b.fields where fields[key] == nil { fields[key] = Field(field.type, optional: true) }
        return Record(fields: fields, isOpen: a.isOpen || b.isOpen)
    }

    /// The family of values, for "these can never be equal" (W0402).
    private var family: String? {
        switch nonNull {
        case .boolean: "Boolean"
        case .number: "Number"
        case .text, .email, .phone, .literals: "Text"
        case .list: "List"
        case .date: "Date"
        case .time: "Time"
        case .dateTime: "DateTime"
        case .currency: "Currency"
        case .record, .dict, .object, .asset, .detailedAsset: "Object"
        default: nil
        }
    }

    /// Whether no value belongs to both types (so `=` is always FALSE).
    public func isDisjoint(from other: StaticType) -> Bool {
        if admitsNull && other.admitsNull { return false }
        guard let a = family, let b = other.family, a != b else { return false }
        let specials: Set<String> = ["Date", "Time", "DateTime", "Currency"]
        // A plain object can have a special shape.
        if (a == "Object" && specials.contains(b)) || (b == "Object" && specials.contains(a)) { return false }
        return true
    }

    /// The families `<` can order (types.md §4.4), or nil.
    var orderedFamily: String? {
        switch nonNull {
        case .number: "Number"
        case .text, .email, .phone, .literals: "Text"
        case .date: "Date"
        case .time: "Time"
        case .dateTime: "DateTime"
        case .currency: "Currency"
        default: nil
        }
    }
}

extension StaticType {
    /// The type of a JSON sample (types.md §4.3): records are open, `null` says nothing (Any),
    /// list elements are joined, special shapes are recognised.
    public static func inferred(from value: Value) -> StaticType {
        switch value {
        case .null: return .any
        case .bool: return .boolean
        case .number: return .number
        case .text: return .text
        case .date: return .date
        case .time: return .time
        case .dateTime: return .dateTime
        case .currency: return .currency
        case .list(let elements):
            guard !elements.isEmpty else { return .list(.any) }
            var element = StaticType.never
            for e in elements { element = element.join(inferred(from: e)) }
            return .list(element)
        case .object(let fields):
            var record = OrderedDictionary<String, Field>()
            for (key, v) in fields { record[key] = Field(inferred(from: v)) }
            return .record(Record(fields: record, isOpen: true))
        }
    }
}
