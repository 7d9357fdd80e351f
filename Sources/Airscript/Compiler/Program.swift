/// A compiled expression: immutable, `Sendable`, evaluated any number of times from any thread.
///
///     let environment = Environment(roots: ["payload"])
///     let program = try environment.compile(#"CONCAT(payload.first, " ", payload.last)"#)
///     let value = try program.evaluate(["payload": try JSONReader.read(bytes)])
public struct Program: Sendable {
    public let source: Source
    public let syntax: Expr
    /// The root variables, in slot order.
    public let rootNames: [String]
    /// Diagnostics that did not stop compilation (warnings).
    public let warnings: [Diagnostic]
    let root: Node
    let slotCount: Int

    /// Evaluates the program. Roots missing from `bindings` are NULL.
    public func evaluate(_ bindings: [String: Value] = [:], context: EvaluationContext = EvaluationContext())
        throws(RuntimeError) -> Value
    {
        var evaluator = Evaluator(slotCount: slotCount, context: context)
        for (i, name) in rootNames.enumerated() {
            if let v = bindings[name] { evaluator.slots[i] = v }
        }
        return try evaluator.evaluate(root)
    }

    /// Evaluates with root values given in slot order (no look-up by name): the fast path for
    /// callers that evaluate one program over many inputs.
    public func evaluate(roots: [Value], context: EvaluationContext = EvaluationContext()) throws(RuntimeError) -> Value {
        var evaluator = Evaluator(slotCount: slotCount, context: context)
        for (i, v) in roots.prefix(rootNames.count).enumerated() { evaluator.slots[i] = v }
        return try evaluator.evaluate(root)
    }

    /// Whether compilation folded the whole program to one value.
    public var isConstant: Bool { root.constantValue != nil }
}

/// The names an expression may refer to, and the settings it is compiled with.
public struct Environment: Sendable {
    public var roots: [String]
    public var parseLimits: ParseLimits

    public init(roots: [String] = [], parseLimits: ParseLimits = .default) {
        self.roots = roots
        self.parseLimits = parseLimits
    }

    /// Parses and compiles. Throws every error found (syntax, unknown names, arity).
    public func compile(_ text: String, name: String = "<expr>") throws(DiagnosticError) -> Program {
        try compile(Source(text, name: name))
    }

    public func compile(_ source: Source) throws(DiagnosticError) -> Program {
        let tree = Parser.parse(source, limits: parseLimits)
        guard let root = tree.root else { throw DiagnosticError(tree.diagnostics, source: source) }
        var compiler = Compiler(source: source, rootNames: roots)
        let node = compiler.compile(root)
        let diagnostics = tree.diagnostics + compiler.diagnostics
        if diagnostics.hasErrors { throw DiagnosticError(diagnostics, source: source) }
        return Program(source: source, syntax: root, rootNames: roots, warnings: diagnostics, root: node,
                       slotCount: compiler.slotCount)
    }
}
