/// The functions an environment adds to the built-ins: user-defined functions with their bodies
/// compiled once (when they are defined), and functions an embedder defined.
struct FunctionTable: Sendable {
    private(set) var userFunctions: [UserFunction] = []
    /// The bodies, by the index the resolver gives each user-defined function. Shared by every
    /// program compiled in the environment, and by copies of the environment.
    private(set) var compiled = CompiledUserFunctions.none
    /// E0302 for each user-defined function whose body does not compile.
    private(set) var bodyDiagnostics: [Diagnostic] = []
    private(set) var added: [BuiltinFunction] = []
    private(set) var addedByName: [String: BuiltinFunction] = [:]
    /// The parser's limits for the bodies: the environment's when they were defined.
    private var bodyLimits = ParseLimits.default

    func adding(_ functions: [UserFunction], limits: ParseLimits) -> FunctionTable {
        var table = self
        table.userFunctions += functions
        table.bodyLimits = limits
        table.compileBodies()
        return table
    }

    func adding(_ function: BuiltinFunction) -> FunctionTable {
        var table = self
        table.added.append(function)
        table.addedByName[function.name.uppercased()] = function
        // Bodies defined before may call it: they resolve their calls again.
        if !userFunctions.isEmpty { table.compileBodies() }
        return table
    }

    /// Compiles every body with only its parameters in scope (a body calls other user-defined
    /// functions by index, so all are compiled together). Errors in a body are reported against
    /// the body's own source by whoever checks it (the mapping layer): here only that it failed.
    private mutating func compileBodies() {
        var entries: [CompiledUserFunctions.Entry] = []
        var failing: [String] = []
        for function in userFunctions {
            let tree = Parser.parse(function.body, limits: bodyLimits)
            let scope = NameScope(roots: function.parameters.map(\.name), functions: userFunctions, added: addedByName)
            let resolution = Resolver.resolve(tree, in: scope)
            guard let root = tree.root, !resolution.diagnostics.hasErrors else {
                failing.append(function.name)
                entries.append(.init(name: function.name, parameterCount: function.parameters.count, localCount: 0, body: .constant(.null)))
                continue
            }
            let compiler = Compiler(source: function.body, resolution: resolution)
            entries.append(
                .init(
                    name: function.name, parameterCount: function.parameters.count,
                    localCount: compiler.localCount, body: compiler.compile(root)))
        }
        compiled = CompiledUserFunctions(entries)
        bodyDiagnostics = failing.map {
            Diagnostic("E0302", "user-defined function `\($0)` has errors; checking its body shows them", at: .none)
        }
    }
}
