import OrderedCollections

/// The static checker (spec/types.md Part B): computes a type for every node, bottom-up, and reports
/// what will certainly fail (errors) and what is suspicious (warnings). Names come resolved
/// (`Resolution`): the checker only types them. It is conservative: an `Any`
/// operand satisfies every rule, so no error is ever derived from missing knowledge.
package struct Checker {
    let source: Source
    /// What the tree's names refer to: the checker types it and reports nothing about names.
    let resolution: Resolution
    /// The static types of the roots, by position.
    let rootTypes: [StaticType]
    /// The static types of the frame slots while they are bound (query bindings).
    var slotTypes: [StaticType]
    var filterElements: [StaticType] = []
    var wildcardElements: [StaticType] = []
    /// Logical nodes already reported as part of a chain (W0403 once per chain).
    var chainTops: Set<Int> = []
    package private(set) var diagnostics: [Diagnostic] = []
    /// Every node's type by node id, when asked for (`recordsTypes`): what an editor shows on hover.
    package private(set) var nodeTypes: [Int: StaticType] = [:]
    /// Whether to keep every node's type in `nodeTypes` (off when compiling: nobody reads them).
    package var recordsTypes = false

    package init(source: Source, resolution: Resolution, rootTypes: [StaticType]) {
        self.source = source
        self.resolution = resolution
        self.rootTypes = rootTypes
        self.slotTypes = Array(repeating: .any, count: resolution.slotCount)
    }

    /// Checks a tree; returns its type (diagnostics in `diagnostics`).
    package mutating func check(_ e: Expr) -> StaticType {
        type(of: e)
    }

    mutating func report(
        _ code: DiagnosticCode, _ message: String, _ span: SourceSpan, help: String? = nil,
        secondary: [DiagnosticLabel] = [], fixes: [DiagnosticFix] = []
    ) {
        guard diagnostics.count < 50 else { return }
        var diagnostic = Diagnostic(code, message, at: span, secondary: secondary, help: help)
        diagnostic.fixes = fixes
        diagnostics.append(diagnostic)
    }

    func text(_ span: SourceSpan) -> String {
        let t = source.text(of: span)
        return t.count > 40 ? String(t.prefix(37)) + "…" : t
    }

    mutating func type(of e: Expr) -> StaticType {
        let t = inferredType(of: e)
        if recordsTypes { nodeTypes[e.id] = t }
        return t
    }

    private mutating func inferredType(of e: Expr) -> StaticType {
        switch e.kind {
        case .number: return .number
        case .text: return .text
        case .boolean: return .boolean
        case .null: return .null
        case .template(let parts):
            checkTemplate(parts)
            return .text
        case .variable:
            switch resolution.variable(e) {
            case .root(let i)?: return rootTypes[i]
            case .local(let slot)?: return slotTypes[slot]
            case nil: return .any  // unknown: the resolver reported it
            }
        case .filterElement:
            return filterElements.last ?? .any
        case .wildcardElement:
            return wildcardElements.last ?? .any
        case .group(let inner):
            return type(of: inner)
        case .list(let elements):
            var element = StaticType.never
            for x in elements { element = element.join(type(of: x)) }
            return .list(element)
        case .object(let members):
            return objectType(members)
        case .negate(let operand):
            let t = type(of: operand)
            switch t.nonNull {
            case .any, .number, .currency, .null, .never: return t
            default:
                report("E0305", "cannot apply `-` to \(t)", e.span, help: "unary minus applies to a Number or a Currency")
                return .any
            }
        case .binary(let op, let lhs, let rhs):
            return binaryType(op, lhs, rhs, e)
        case .property(let receiver, let name, let nameSpan):
            let t = type(of: receiver)
            return member(t, name, receiverSpan: receiver.span, nameSpan: nameSpan)
        case .index(let receiver, let index):
            return indexType(type(of: receiver), type(of: index), receiver: receiver, index: index, span: e.span)
        case .slice(let receiver, let from, let to):
            let t = type(of: receiver)
            // Bounds that are integer literals (or absent) cannot make the slice NULL; others can.
            var mayBeNull = false
            for bound in [from, to].compactMap({ $0 }) {
                let b = type(of: bound)
                if b.nonNull != .number && b != .any {
                    report("W0405", "a slice bound of type \(b) always gives NULL", bound.span, help: "slice bounds are Numbers")
                    return .null
                }
                if case .number(let n) = bound.kind, n == n.rounded() { continue }
                if case .negate(let inner) = bound.kind, case .number(let n) = inner.kind, n == n.rounded() { continue }
                mayBeNull = true
            }
            switch t.nonNull {
            case .any: return .any
            case .null: return .null
            case .list: return mayBeNull ? t.nullable : t
            default:
                report("W0405", "slicing \(t) is always NULL", e.span, help: "slices apply to Lists")
                return .null
            }
        case .wildcard(let receiver, let rest):
            let t = type(of: receiver)
            guard let element = elementType(t) else {
                if t == .any {
                    wildcardElements.append(.any)
                    _ = type(of: rest)
                    wildcardElements.removeLast()
                    return .any
                }
                if t.nonNull != .null { report("W0405", "`[*]` on \(t) is always NULL", e.span, help: "`[*]` maps over a List or an Object") }
                return .null
            }
            wildcardElements.append(element)
            let r = type(of: rest)
            wildcardElements.removeLast()
            return t.isNullable ? StaticType.list(r).nullable : .list(r)
        case .filter(let receiver, let predicate):
            let t = type(of: receiver)
            let element = elementType(t)
            filterElements.append(element ?? .any)
            let p = type(of: predicate)
            filterElements.removeLast()
            checkTruthiness(p, "[?( )]", predicate.span)
            guard let element else {
                if t == .any { return .any }
                if t.nonNull != .null { report("W0405", "a filter on \(t) is always NULL", e.span) }
                return .null
            }
            return t.isNullable ? StaticType.list(element).nullable : .list(element)
        case .call(let call):
            return callType(call, e)
        case .query(let q):
            return queryType(q, e)
        }
    }

    mutating func checkTemplate(_ parts: [TemplatePart]) {
        for case .hole(let h) in parts {
            let t = type(of: h)
            if t.nonNull.isListLike || (t.nonNull.isObjectLike && t.nonNull.specialFields == nil) {
                report(
                    "W0421", "interpolating a \(t.nonNull.isListLike ? "List" : "Object") inserts its JSON text", h.span,
                    help: "pick a field, or use JOIN for a list")
            }
        }
    }

    mutating func objectType(_ members: [ObjectMember]) -> StaticType {
        var fields = OrderedDictionary<String, StaticType.Field>()
        var computed = false
        var valueJoin = StaticType.never
        var seen: [String: SourceSpan] = [:]
        for m in members {
            let v = type(of: m.value)
            valueJoin = valueJoin.join(v)
            switch m.key {
            case .word(let k), .text(let k):
                if let first = seen[k] {
                    report(
                        "W0415", "duplicate key `\(k)` in object literal; the last value wins", m.keySpan,
                        secondary: [DiagnosticLabel(span: first, message: "first written here")])
                }
                seen[k] = m.keySpan
                fields[k] = StaticType.Field(v)
            case .template(let parts):
                checkTemplate(parts)
                computed = true
            }
        }
        if computed { return .dict(valueJoin == .never ? .any : valueJoin) }
        let record = StaticType.Record(fields: fields, isOpen: false)
        // Shape recognition: exactly the special keys, with fitting values.
        for special in [StaticType.date, .time, .dateTime, .currency] {
            if let shape = special.specialFields, Set(shape.fields.keys) == Set(fields.keys),
                shape.fields.allSatisfy({ key, f in fields[key].map { $0.type.nonNull == f.type || $0.type == .any } ?? false }),
                fields.values.allSatisfy({ !$0.type.isNullable })
            {
                return special
            }
        }
        return .record(record)
    }

    /// The element type iterated by `[*]`, filters and queries: a List's, or an object's values.
    func elementType(_ t: StaticType) -> StaticType? {
        switch t.nonNull {
        case .list(let e): return e
        case .dict(let v): return v
        case .record(let r): return r.fields.values.reduce(StaticType.never) { $0.join($1.type) }.nonNever(r.isOpen)
        case .object: return .any
        default:
            if let fields = t.nonNull.specialFields { return fields.fields.values.reduce(StaticType.never) { $0.join($1.type) } }
            return nil
        }
    }

    /// Property access `t.name` (types.md §4.4).
    mutating func member(_ t: StaticType, _ name: String, receiverSpan: SourceSpan, nameSpan: SourceSpan) -> StaticType {
        switch t {
        case .any, .object: return .any
        case .null, .never: return .null
        case .optional(let inner):
            return member(inner, name, receiverSpan: receiverSpan, nameSpan: nameSpan).nullable
        case .dict(let v): return v.nullable
        case .record(let r):
            if let f = r.fields[name] { return f.isOptional ? f.type.nullable : f.type }
            if r.isOpen {
                let keys = Array(r.fields.keys)
                let caseInsensitive = keys.filter { $0.lowercased() == name.lowercased() }
                let near = caseInsensitive.isEmpty ? nearestNames(to: name, among: keys) : caseInsensitive
                report(
                    "W0401", "property `\(name)` is not in the sample for `\(text(receiverSpan))`", nameSpan,
                    help: didYouMean(near), fixes: DiagnosticFix.renaming(nameSpan, to: near.filter(\.isPlainName)))
                return .any
            }
            let near = nearestNames(to: name, among: Array(r.fields.keys))
            report(
                "W0405", "property `\(name)` of \(t) is always NULL", nameSpan,
                help: didYouMean(near), fixes: DiagnosticFix.renaming(nameSpan, to: near.filter(\.isPlainName)))
            return .null
        default:
            if let fields = t.specialFields {
                return member(.record(fields), name, receiverSpan: receiverSpan, nameSpan: nameSpan)
            }
            report(
                "W0405", "property access on \(t) is always NULL", nameSpan,
                help: t.isListLike ? "to read `\(name)` of each element write `[*].\(name)`" : nil)
            return .null
        }
    }

    mutating func indexType(_ t: StaticType, _ i: StaticType, receiver: Expr, index: Expr, span: SourceSpan) -> StaticType {
        if t == .any || i == .any { return .any }
        switch i.nonNull {
        case .number:
            switch t.nonNull {
            case .list(let e):
                if case .list(let elements) = receiver.kind, case .number(let n) = index.kind, !elements.isEmpty,
                    n >= Double(elements.count) || n < -Double(elements.count)
                {
                    report(
                        "W0405",
                        "index \(NumberRendering.javaScript(n)) is out of range of this \(elements.count)-element list; the result is always NULL",
                        span)
                    return .null
                }
                return e.nullable
            case .null: return .null
            default:
                if t.nonNull.isObjectLike { return .any }
                report("W0405", "indexing \(t) is always NULL", span)
                return .null
            }
        case .text, .email, .phone, .literals:
            switch t.nonNull {
            case .dict(let v): return v.nullable
            case .null: return .null
            default:
                if t.nonNull.isObjectLike {
                    if case .text(let key) = index.kind { return member(t, key, receiverSpan: receiver.span, nameSpan: index.span) }
                    return .any
                }
                report("W0405", "a Text key on \(t) is always NULL", span)
                return .null
            }
        case .null:
            return .null
        default:
            report("W0405", "an index of type \(i) is always NULL", index.span, help: "index with a Number or a Text key")
            return .null
        }
    }

    mutating func checkTruthiness(_ t: StaticType, _ op: String, _ span: SourceSpan) {
        switch t.nonNull {
        case .boolean, .null, .any, .never: return
        default:
            report("W0407", "operand of `\(op)` is \(t); its truthiness is used", span)
        }
    }
}

extension StaticType {
    fileprivate func nonNever(_ open: Bool) -> StaticType {
        if open { return .any }
        return self == .never ? .any : self
    }
}
