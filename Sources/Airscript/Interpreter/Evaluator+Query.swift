/// Query expressions (language.md §9, D23): WHERE → ORDER BY (stable) → OFFSET/LIMIT → SELECT, or,
/// with DISTINCT, SELECT → DISTINCT → OFFSET/LIMIT.
extension Evaluator {
    mutating func evaluateQuery(_ q: CompiledQuery) throws(RuntimeError) -> Value {
        let source = try evaluate(q.source)
        let buildsObject = q.selectKey != nil
        // The items of the source, and their keys when it is an object (a list's are its positions).
        var items: [Value]
        var keys: [String] = []
        switch source {
        case .null:
            return buildsObject ? .object([:]) : .list([])
        case .list(let elements):
            items = elements
        default:
            guard let fields = source.objectFields else {
                throw RuntimeError("R0506", "a query can only iterate a List or an Object, got \(source.kindName)", at: q.sourceSpan)
            }
            items = Array(fields.values)
            keys = fields.keys
        }
        // LIMIT and OFFSET are read once, outside the query's scope.
        let limit = try windowBound(q.limit, q.limitSpan, "LIMIT")
        let offset = try windowBound(q.offset, q.offsetSpan, "OFFSET") ?? 0

        func bind(_ k: Int, _ e: inout Evaluator) {
            e.locals[q.itemSlot] = items[k]
            if let s = q.indexSlot { e.locals[s] = keys.isEmpty ? .number(Double(k)) : .text(keys[k]) }
            if let s = q.collectionSlot { e.locals[s] = source }
        }

        var order: [Int]
        if let predicate = q.predicate {
            order = []
            order.reserveCapacity(items.count)
            for k in items.indices {
                try tick(q.sourceSpan)
                bind(k, &self)
                if try condition(predicate) == true { order.append(k) }
            }
        } else {
            order = Array(items.indices)
        }
        if let key = q.orderKey {
            var keys: [Value] = []
            keys.reserveCapacity(order.count)
            for k in order {
                try tick(q.orderSpan)
                bind(k, &self)
                keys.append(try evaluate(key))
            }
            order = try stableSorted(order, keys: keys, descending: q.descending, span: q.orderSpan)
        }

        func window<T>(_ xs: [T]) -> [T] {
            if offset == 0 && limit == nil { return xs }
            let start = min(offset, xs.count)
            let end = limit.map { min(xs.count, start + $0) } ?? xs.count
            return Array(xs[start..<end])
        }

        if buildsObject, let keyNode = q.selectKey, let valueNode = q.selectValue {
            var fields = Value.Object()
            for k in window(order) {
                try tick(q.selectKeySpan)
                bind(k, &self)
                let key = try objectKey(try evaluate(keyNode), q.selectKeySpan)
                fields[key] = try evaluate(valueNode)
            }
            return Value.makeObject(fields)
        }
        guard let select = q.selectValue else {
            return .list(window(order).map { items[$0] })
        }
        if q.distinct {
            var selected: [Value] = []
            for k in order {
                try tick(q.sourceSpan)
                bind(k, &self)
                let v = try evaluate(select)
                if !selected.contains(where: { $0 == v }) { selected.append(v) }
            }
            return .list(window(selected))
        }
        let selected = window(order)
        var results: [Value] = []
        results.reserveCapacity(selected.count)
        for k in selected {
            try tick(q.sourceSpan)
            bind(k, &self)
            results.append(try evaluate(select))
        }
        return .list(results)
    }

    /// LIMIT/OFFSET: a non-negative integer, or NULL for "none"; anything else is R0506.
    private mutating func windowBound(_ node: Node?, _ span: SourceSpan, _ clause: String) throws(RuntimeError) -> Int? {
        guard let node else { return nil }
        let v = try evaluate(node)
        switch v {
        case .null: return nil
        case .number(let n):
            if let i = Paths.integer(n), i >= 0 { return i }
            if n.isInfinite && n > 0 { return Int.max / 2 }
            throw RuntimeError("R0506", "\(clause) must be a non-negative integer, got \(NumberRendering.javaScript(n))", at: span)
        default:
            throw RuntimeError("R0506", "\(clause) must be a non-negative integer, got \(v.kindName)", at: span)
        }
    }

    /// Stable sort by key: NULL and NaN first ascending (last descending); keys of kinds that cannot
    /// be compared raise R0515.
    private func stableSorted(_ order: [Int], keys: [Value], descending: Bool, span: SourceSpan) throws(RuntimeError) -> [Int] {
        func isBottom(_ v: Value) -> Bool {
            if case .null = v { return true }
            if case .number(let n) = v, n.isNaN { return true }
            return false
        }
        func compare(_ a: Value, _ b: Value) throws(RuntimeError) -> Int {
            switch (isBottom(a), isBottom(b)) {
            case (true, true): return 0
            case (true, false): return -1
            case (false, true): return 1
            default:
                switch (a, b) {
                case (.list, _), (.object, _), (_, .list), (_, .object), (.bool, _):
                    throw RuntimeError("R0515", "ORDER BY cannot compare \(a.kindName) and \(b.kindName)", at: span)
                default:
                    return try Evaluator.compare(a, b, span, code: "R0515") ?? 0
                }
            }
        }
        // Merge sort on positions: stable, and lets the comparison throw.
        var positions = Array(order.indices)
        var buffer = positions
        var width = 1
        while width < positions.count {
            var lo = 0
            while lo < positions.count {
                let mid = min(lo + width, positions.count), hi = min(lo + 2 * width, positions.count)
                var i = lo, j = mid, k = lo
                while i < mid && j < hi {
                    var c = try compare(keys[positions[j]], keys[positions[i]])
                    if descending { c = -c }
                    if c < 0 {
                        buffer[k] = positions[j]
                        j += 1
                    } else {
                        buffer[k] = positions[i]
                        i += 1
                    }
                    k += 1
                }
                while i < mid {
                    buffer[k] = positions[i]
                    i += 1
                    k += 1
                }
                while j < hi {
                    buffer[k] = positions[j]
                    j += 1
                    k += 1
                }
                lo = hi
            }
            swap(&positions, &buffer)
            width *= 2
        }
        return positions.map { order[$0] }
    }
}
