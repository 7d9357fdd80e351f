/// A failure during evaluation (language.md §12): a diagnostic with an R05xx code and the span of
/// the operator, call or accessor that failed. It aborts the whole evaluation (D49).
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    public var diagnostic: Diagnostic

    public init(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String? = nil,
                secondary: [DiagnosticLabel] = [], help: String? = nil) {
        diagnostic = Diagnostic(code, message, at: span, label: label, secondary: secondary, help: help, severity: .error)
    }

    public var code: DiagnosticCode { diagnostic.code }
    public var message: String { diagnostic.message }
    public var description: String { "error[\(diagnostic.code)]: \(diagnostic.message)" }
}
