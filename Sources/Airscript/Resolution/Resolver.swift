/// Resolves the names of a syntax tree once (language.md §4, §8): each variable to a root or a
/// frame slot, each call to a built-in or a user-defined function with its argument count checked,
/// each query binding, `@` and `[*]` element to a slot of its own. Reports E0301 (unknown
/// variable), E0307 (a root not available here), E0302 (unknown function), E0303 (argument count)
/// and W0416 (a query binding that shadows a name).
package struct Resolver {
    private let scope: NameScope
    private let functionsByKey: [String: (index: Int, function: UserFunction)]
    /// Visible names: the roots, then the query bindings of the enclosing queries.
    private var names: [String: Resolution.Variable]
    private var resolution: Resolution
    /// Slots in use; a query, filter or wildcard takes the next ones and frees them after its body.
    private var nextSlot = 0
    private var filterSlots: [Int] = []
    private var wildcardSlots: [Int] = []

    /// Resolves `tree`'s names in `scope`.
    package static func resolve(_ tree: SyntaxTree, in scope: NameScope) -> Resolution {
        var resolver = Resolver(scope: scope, nodeCount: tree.nodeCount)
        if let root = tree.root { resolver.resolve(root) }
        return resolver.resolution
    }

    private init(scope: NameScope, nodeCount: Int) {
        self.scope = scope
        self.functionsByKey = scope.functionsByKey
        var names: [String: Resolution.Variable] = [:]
        for (i, name) in scope.roots.enumerated() where scope.unavailable[name] == nil && names[name] == nil {
            names[name] = .root(i)
        }
        self.names = names
        self.resolution = Resolution(nodeCount: nodeCount)
    }

    private mutating func report(_ diagnostic: Diagnostic) {
        // As the checker does: past 50 diagnostics the rest are noise.
        guard resolution.diagnostics.count < 50 else { return }
        resolution.diagnostics.append(diagnostic)
    }

    private mutating func takeSlot() -> Int {
        defer { nextSlot += 1 }
        resolution.slotCount = max(resolution.slotCount, nextSlot + 1)
        return nextSlot
    }

    private mutating func resolve(_ e: Expr) {
        switch e.kind {
        case .number, .text, .boolean, .null:
            return
        case .template(let parts):
            resolve(parts)
        case .variable(let name):
            resolveVariable(name, e)
        case .filterElement:
            if let slot = filterSlots.last { resolution.record(.local(slot), for: e) }
        case .wildcardElement:
            if let slot = wildcardSlots.last { resolution.record(.local(slot), for: e) }
        case .call(let call):
            for argument in call.arguments { resolve(argument) }
            resolveCall(call, e)
        case .list(let elements):
            for element in elements { resolve(element) }
        case .object(let members):
            for member in members {
                if case .template(let parts) = member.key { resolve(parts) }
                resolve(member.value)
            }
        case .group(let inner), .negate(let inner):
            resolve(inner)
        case .binary(_, let lhs, let rhs), .index(let lhs, let rhs):
            resolve(lhs)
            resolve(rhs)
        case .property(let receiver, _, _):
            resolve(receiver)
        case .slice(let receiver, let from, let to):
            resolve(receiver)
            if let from { resolve(from) }
            if let to { resolve(to) }
        case .wildcard(let receiver, let rest):
            resolve(receiver)
            resolution.record(elementSlot: withElementSlot(\.wildcardSlots) { $0.resolve(rest) }, for: e)
        case .filter(let receiver, let predicate):
            resolve(receiver)
            resolution.record(elementSlot: withElementSlot(\.filterSlots) { $0.resolve(predicate) }, for: e)
        case .query(let query):
            resolveQuery(query, e)
        }
    }

    private mutating func resolve(_ parts: [TemplatePart]) {
        for case .hole(let hole) in parts { resolve(hole) }
    }

    private mutating func resolveVariable(_ name: String, _ e: Expr) {
        if let variable = names[name] {
            resolution.record(variable, for: e)
        } else if let context = scope.unavailable[name] {
            report(Diagnostic("E0307", "`\(name)` is not available in \(context)", at: e.span))
        } else {
            let visible = Array(names.keys)
            let near = nearestNames(to: name, among: visible)
            var diagnostic = Diagnostic(
                "E0301", "unknown variable `\(name)`", at: e.span,
                help: didYouMean(near)
                    ?? (visible.isEmpty
                        ? "no variables are bound"
                        : "variables in scope: " + visible.sorted().joined(separator: ", ")))
            diagnostic.fixes = DiagnosticFix.renaming(e.span, to: near)
            report(diagnostic)
        }
    }

    private mutating func resolveCall(_ call: FunctionCall, _ e: Expr) {
        let count = call.arguments.count
        if call.namespace != nil {
            guard let (index, function) = functionsByKey[call.qualifiedName.uppercased()] else {
                report(
                    Diagnostic(
                        "E0302", "unknown function `\(call.qualifiedName)`", at: call.nameSpan,
                        help: "user-defined functions are declared in a mapping file's `functions:`"))
                return
            }
            guard function.parameters.count == count else {
                report(Diagnostic("E0303", "`\(function.name)` takes \(function.parameters.count) arguments, got \(count)", at: e.span))
                return
            }
            resolution.record(.user(index: index, function), for: e)
            return
        }
        guard let function = scope.builtin(named: call.name) else {
            report(
                Diagnostic(
                    "E0302", "unknown function `\(call.name)`", at: call.nameSpan,
                    help: FunctionLibrary.unknownFunctionHelp(for: call.name)))
            return
        }
        guard function.accepts(argumentCount: count) else {
            report(
                Diagnostic(
                    "E0303", "`\(function.name)` takes \(function.arityDescription), got \(count)", at: e.span,
                    help: "signature: " + function.signatures.joined(separator: "; ")))
            return
        }
        resolution.record(.builtin(function), for: e)
    }

    /// Resolves the body of a `[*]` or `[?( )]` with its element in a new slot, freed after it.
    private mutating func withElementSlot(_ stack: WritableKeyPath<Resolver, [Int]>, _ body: (inout Resolver) -> Void) -> Int {
        let slot = takeSlot()
        self[keyPath: stack].append(slot)
        body(&self)
        self[keyPath: stack].removeLast()
        nextSlot -= 1
        return slot
    }

    private mutating func resolveQuery(_ q: QueryExpression, _ e: Expr) {
        resolve(q.source)
        // LIMIT and OFFSET are evaluated outside the query's scope: they cannot see its bindings.
        if let limit = q.limit { resolve(limit) }
        if let offset = q.offset { resolve(offset) }
        let outerNames = names, outerNextSlot = nextSlot
        func bind(_ binding: QueryBinding, _ resolver: inout Resolver) -> Int {
            if outerNames[binding.name] != nil {
                resolver.report(Diagnostic("W0416", "query binding `\(binding.name)` shadows an outer variable", at: binding.span))
            }
            let slot = resolver.takeSlot()
            resolver.names[binding.name] = .local(slot)
            return slot
        }
        var slots = Resolution.QuerySlots(item: bind(q.item, &self))
        slots.index = q.index.map { bind($0, &self) }
        slots.collection = q.collection.map { bind($0, &self) }
        resolution.record(slots, for: e)
        if let predicate = q.predicate { resolve(predicate) }
        if let order = q.order { resolve(order.key) }
        if let select = q.select {
            if let key = select.key { resolve(key) }
            resolve(select.value)
        }
        names = outerNames
        nextSlot = outerNextSlot
    }
}
