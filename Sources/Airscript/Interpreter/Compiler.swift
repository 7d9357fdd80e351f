/// Turns a syntax tree into a `Program`: names resolve to roots and frame slots once, function
/// names to their declarations, and constant sub-expressions are folded. Unknown names and wrong argument counts
/// are reported here (E0301, E0302, E0303) with the span they concern.
struct Compiler {
    private let source: Source
    private var scope: [String: Variable]
    private var nextSlot = 0
    /// The frame slots an evaluation needs for its locals (query bindings, `@`, wildcard elements).
    private(set) var localCount = 0
    private var filterSlots: [Int] = []
    private var wildcardSlots: [Int] = []
    private(set) var diagnostics: [Diagnostic] = []
    private let rootNames: [String]
    /// User-defined functions by upper-cased name: their index and parameter count.
    private let userFunctions: [String: (index: Int, arity: Int)]

    init(source: Source, rootNames: [String], userFunctions: [String: (index: Int, arity: Int)] = [:]) {
        self.source = source
        self.rootNames = rootNames
        self.userFunctions = userFunctions
        var scope: [String: Variable] = [:]
        for (i, name) in rootNames.enumerated() { scope[name] = .root(i) }
        self.scope = scope
    }

    private mutating func allocateSlot() -> Int {
        let s = nextSlot
        nextSlot += 1
        localCount = max(localCount, nextSlot)
        return s
    }

    private mutating func report(_ d: Diagnostic) { diagnostics.append(d) }

    mutating func compile(_ e: Expr) -> Node {
        switch e.kind {
        case .number(let n): return .constant(.number(n))
        case .text(let s): return .constant(.text(s))
        case .boolean(let b): return .constant(.bool(b))
        case .null: return .constant(.null)
        case .template(let parts):
            return fold(.template(compileTemplate(parts)))
        case .variable(let name):
            if let variable = scope[name] { return Node(reading: variable) }
            let suggestions = nearestNames(to: name, among: Array(scope.keys))
            report(Diagnostic("E0301", "unknown variable `\(name)`", at: e.span, help: didYouMean(suggestions)
                              ?? (scope.isEmpty ? "no variables are bound; bind them with --bindings or --payload" :
                                    "variables in scope: " + scope.keys.sorted().joined(separator: ", "))))
            return .constant(.null)
        case .filterElement:
            guard let slot = filterSlots.last else { return .constant(.null) }
            return .local(slot)
        case .wildcardElement:
            guard let slot = wildcardSlots.last else { return .constant(.null) }
            return .local(slot)
        case .call(let call):
            return compileCall(call, e.span)
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
            let r = compile(receiver)
            let (slot, body) = compileWithElementSlot(rest, in: \.wildcardSlots)
            return fold(.wildcard(r, slot: slot, rest: body))
        case .filter(let receiver, let predicate):
            let r = compile(receiver)
            let (slot, p) = compileWithElementSlot(predicate, in: \.filterSlots)
            return fold(.filter(r, slot: slot, predicate: p))
        case .query(let q):
            return compileQuery(q)
        }
    }

    /// `l = r`, as a test of the kind when one side is the constant NULL (NULL equals NULL only).
    private func equality(_ l: Node, _ r: Node, negated: Bool) -> Node {
        if case .constant(.null) = r { return .isNull(l, negated: negated) }
        if case .constant(.null) = l { return .isNull(r, negated: negated) }
        return .equal(l, r, negated: negated)
    }

    /// Compiles the body of a `*` or `[? ]` with the element in a new slot, visible to the body
    /// through `scope` (what `@` or the wildcard's rest reads) and released after it.
    private mutating func compileWithElementSlot(_ body: Expr, in scope: WritableKeyPath<Compiler, [Int]>) -> (slot: Int, body: Node) {
        let slot = allocateSlot()
        self[keyPath: scope].append(slot)
        let node = compile(body)
        self[keyPath: scope].removeLast()
        nextSlot -= 1
        return (slot, node)
    }

    private mutating func compileTemplate(_ parts: [TemplatePart]) -> [CompiledTemplatePart] {
        parts.map {
            switch $0 {
            case .text(let s): .text(s)
            case .hole(let e): .value(compile(e))
            }
        }
    }

    private mutating func compileCall(_ call: FunctionCall, _ span: SourceSpan) -> Node {
        let arguments = call.arguments.map { compile($0) }
        if call.namespace != nil {
            guard let udf = userFunctions[call.qualifiedName.uppercased()] else {
                report(Diagnostic("E0302", "unknown function `\(call.qualifiedName)`", at: call.nameSpan,
                                  help: "user-defined functions are declared in a mapping file's `functions:`"))
                return .constant(.null)
            }
            guard udf.arity == arguments.count else {
                report(Diagnostic("E0303", "`\(call.qualifiedName)` takes \(udf.arity) arguments, got \(arguments.count)", at: span))
                return .constant(.null)
            }
            return .userCall(index: udf.index, arguments: arguments, span: span)
        }
        guard let function = FunctionLibrary.function(named: call.name) else {
            report(Diagnostic("E0302", "unknown function `\(call.name)`", at: call.nameSpan,
                              help: FunctionLibrary.unknownFunctionHelp(for: call.name)))
            return .constant(.null)
        }
        guard function.accepts(argumentCount: arguments.count) else {
            report(Diagnostic("E0303", "`\(function.name)` takes \(function.arityDescription), got \(arguments.count)",
                              at: span, help: "signature: " + function.signatures.joined(separator: "; ")))
            return .constant(.null)
        }
        // NOT is a truthiness test: a node of its own rather than a call.
        if function.name == "NOT" && arguments.count == 1 { return fold(.not(arguments[0])) }
        if function.isLazy {
            var pairs: [(condition: Node, value: Node)] = []
            var k = 0
            while k + 1 < arguments.count {
                pairs.append((arguments[k], arguments[k + 1]))
                k += 2
            }
            return fold(.conditional(pairs: pairs, otherwise: k < arguments.count ? arguments[k] : nil))
        }
        let node = Node.call(CompiledCall(function: function, arguments: arguments, span: span,
                                          argumentSpans: call.arguments.map(\.span)))
        return function.isFoldable ? fold(node) : node
    }

    private mutating func compileQuery(_ q: QueryExpression) -> Node {
        let source = compile(q.source)
        // LIMIT and OFFSET are evaluated outside the query's scope: they cannot see its bindings.
        let limit = q.limit.map { compile($0) }
        let offset = q.offset.map { compile($0) }
        let savedScope = scope
        let savedNext = nextSlot
        let itemSlot = allocateSlot()
        scope[q.item.name] = .local(itemSlot)
        var indexSlot: Int? = nil, collectionSlot: Int? = nil
        if let index = q.index {
            indexSlot = allocateSlot()
            scope[index.name] = indexSlot.map(Variable.local)
        }
        if let collection = q.collection {
            collectionSlot = allocateSlot()
            scope[collection.name] = collectionSlot.map(Variable.local)
        }
        let compiled = CompiledQuery(
            itemSlot: itemSlot, indexSlot: indexSlot, collectionSlot: collectionSlot,
            source: source, sourceSpan: q.source.span,
            predicate: q.predicate.map { compile($0) },
            orderKey: q.order.map { compile($0.key) }, descending: q.order?.descending ?? false,
            orderSpan: q.order?.key.span ?? .none,
            limit: limit, limitSpan: q.limit?.span ?? .none,
            offset: offset, offsetSpan: q.offset?.span ?? .none,
            selectKey: q.select?.key.map { compile($0) }, selectKeySpan: q.select?.key?.span ?? .none,
            selectValue: q.select.map { compile($0.value) }, distinct: q.select?.distinct ?? false)
        scope = savedScope
        nextSlot = savedNext
        return fold(.query(compiled))
    }

    /// Replaces a node whose inputs are all constant by its value. A node that fails is kept, so
    /// the error is raised (with its span) when the program runs.
    private func fold(_ node: Node) -> Node {
        guard node.isFoldable else { return node }
        let value = withUnsafePointer(to: EvaluationContext()) { context in
            var evaluator = Evaluator(roots: UnsafeBufferPointer(start: nil, count: 0),
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
