/// A failure during evaluation (language.md §12): a diagnostic with an R05xx code and the span of
/// the operator, call or accessor that failed. It aborts the whole evaluation (D49).
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    /// The diagnostic and the source, boxed: evaluation functions throw this type (typed throws),
    /// and each of their frames reserves room for it, so one word instead of the diagnostic's
    /// hundred-odd bytes keeps deep recursion of user-defined functions within the stack.
    private final class Storage: @unchecked Sendable {
        var diagnostic: Diagnostic
        var source: Source?
        init(diagnostic: Diagnostic, source: Source?) {
            self.diagnostic = diagnostic
            self.source = source
        }
    }
    private var storage: Storage

    /// The error as a diagnostic: code, message, span, labels and help.
    public var diagnostic: Diagnostic {
        get { storage.diagnostic }
        set { unique().diagnostic = newValue }
    }
    /// The program's source, which the span points into: set by `Program.evaluate`, so the error
    /// renders without the caller keeping the source (`rendered()`).
    public internal(set) var source: Source? {
        get { storage.source }
        set { unique().source = newValue }
    }

    /// The storage, copied first when another error shares it (value semantics).
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(diagnostic: storage.diagnostic, source: storage.source) }
        return storage
    }

    /// An error with an R05xx `code` at `span`.
    public init(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String? = nil,
        secondary: [DiagnosticLabel] = [], help: String? = nil, limit: Limit? = nil
    ) {
        storage = Storage(
            diagnostic: Diagnostic(
                code, message, at: span, label: label, secondary: secondary, help: help, severity: .error,
                limit: limit),
            source: nil)
    }

    /// The R05xx code.
    public var code: DiagnosticCode { diagnostic.code }
    /// The message.
    public var message: String { diagnostic.message }
    public var description: String { "error[\(diagnostic.code)]: \(diagnostic.message)" }

    /// The error with its source line and a caret under the failing operator, call or accessor
    /// (or the one-line description when no source is attached).
    public func rendered(useColor: Bool = false) -> String {
        guard let source else { return description + "\n" }
        return DiagnosticRenderer(useColor: useColor).render(diagnostic, in: source)
    }
}
