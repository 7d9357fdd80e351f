/// The library's front door: the names an expression may use (roots, user-defined functions,
/// functions of the embedder's own) and the settings it is compiled with. It runs the pipeline:
/// parse, resolve names, check types, compile.
///
///     let sample = try JSONReader.read(#"{"FirstName": "Dana"}"#)
///     let environment = Environment(samples: [("payload", sample)])
///     let program = try environment.compile("UPPERCASE(payload.FirstName)")
///
/// A value type: copies share the compiled user-defined functions, so an environment copied for
/// each of a mapping's slots compiles their bodies once.
public struct Environment: Sendable {
    /// The roots, in slot order: `Program.evaluate(roots:)` takes their values in this order.
    public var roots: [RootDeclaration]
    /// Names that are no root here but mean something elsewhere, with why they cannot be read
    /// here (E0307): a mapping's journey namespaces, which exist only inside a journey.
    public var unavailableNames: [String: String] = [:]
    /// The parser's guardrails (E0210 past them), for expressions and user-defined function bodies.
    public var parseLimits: ParseLimits
    /// Run the static checker (types.md Part B) before compiling. Names are resolved either way.
    public var checks: Bool
    private var library = FunctionTable()

    /// An environment with these roots; a string literal declares an untyped root (`["payload"]`).
    public init(roots: [RootDeclaration] = [], parseLimits: ParseLimits = .default, checks: Bool = true) {
        self.roots = roots
        self.parseLimits = parseLimits
        self.checks = checks
    }

    /// An environment whose roots are typed from sample values (types.md §4.3).
    public init(samples: [(String, Value)], checks: Bool = true) {
        self.init(roots: samples.map { RootDeclaration($0.0, sample: $0.1) }, checks: checks)
    }

    /// The names of the roots, in slot order.
    public var rootNames: [String] { roots.map(\.name) }

    /// The user-defined functions, in the order they were defined.
    public var userFunctions: [UserFunction] { library.userFunctions }

    /// Functions the embedder added (`define(_:)` with a `BuiltinFunction`).
    public var addedFunctions: [BuiltinFunction] { library.added }

    /// Adds user-defined functions (`NAMESPACE#NAME`), callable from expressions and from each
    /// other. Their bodies are compiled here, once, for every program compiled afterwards.
    public mutating func define(_ functions: [UserFunction]) {
        library = library.adding(functions, limits: parseLimits)
    }

    /// Adds a function of the embedder's own, called like a built-in. Its name must not be a
    /// built-in's or one already added: a call must mean one thing.
    public mutating func define(_ function: BuiltinFunction) throws(FunctionNameTaken) {
        guard FunctionLibrary.function(named: function.name) == nil, library.addedByName[function.name.uppercased()] == nil else {
            throw FunctionNameTaken(name: function.name)
        }
        library = library.adding(function)
    }

    /// Parses, resolves, checks and compiles. Throws every error found (syntax, names, types);
    /// warnings stay in `Program.warnings`. `catch` it as `DiagnosticError` (typed throws), or render it
    /// with `DiagnosticError.rendered()`.
    public func compile(_ text: String, name: String = "<expr>") throws(DiagnosticError) -> Program {
        try compile(Source(text, name: name))
    }

    /// Compiles a `Source`, whose name and origin the diagnostics show (`mapping.yaml:12:9`).
    public func compile(_ source: Source) throws(DiagnosticError) -> Program {
        let analysis = analyse(source, checkingTypes: checks)
        // A body that does not compile makes every program of the environment refuse to compile:
        // its own diagnostics point into its own source, which `Environment.check` of the body shows.
        let diagnostics = analysis.diagnostics + library.bodyDiagnostics
        guard let root = analysis.root, !diagnostics.hasErrors else {
            throw DiagnosticError(diagnostics, source: source)
        }
        let compiler = Compiler(source: source, resolution: analysis.resolution)
        return Program(
            source: source, syntax: root, rootNames: rootNames, warnings: diagnostics,
            resultType: analysis.type ?? .any, root: compiler.compile(root), localCount: compiler.localCount,
            userFunctions: library.compiled)
    }

    /// Checks without compiling: the inferred type (nil when the text does not parse) and every
    /// diagnostic.
    public func check(_ source: Source) -> (type: StaticType?, diagnostics: [Diagnostic]) {
        let analysis = analyse(source, checkingTypes: true)
        return (analysis.root == nil ? nil : analysis.type ?? .any, analysis.diagnostics)
    }

    /// Checks and keeps what an editor asks about: the tree, what its names refer to, and the type
    /// of every node (`SourceAnalysis`).
    package func analysis(of source: Source) -> SourceAnalysis {
        let found = analyse(source, checkingTypes: true, recordingTypes: true)
        return SourceAnalysis(
            source: source, root: found.root, resolution: found.resolution, type: found.type, nodeTypes: found.nodeTypes,
            diagnostics: found.diagnostics)
    }

    /// The front of the pipeline, shared by `compile` and `check`: parse, resolve, check.
    private func analyse(
        _ source: Source, checkingTypes: Bool, recordingTypes: Bool = false
    )
        -> (root: Expr?, resolution: Resolution, type: StaticType?, nodeTypes: [Int: StaticType], diagnostics: [Diagnostic])
    {
        let tree = Parser.parse(source, limits: parseLimits)
        let resolution = Resolver.resolve(tree, in: nameScope)
        guard let root = tree.root else { return (nil, resolution, nil, [:], tree.diagnostics) }
        var diagnostics = tree.diagnostics + resolution.diagnostics
        var type: StaticType? = nil
        var nodeTypes: [Int: StaticType] = [:]
        if checkingTypes {
            var checker = Checker(source: source, resolution: resolution, rootTypes: roots.map(\.type))
            checker.recordsTypes = recordingTypes
            type = checker.check(root)
            diagnostics += checker.diagnostics
            nodeTypes = checker.nodeTypes
        }
        return (root, resolution, type, nodeTypes, Diagnostic.inSourceOrder(diagnostics))
    }

    private var nameScope: NameScope {
        NameScope(
            roots: rootNames, unavailable: roots.reduce(into: unavailableNames) { $0[$1.name] = $1.unavailableReason },
            functions: library.userFunctions, added: library.addedByName)
    }
}

/// A root an expression may read: its name, its static type, and whether it is visible here.
public struct RootDeclaration: Sendable, ExpressibleByStringLiteral {
    /// The name expressions read it by.
    public var name: String
    /// What the checker knows of its values (`Any` when nothing).
    public var type: StaticType
    /// Why the root cannot be read here (E0307), as "the identifier expression; available: payload";
    /// nil when it can. A mapping's slots share one root list and hide the roots of other slots.
    public var unavailableReason: String?

    /// A root named `name` of static type `type`; with a reason, declared but not readable here.
    public init(_ name: String, type: StaticType = .any, unavailableReason: String? = nil) {
        self.name = name
        self.type = type
        self.unavailableReason = unavailableReason
    }

    /// A root typed from a sample of its values (types.md §4.3).
    public init(_ name: String, sample: Value) {
        self.init(name, type: .inferred(from: sample))
    }

    public init(stringLiteral name: String) {
        self.init(name)
    }
}

/// `Environment.define(_:)` was given a function whose name is already taken.
public struct FunctionNameTaken: Error, Sendable, CustomStringConvertible {
    /// The name that was already taken.
    public let name: String
    public var description: String { "a function named `\(name)` already exists" }
}
