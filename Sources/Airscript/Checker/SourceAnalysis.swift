/// One expression as the checker saw it: the tree, what its names refer to, and every node's
/// static type. An editor asks it what stands at a place of the text (hover, go to definition)
/// without checking anything a second time.
package struct SourceAnalysis: Sendable {
    package let source: Source
    /// The tree; nil when the text does not parse far enough to have one.
    package let root: Expr?
    package let resolution: Resolution
    /// The type of the whole expression.
    package let type: StaticType?
    /// Every node's type, by node id.
    package let nodeTypes: [Int: StaticType]
    /// Everything the pipeline reported, in source order.
    package let diagnostics: [Diagnostic]

    /// The innermost node whose span holds `offset` (a cursor just after a name counts as on it).
    package func node(at offset: Int) -> Expr? {
        guard let root, root.span.start <= offset, offset <= root.span.end else { return nil }
        var found = root
        var changed = true
        while changed {
            changed = false
            for child in found.children where child.span.start <= offset && offset <= child.span.end && child.span != found.span {
                found = child
                changed = true
                break
            }
        }
        return found
    }

    /// The static type the checker gave `node`.
    package func type(of node: Expr) -> StaticType? { nodeTypes[node.id] }

    /// The span of the query binding a local variable refers to (`FROM c IN …` for `c`).
    package func binding(of variable: Expr) -> SourceSpan? {
        guard case .variable(let name) = variable.kind, case .local(let slot)? = resolution.variable(variable), let root else { return nil }
        var found: SourceSpan?
        root.visit { node in
            guard case .query(let query) = node.kind, let slots = resolution.querySlots(node) else { return }
            let candidates: [(QueryBinding?, Int?)] = [(query.item, slots.item), (query.index, slots.index), (query.collection, slots.collection)]
            for case (let binding?, let bound?) in candidates where bound == slot && binding.name == name {
                // The nearest binding before the use: slots are reused by sibling queries.
                if binding.span.start <= variable.span.start, found.map({ $0.start < binding.span.start }) ?? true {
                    found = binding.span
                }
            }
        }
        return found
    }

    /// The user-defined function a call node invokes, if it is one.
    package func userFunction(calledBy node: Expr) -> UserFunction? {
        if case .user(_, let function)? = resolution.callee(node) { return function }
        return nil
    }
}

extension Expr {
    /// The node's direct sub-expressions, in source order.
    package var children: [Expr] {
        switch kind {
        case .number, .text, .boolean, .null, .variable, .filterElement, .wildcardElement: return []
        case .template(let parts): return parts.compactMap { if case .hole(let e) = $0 { e } else { nil } }
        case .call(let call): return call.arguments
        case .list(let elements): return elements
        case .object(let members):
            return members.flatMap { member -> [Expr] in
                var keys: [Expr] = []
                if case .template(let parts) = member.key {
                    keys = parts.compactMap { if case .hole(let e) = $0 { e } else { nil } }
                }
                return keys + [member.value]
            }
        case .group(let inner), .negate(let inner): return [inner]
        case .binary(_, let lhs, let rhs): return [lhs, rhs]
        case .property(let receiver, _, _): return [receiver]
        case .index(let receiver, let index): return [receiver, index]
        case .slice(let receiver, let from, let to): return [receiver] + [from, to].compactMap { $0 }
        case .wildcard(let receiver, let rest): return [receiver, rest]
        case .filter(let receiver, let predicate): return [receiver, predicate]
        case .query(let q):
            var all = [q.source]
            all += [q.predicate, q.order?.key, q.limit, q.offset, q.select?.key, q.select?.value].compactMap { $0 }
            return all.sorted { $0.span.start < $1.span.start }
        }
    }

    /// Calls `body` on this node and every node under it, parents first.
    package func visit(_ body: (Expr) -> Void) {
        body(self)
        for child in children { child.visit(body) }
    }
}
