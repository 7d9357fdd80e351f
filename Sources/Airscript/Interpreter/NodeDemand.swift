extension Node {
    /// Calls `body` with each node this one evaluates directly.
    func forEachChild(_ body: (Node) -> Void) {
        switch self {
        case .constant, .root, .local:
            break
        case .template(let parts):
            for case .value(let n) in parts { body(n) }
        case .list(let elements):
            elements.forEach(body)
        case .record(let shape):
            shape.values.forEach(body)
        case .object(let members):
            for m in members {
                if case .computed(let key, _) = m.key { body(key) }
                body(m.value)
            }
        case .negate(let x, _), .isNull(let x, _), .not(let x):
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

    /// What this node reads of the value of `variable`; nil when it does not read it. A path of
    /// names straight from the variable narrows the demand to those fields; a query or a wildcard
    /// over such a path narrows it to what is read of each element; any other use of the value
    /// (whole, indexed, filtered, passed to a function) reads all of it.
    func demand(on variable: Resolution.Variable) -> FieldDemand? {
        if let read = self.variable { return read == variable ? .all : nil }
        switch self {
        case .memberPath(let receiver, let path) where receiver.variable == variable:
            return FieldDemand(path: path.names)
        case .wildcard(let receiver, let element, let rest):
            guard let path = receiver.path(from: variable) else { break }
            let each = FieldDemand(path: path, leaf: .each(rest.demand(on: .local(element)) ?? .nothing))
            return Node.union(each, rest.demand(on: variable))
        case .query(let q):
            guard let path = q.source.path(from: variable) else { break }
            let clauses = [q.predicate, q.orderKey, q.limit, q.offset, q.selectKey, q.selectValue].compactMap { $0 }
            // The collection variable is the whole source; without SELECT the items are the result.
            if let c = q.collectionSlot, clauses.contains(where: { $0.demand(on: .local(c)) != nil }) { break }
            let element =
                q.selectValue == nil
                ? .all
                : clauses.compactMap { $0.demand(on: .local(q.itemSlot)) }.reduce(FieldDemand.nothing) { $0.union($1) }
            let each = FieldDemand(path: path, leaf: .each(element))
            return clauses.reduce(each) { Node.union($0, $1.demand(on: variable)) }
        default:
            break
        }
        var demand: FieldDemand?
        forEachChild { child in demand = Node.union(demand, child.demand(on: variable)) }
        return demand
    }

    /// The names of `variable.a.b…` when this node is such a path (none for the variable itself).
    func path(from variable: Resolution.Variable) -> [PropertyName]? {
        if self.variable == variable { return [] }
        if case .memberPath(let receiver, let path) = self, receiver.variable == variable { return path.names }
        return nil
    }

    static func union(_ a: FieldDemand?, _ b: FieldDemand?) -> FieldDemand? {
        guard let a else { return b }
        guard let b else { return a }
        return a.union(b)
    }
}

extension Program {
    /// What the program reads of a root; nil when it does not read it.
    public func demand(ofRoot name: String) -> FieldDemand? {
        guard let k = rootNames.firstIndex(of: name) else { return nil }
        return root.demand(on: .root(k))
    }
}
