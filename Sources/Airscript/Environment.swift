/// The names an expression may refer to, their static types, and the settings it is compiled with.
public struct Environment: Sendable {
    /// Root variables, in slot order.
    public var roots: [String]
    /// Static types of the roots (Any when absent).
    public var types: [String: StaticType]
    /// Roots that exist elsewhere but are not visible here (E0307), with where "here" is.
    public var unavailable: [String: String]
    public var parseLimits: ParseLimits
    /// Run the static checker (types.md Part B) before compiling.
    public var checks: Bool
    /// User-defined functions the expression may call as NAMESPACE#NAME(…).
    public var functions: [UserFunction] = []

    public init(roots: [String] = [], types: [String: StaticType] = [:], unavailable: [String: String] = [:],
                parseLimits: ParseLimits = .default, checks: Bool = true) {
        self.roots = roots
        self.types = types
        self.unavailable = unavailable
        self.parseLimits = parseLimits
        self.checks = checks
    }

    /// An environment whose roots are typed from sample values (types.md §4.3).
    public init(samples: [(String, Value)], checks: Bool = true) {
        self.init(roots: samples.map(\.0), types: Dictionary(samples.map { ($0.0, StaticType.inferred(from: $0.1)) },
                                                             uniquingKeysWith: { _, last in last }), checks: checks)
    }

    /// Parses, checks and compiles. Throws every error found (syntax, types, unknown names, arity).
    public func compile(_ text: String, name: String = "<expr>") throws(DiagnosticError) -> Program {
        try compile(Source(text, name: name))
    }

    public func compile(_ source: Source) throws(DiagnosticError) -> Program {
        let tree = Parser.parse(source, limits: parseLimits)
        guard let root = tree.root else { throw DiagnosticError(tree.diagnostics, source: source) }
        var diagnostics = tree.diagnostics
        var resultType = StaticType.any
        if checks {
            var checker = Checker(source: source, roots: rootTypes, unavailable: unavailable, functions: functions)
            resultType = checker.check(root)
            diagnostics += checker.diagnostics
            if diagnostics.hasErrors { throw DiagnosticError(diagnostics, source: source) }
        }
        let (table, udfDiagnostics) = compileUserFunctions()
        diagnostics += udfDiagnostics
        var compiler = Compiler(source: source, rootNames: roots, userFunctions: userFunctionIndex)
        let node = compiler.compile(root)
        // With the checker on, the compiler's name and arity errors repeat the checker's.
        for d in compiler.diagnostics where !diagnostics.contains(where: { $0.code == d.code && $0.span == d.span }) {
            diagnostics.append(d)
        }
        if diagnostics.hasErrors { throw DiagnosticError(diagnostics, source: source) }
        return Program(source: source, syntax: root, rootNames: roots, warnings: diagnostics, resultType: resultType,
                       root: node, localCount: compiler.localCount, userFunctions: table)
    }

    /// Checks without compiling: the inferred type and every diagnostic.
    public func check(_ source: Source) -> (type: StaticType?, diagnostics: [Diagnostic]) {
        let tree = Parser.parse(source, limits: parseLimits)
        guard let root = tree.root else { return (nil, tree.diagnostics) }
        var checker = Checker(source: source, roots: rootTypes, unavailable: unavailable, functions: functions)
        let t = checker.check(root)
        return (t, tree.diagnostics + checker.diagnostics)
    }

    var userFunctionIndex: [String: (index: Int, arity: Int)] {
        Dictionary(functions.enumerated().map { ($1.key, ($0, $1.parameters.count)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Compiles every user-defined function body with only its parameters in scope. Errors in a
    /// body are reported against the body's own source (the mapping layer adds context).
    func compileUserFunctions() -> (CompiledUserFunctions, [Diagnostic]) {
        guard !functions.isEmpty else { return (.none, []) }
        var entries: [CompiledUserFunctions.Entry] = []
        var failing: [String] = []
        for f in functions {
            let tree = Parser.parse(f.body, limits: parseLimits)
            guard let root = tree.root else {
                failing.append(f.name)
                entries.append(.init(name: f.name, parameterCount: f.parameters.count, localCount: 0, body: .constant(.null)))
                continue
            }
            var compiler = Compiler(source: f.body, rootNames: f.parameters.map(\.name), userFunctions: userFunctionIndex)
            let node = compiler.compile(root)
            if compiler.diagnostics.hasErrors { failing.append(f.name) }
            entries.append(.init(name: f.name, parameterCount: f.parameters.count, localCount: compiler.localCount, body: node))
        }
        // A body's diagnostics point into its own source; `airscript check` on the mapping shows them.
        let summary = failing.map { Diagnostic("E0302", "user-defined function `\($0)` has errors; `airscript check` shows them", at: .none) }
        return (CompiledUserFunctions(entries), summary)
    }

    /// The checker's scope: every root except those declared unavailable here.
    var rootTypes: [String: StaticType] {
        // The usual environment types every root and hides none: its types are the scope as they are.
        if unavailable.isEmpty && types.count == roots.count && roots.allSatisfy({ types[$0] != nil }) { return types }
        return Dictionary(roots.filter { unavailable[$0] == nil }.map { ($0, types[$0] ?? .any) }, uniquingKeysWith: { _, last in last })
    }
}
