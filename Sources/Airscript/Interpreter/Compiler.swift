/// Turns a resolved syntax tree into the tree the evaluator walks: names become roots and frame
/// slots, calls their declarations (both from the `Resolution`), and constant sub-expressions are
/// folded. It reports nothing: the resolver and the checker have said all there is to say.
struct Compiler {
    private let source: Source
    private let resolution: Resolution

    init(source: Source, resolution: Resolution) {
        self.source = source
        self.resolution = resolution
    }

    /// The frame slots an evaluation needs for its locals (query bindings, `@`, wildcard elements).
    var localCount: Int { resolution.slotCount }

    func compile(_ e: Expr) -> Node {
        switch e.kind {
        case .number(let n): return .constant(.number(n))
        case .text(let s): return .constant(.text(s))
        case .boolean(let b): return .constant(.bool(b))
        case .null: return .constant(.null)
        case .template(let parts):
            return fold(.template(compileTemplate(parts)))
        case .variable, .filterElement, .wildcardElement:
            // An unresolved name has been reported; a program with errors is never run.
            guard let variable = resolution.variable(e) else { return .constant(.null) }
            return Node(reading: variable)
        case .call(let call):
            return compileCall(call, e)
        case .list(let elements):
            return fold(.list(elements.map { compile($0) }))
        case .object(let members):
            let compiled = members.map { m -> CompiledMember in
                let key: CompiledMember.Key
                switch m.key {
                case .word(let w), .text(let w): key = .fixed(PropertyName(w))
                case .template(let parts): key = .computed(fold(.template(compileTemplate(parts))), m.keySpan)
                }
                return CompiledMember(key: key, value: compile(m.value))
            }
            if let shape = RecordShape(compiled) { return fold(.record(shape)) }
            return fold(.object(compiled))
        case .group(let inner):
            return compile(inner)
        case .negate(let operand):
            return fold(.negate(compile(operand), e.span))
        case .binary(let op, let lhs, let rhs):
            let l = compile(lhs), r = compile(rhs)
            let opSpan = source.operatorSpan(between: lhs.span, and: rhs.span)
            switch op {
            case .add, .subtract, .multiply, .divide, .remainder: return fold(.arithmetic(op, l, r, opSpan))
            case .equal, .notEqual: return fold(equality(l, r, negated: op == .notEqual))
            case .less, .lessEqual, .greater, .greaterEqual: return fold(.ordering(op, l, r, opSpan))
            case .and: return fold(.and(l, r))
            case .or: return fold(.or(l, r))
            case .xor: return fold(.xor(l, r))
            }
        case .property(let receiver, let name, _):
            let r = compile(receiver)
            if case .memberPath(let base, let path) = r { return fold(.memberPath(base, path.appending(PropertyName(name)))) }
            return fold(.memberPath(r, PropertyPath([PropertyName(name)])))
        case .index(let receiver, let index):
            return fold(.index(compile(receiver), compile(index)))
        case .slice(let receiver, let from, let to):
            return fold(.slice(compile(receiver), from: from.map { compile($0) }, to: to.map { compile($0) }))
        case .wildcard(let receiver, let rest):
            return fold(.wildcard(compile(receiver), slot: elementSlot(e), rest: compile(rest)))
        case .filter(let receiver, let predicate):
            return fold(.filter(compile(receiver), slot: elementSlot(e), predicate: compile(predicate)))
        case .query(let q):
            return compileQuery(q, e)
        }
    }

    /// `l = r`, as a test of the kind when one side is the constant NULL (NULL equals NULL only).
    private func equality(_ l: Node, _ r: Node, negated: Bool) -> Node {
        if case .constant(.null) = r { return .isNull(l, negated: negated) }
        if case .constant(.null) = l { return .isNull(r, negated: negated) }
        return .equal(l, r, negated: negated)
    }

    private func elementSlot(_ e: Expr) -> Int {
        resolution.elementSlot(e) ?? 0
    }

    private func compileTemplate(_ parts: [TemplatePart]) -> [CompiledTemplatePart] {
        parts.map {
            switch $0 {
            case .text(let s): .text(s)
            case .hole(let e): .value(compile(e))
            }
        }
    }

    private func compileCall(_ call: FunctionCall, _ e: Expr) -> Node {
        let arguments = call.arguments.map { compile($0) }
        let function: BuiltinFunction
        switch resolution.callee(e) {
        case nil:
            return .constant(.null)  // reported by the resolver; a program with errors is never run
        case .user(let index, _)?:
            return .userCall(index: index, arguments: arguments, span: e.span)
        case .builtin(let builtin)?:
            function = builtin
        }
        let span = e.span
        switch function.form {
        case .call:
            break
        case .negation:
            // A truthiness test: a node of its own, which conditions read without a Boolean.
            return fold(.not(arguments[0]))
        case .conditional:
            var pairs: [(condition: Node, value: Node)] = []
            var k = 0
            while k + 1 < arguments.count {
                pairs.append((arguments[k], arguments[k + 1]))
                k += 2
            }
            return fold(.conditional(pairs: pairs, otherwise: k < arguments.count ? arguments[k] : nil))
        }
        let node = Node.call(
            CompiledCall(
                function: function, arguments: arguments, span: span,
                argumentSpans: call.arguments.map(\.span)))
        return function.isFoldable ? fold(node) : node
    }

    private func compileQuery(_ q: QueryExpression, _ e: Expr) -> Node {
        let slots = resolution.querySlots(e) ?? Resolution.QuerySlots(item: 0)
        let compiled = CompiledQuery(
            itemSlot: slots.item, indexSlot: slots.index, collectionSlot: slots.collection,
            source: compile(q.source), sourceSpan: q.source.span,
            predicate: q.predicate.map { compile($0) },
            orderKey: q.order.map { compile($0.key) }, descending: q.order?.descending ?? false,
            orderSpan: q.order?.key.span ?? .none,
            limit: q.limit.map { compile($0) }, limitSpan: q.limit?.span ?? .none,
            offset: q.offset.map { compile($0) }, offsetSpan: q.offset?.span ?? .none,
            selectKey: q.select?.key.map { compile($0) }, selectKeySpan: q.select?.key?.span ?? .none,
            selectValue: q.select.map { compile($0.value) }, distinct: q.select?.distinct ?? false)
        return fold(.query(compiled))
    }

    /// Replaces a node whose inputs are all constant by its value. A node that fails is kept, so
    /// the error is raised (with its span) when the program runs.
    private func fold(_ node: Node) -> Node {
        guard node.isFoldable else { return node }
        let value = withUnsafePointer(to: EvaluationContext.folding) { context in
            var evaluator = Evaluator(
                roots: UnsafeBufferPointer(start: nil, count: 0),
                locals: UnsafeMutableBufferPointer(start: nil, count: 0), context: context, userFunctions: .none)
            return try? evaluator.evaluate(node)
        }
        return value.map(Node.constant) ?? node
    }
}

extension Node {
    /// Whether every input of this node is a constant (and it reads no slot, clock or randomness).
    var isFoldable: Bool {
        switch self {
        case .constant: return false
        case .root, .local, .wildcard, .filter, .query, .userCall: return false
        case .template(let parts):
            return parts.allSatisfy {
                if case .value(let n) = $0 { return n.constantValue != nil }
                return true
            }
        case .list(let elements): return elements.allSatisfy { $0.constantValue != nil }
        case .record(let shape):
            return shape.values.allSatisfy { $0.constantValue != nil }
        case .object(let members):
            return members.allSatisfy { m in
                if case .computed(let k, _) = m.key, k.constantValue == nil { return false }
                return m.value.constantValue != nil
            }
        case .negate(let x, _), .isNull(let x, _), .not(let x): return x.constantValue != nil
        case .arithmetic(_, let l, let r, _), .equal(let l, let r, _), .ordering(_, let l, let r, _),
            .and(let l, let r), .or(let l, let r), .xor(let l, let r), .index(let l, let r):
            return l.constantValue != nil && r.constantValue != nil
        case .memberPath(let r, _): return r.constantValue != nil
        case .slice(let r, let from, let to):
            return r.constantValue != nil && (from?.constantValue != nil || from == nil)
                && (to?.constantValue != nil || to == nil)
        case .call(let c): return c.function.isFoldable && c.arguments.allSatisfy { $0.constantValue != nil }
        case .conditional(let pairs, let otherwise):
            return pairs.allSatisfy { $0.condition.constantValue != nil && $0.value.constantValue != nil }
                && (otherwise == nil || otherwise?.constantValue != nil)
        }
    }
}
