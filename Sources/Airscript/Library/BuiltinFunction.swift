/// One built-in function: its name, signatures (types.md §5.1 notation), a one-line description and
/// its implementation. This declaration is the only list of functions: the compiler, the checker and
/// the REPL's completion and `:help` all read it.
/// A class: compiled calls and every invocation refer to it, and a reference costs one retain where a
/// struct of strings, arrays and a closure cost several.
public final class BuiltinFunction: Sendable {
    /// A function's implementation: its argument values, and the call it answers (context, spans, randomness).
    public typealias Body = @Sendable (_ arguments: Arguments, _ call: inout Invocation) throws(RuntimeError) -> Value

    /// The name calls use, in capitals (calls match it in any case).
    public let name: String
    /// Its family in the documentation and the REPL's `:help`.
    public let category: FunctionCategory
    /// Overloads, e.g. `ROUND(number: Number, digits?: Number = 0) -> Number`.
    public let signatures: [String]
    /// The overloads, parsed once from the signature strings.
    package let overloads: [Signature]
    /// One line on what it does, for `:help` and completion.
    public let summary: String
    /// Arguments required, and allowed (nil: any number), derived from the signatures.
    public let minArguments: Int
    /// Arguments allowed at most; nil when it takes any number.
    public let maxArguments: Int?
    /// Whether a NULL in a required argument makes the result NULL without calling the body
    /// (functions.md §0.3). Functions that accept NULL say so.
    public let propagatesNull: Bool
    /// Impure functions read the clock or randomness and are never folded at compile time.
    public let isPure: Bool
    /// How a call is evaluated: most as a call of `body`; IF and NOT as forms of their own.
    public let form: Form
    /// Lazy functions (IF) evaluate only some of their arguments; `body` is not used for them.
    public var isLazy: Bool { form == .conditional }
    /// Functions that read the evaluation context (the clock for missing date parts, the default
    /// locale or zone) are pure but cannot be folded at compile time, when the context is unknown.
    public let readsContext: Bool
    /// Whether a call with constant arguments may be evaluated at compile time.
    public var isFoldable: Bool { isPure && !readsContext }
    let body: Body

    /// A function from its signatures (types.md §5.1 notation, e.g. `ROUND(number: Number, digits?: Number = 0) -> Number`) and its body.
    public init(
        _ signatures: [String], category: FunctionCategory, readsContext: Bool = false, summary: String,
        propagatesNull: Bool = true, isPure: Bool = true, form: Form = .call, body: @escaping Body
    ) {
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
        self.form = form
        self.readsContext = readsContext
        self.body = body
    }

    /// Whether a call with `n` arguments fits one of the signatures.
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

extension BuiltinFunction {
    /// How the compiler lowers a call, declared with the function rather than recognised by its name.
    public enum Form: Sendable {
        /// Arguments evaluated, then the body called.
        case call
        /// `IF(c1, v1, c2, v2, …, else)`: conditions in turn, only the chosen value evaluated (D22).
        case conditional
        /// `NOT(x)`: a truthiness test, which conditions read without building a Boolean.
        case negation
    }
}

/// The families of functions.md.
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
