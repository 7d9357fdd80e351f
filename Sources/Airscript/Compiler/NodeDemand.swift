extension Node {
    /// Calls `body` with each node this one evaluates directly.
    func forEachChild(_ body: (Node) -> Void) {
        switch self {
        case .constant, .slot:
            break
        case .template(let parts):
            for case .value(let n) in parts { body(n) }
        case .list(let elements):
            elements.forEach(body)
        case .object(let members):
            for m in members {
                if case .computed(let key, _) = m.key { body(key) }
                body(m.value)
            }
        case .negate(let x, _):
            body(x)
        case .arithmetic(_, let l, let r, _), .equal(let l, let r, _), .ordering(_, let l, let r, _),
             .and(let l, let r), .or(let l, let r), .xor(let l, let r), .index(let l, let r):
            body(l)
            body(r)
        case .memberPath(let receiver, _):
            body(receiver)
        case .slice(let receiver, let from, let to):
            body(receiver)
            from.map(body)
            to.map(body)
        case .wildcard(let receiver, _, let rest):
            body(receiver)
            body(rest)
        case .filter(let receiver, _, let predicate):
            body(receiver)
            body(predicate)
        case .call(let call):
            call.arguments.forEach(body)
        case .userCall(_, let arguments, _):
            arguments.forEach(body)
        case .conditional(let pairs, let otherwise):
            for pair in pairs {
                body(pair.condition)
                body(pair.value)
            }
            otherwise.map(body)
        case .query(let q):
            for n in [q.source, q.predicate, q.orderKey, q.limit, q.offset, q.selectKey, q.selectValue] { n.map(body) }
        }
    }

    /// What this node reads of the value in `slot` (a root: roots' slots are never reused); nil
    /// when it does not read it. Only a path of names straight from the slot narrows the demand;
    /// any other use of the value (whole, indexed, iterated, passed to a function) reads all of it.
    func demand(onSlot slot: Int) -> FieldDemand? {
        switch self {
        case .slot(let s):
            return s == slot ? .all : nil
        case .memberPath(.slot(let s), let names) where s == slot:
            return FieldDemand(path: names)
        default:
            var demand: FieldDemand?
            forEachChild { child in
                if let d = child.demand(onSlot: slot) { demand = demand.map { $0.union(d) } ?? d }
            }
            return demand
        }
    }
}

extension Program {
    /// What the program reads of a root; nil when it does not read it.
    public func demand(ofRoot name: String) -> FieldDemand? {
        guard let slot = rootNames.firstIndex(of: name) else { return nil }
        return root.demand(onSlot: slot)
    }
}
