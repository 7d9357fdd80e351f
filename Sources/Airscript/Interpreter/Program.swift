/// A compiled expression: immutable, `Sendable`, evaluated any number of times from any thread.
///
///     let environment = Environment(roots: ["payload"])
///     let program = try environment.compile(#"CONCAT(payload.first, " ", payload.last)"#)
///     let value = try program.evaluate(["payload": try JSONReader.read(bytes)])
///
/// A class: programs are shared, not copied (a copy of the struct it was retained each of its ten
/// references, and `map` takes its slots' programs out of optionals for every record).
public final class Program: Sendable {
    /// The text it was compiled from, which its diagnostics and runtime errors point into.
    public let source: Source
    /// The syntax tree (for tools: `@_spi(Syntax) import Airscript`).
    @_spi(Syntax) public let syntax: Expr
    /// The root variables, in slot order.
    public let rootNames: [String]
    /// Diagnostics that did not stop compilation (warnings).
    public let warnings: [Diagnostic]
    /// The type the checker inferred for the result (Any when the checker was skipped).
    public let resultType: StaticType
    let root: Node
    /// The frame slots of the program's locals (query bindings, `@`, wildcard elements).
    let localCount: Int
    let userFunctions: CompiledUserFunctions

    init(
        source: Source, syntax: Expr, rootNames: [String], warnings: [Diagnostic], resultType: StaticType, root: Node,
        localCount: Int, userFunctions: CompiledUserFunctions
    ) {
        self.source = source
        self.syntax = syntax
        self.rootNames = rootNames
        self.warnings = warnings
        self.resultType = resultType
        self.root = root
        self.localCount = localCount
        self.userFunctions = userFunctions
    }

    /// Evaluates the program. Roots missing from `bindings` are NULL; a name that is not one of
    /// the program's roots is an error (R0517), so a misspelt root does not pass for a NULL one.
    public func evaluate(
        _ bindings: [String: Value] = [:], context: EvaluationContext = EvaluationContext()
    )
        throws(RuntimeError) -> Value
    {
        if let stranger = bindings.keys.first(where: { !rootNames.contains($0) }) {
            var error = RuntimeError(
                "R0517", "`\(stranger)` is not a root of this program", at: .none,
                help: rootNames.isEmpty
                    ? "the program reads no roots"
                    : didYouMean(nearestNames(to: stranger, among: rootNames))
                        ?? "its roots are " + rootNames.map { "`\($0)`" }.joined(separator: ", "))
            error.source = source
            throw error
        }
        return try evaluate(roots: rootNames.map { bindings[$0] ?? .null }, context: context)
    }

    /// Evaluates with root values given in the order of `rootNames` (no look-up by name; missing
    /// ones are NULL): the fast path for callers that evaluate one program over many inputs.
    public func evaluate(roots: [Value], context: EvaluationContext = EvaluationContext()) throws(RuntimeError) -> Value {
        if roots.count < rootNames.count {
            return try evaluate(roots: roots + repeatElement(.null, count: rootNames.count - roots.count), context: context)
        }
        do {
            // The roots are read where the caller holds them, for the whole evaluation.
            return try roots.withUnsafeBufferPointer { (roots) throws(RuntimeError) -> Value in
                try withUnsafePointer(to: context) { (address) throws(RuntimeError) -> Value in
                    try Evaluator.withLocals(count: localCount) { (locals) throws(RuntimeError) -> Value in
                        var evaluator = Evaluator(roots: roots, locals: locals, context: address, userFunctions: userFunctions)
                        return try evaluator.evaluate(root)
                    }
                }
            }
        } catch {
            var located = error
            // An error inside a user-defined function points into the body's source, which it carries.
            if located.source == nil { located.source = source }
            throw located
        }
    }

    /// Whether compilation folded the whole program to one value.
    public var isConstant: Bool { root.constantValue != nil }
}
