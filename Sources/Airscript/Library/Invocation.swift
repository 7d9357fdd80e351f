/// Where a built-in is called: the function and the spans its errors point at. The interpreter's
/// compiled call extends it with the argument nodes, so an invocation refers to the call it came
/// from (one retain) without the library knowing the interpreter's tree.
class CallSite: @unchecked Sendable {
    // Unchecked: a class meant to be subclassed cannot be checked, but every stored property is an
    // immutable `let` of a Sendable type, and the subclass adds only such properties.
    let function: BuiltinFunction
    let span: SourceSpan
    let argumentSpans: [SourceSpan]

    init(function: BuiltinFunction, span: SourceSpan, argumentSpans: [SourceSpan]) {
        self.function = function
        self.span = span
        self.argumentSpans = argumentSpans
    }
}

/// What a function body sees of its call: where it is (for errors), the evaluation context, and
/// the evaluation's random source.
public struct Invocation {
    let call: CallSite
    /// The evaluator's context, borrowed for the call.
    let contextAddress: UnsafePointer<EvaluationContext>
    /// The evaluation's context: the clock, zone, locale and limits.
    public var context: EvaluationContext { unsafeAddress { contextAddress } }
    /// The call's random source: seeded from the context, its own for each slot of a mapping.
    public var random: SeededGenerator

    init(call: CallSite, context: UnsafePointer<EvaluationContext>, random: SeededGenerator) {
        self.call = call
        self.contextAddress = context
        self.random = random
    }

    /// The function called.
    public var function: BuiltinFunction { call.function }
    /// The span of the whole call, which errors point at.
    public var span: SourceSpan { call.span }
    /// The span of each argument, for errors about one of them.
    public var argumentSpans: [SourceSpan] { call.argumentSpans }

    /// R0506: argument `index` (0-based) has a kind the function cannot use.
    public func wrongKind(_ index: Int, expected: String, got value: Value) -> RuntimeError {
        RuntimeError(
            "R0506", "`\(function.name)`: argument \(index + 1) must be \(expected), got \(value.kindName)",
            at: span, secondary: argumentSpan(index).map { [DiagnosticLabel(span: $0, message: value.kindName)] } ?? [])
    }

    /// R0516 or another code: a function-specific failure.
    public func failure(_ reason: String, code: DiagnosticCode = "R0516", argument: Int? = nil, limit: Limit? = nil) -> RuntimeError {
        RuntimeError(
            code, code == "R0516" ? "`\(function.name)`: \(reason)" : reason, at: span,
            secondary: argument.flatMap(argumentSpan).map { [DiagnosticLabel(span: $0, message: "")] } ?? [], limit: limit)
    }

    func argumentSpan(_ index: Int) -> SourceSpan? {
        index < argumentSpans.count ? argumentSpans[index] : nil
    }
}
