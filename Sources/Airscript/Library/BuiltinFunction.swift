/// One built-in function: its name, signatures (types.md §5.1 notation), a one-line description and
/// its implementation. This declaration is the only list of functions: the compiler, the checker and
/// the REPL's completion and `:help` all read it.
/// A class: compiled calls and every invocation refer to it, and a reference costs one retain where a
/// struct of strings, arrays and a closure cost several.
public final class BuiltinFunction: Sendable {
    public typealias Body = @Sendable (_ arguments: Arguments, _ call: inout Invocation) throws(RuntimeError) -> Value

    public let name: String
    public let category: FunctionCategory
    /// Overloads, e.g. `ROUND(number: Number, digits?: Number = 0) -> Number`.
    public let signatures: [String]
    /// The overloads, parsed once from the signature strings.
    public let overloads: [Signature]
    public let summary: String
    /// Arguments required, and allowed (nil: any number), derived from the signatures.
    public let minArguments: Int
    public let maxArguments: Int?
    /// Whether a NULL in a required argument makes the result NULL without calling the body
    /// (functions.md §0.3). Functions that accept NULL say so.
    public let propagatesNull: Bool
    /// Impure functions read the clock or randomness and are never folded at compile time.
    public let isPure: Bool
    /// Lazy functions (IF) are compiled to their own node; `body` is not used for them.
    public let isLazy: Bool
    /// Functions that read the evaluation context (the clock for missing date parts, the default
    /// locale or zone) are pure but cannot be folded at compile time, when the context is unknown.
    public let readsContext: Bool
    /// Whether a call with constant arguments may be evaluated at compile time.
    public var isFoldable: Bool { isPure && !readsContext }
    let body: Body

    public init(_ signatures: [String], category: FunctionCategory, readsContext: Bool = false, summary: String,
                propagatesNull: Bool = true, isPure: Bool = true, isLazy: Bool = false, body: @escaping Body) {
        let overloads = signatures.map(Signature.init(parsing:))
        self.name = overloads[0].name
        self.category = category
        self.signatures = signatures
        self.overloads = overloads
        self.summary = summary
        self.minArguments = overloads.map(\.minimumArguments).min() ?? 0
        self.maxArguments = overloads.contains { $0.maximumArguments == nil } ? nil : overloads.compactMap(\.maximumArguments).max()
        self.propagatesNull = propagatesNull
        self.isPure = isPure
        self.isLazy = isLazy
        self.readsContext = readsContext
        self.body = body
    }

    public func accepts(argumentCount n: Int) -> Bool {
        n >= minArguments && (maxArguments.map { n <= $0 } ?? true)
    }

    /// "takes 1 to 2 arguments" for E0303.
    public var arityDescription: String {
        switch maxArguments {
        case nil: "at least \(minArguments) argument\(minArguments == 1 ? "" : "s")"
        case let max? where max == minArguments: "\(max) argument\(max == 1 ? "" : "s")"
        case let max?: "\(minArguments) to \(max) arguments"
        }
    }
}

public enum FunctionCategory: String, Sendable, CaseIterable {
    case logic = "Logic"
    case typeTests = "Type tests"
    case numbers = "Numbers"
    case text = "Text"
    case collections = "Lists and objects"
    case encoding = "JSON, encoding, hashing"
    case currency = "Currency"
    case phone = "Phone"
    case dates = "Dates and times"
    case assets = "Assets"
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// What a function body sees of its call: where it is (for errors), the evaluation context, and
/// the evaluation's random source.
public struct Invocation {
    let call: CompiledCall
    /// The evaluator's context, borrowed for the call.
    let contextAddress: UnsafePointer<EvaluationContext>
    public var context: EvaluationContext { unsafeAddress { contextAddress } }
    public var random: SeededGenerator

    init(call: CompiledCall, context: UnsafePointer<EvaluationContext>, random: SeededGenerator) {
        self.call = call
        self.contextAddress = context
        self.random = random
    }

    public var function: BuiltinFunction { call.function }
    public var span: SourceSpan { call.span }
    public var argumentSpans: [SourceSpan] { call.argumentSpans }

    /// R0506: argument `index` (0-based) has a kind the function cannot use.
    public func wrongKind(_ index: Int, expected: String, got value: Value) -> RuntimeError {
        RuntimeError("R0506", "`\(function.name)`: argument \(index + 1) must be \(expected), got \(value.kindName)",
                     at: span, secondary: argumentSpan(index).map { [DiagnosticLabel(span: $0, message: value.kindName)] } ?? [])
    }

    /// R0516 or another code: a function-specific failure.
    public func failure(_ reason: String, code: DiagnosticCode = "R0516", argument: Int? = nil) -> RuntimeError {
        RuntimeError(code, code == "R0516" ? "`\(function.name)`: \(reason)" : reason, at: span,
                     secondary: argument.flatMap(argumentSpan).map { [DiagnosticLabel(span: $0, message: "")] } ?? [])
    }

    func argumentSpan(_ index: Int) -> SourceSpan? {
        index < argumentSpans.count ? argumentSpans[index] : nil
    }
}
