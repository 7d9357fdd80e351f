/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable {
    case note, warning, error

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }
}

/// A secondary labelled span, drawn with `-` under the source line.
public struct DiagnosticLabel: Sendable, Hashable {
    /// The span the label underlines.
    public var span: SourceSpan
    /// The text beside the underline (may be empty).
    public var message: String
    /// A label on `span`.
    public init(span: SourceSpan, message: String) {
        self.span = span
        self.message = message
    }
}

/// An edit that resolves a diagnostic: the text of `span` replaced by `replacement`.
public struct DiagnosticFix: Sendable, Hashable {
    /// What the edit does, as an editor offers it ("Change to `email`").
    public var title: String
    /// The span replaced.
    public var span: SourceSpan
    /// The text put in its place.
    public var replacement: String

    /// Replace `span` by `replacement`; `title` says so to the user.
    public init(title: String, span: SourceSpan, replacement: String) {
        self.title = title
        self.span = span
        self.replacement = replacement
    }

    /// One fix per suggested name: "did you mean `email`?" as edits.
    static func renaming(_ span: SourceSpan, to names: [String]) -> [DiagnosticFix] {
        names.map { DiagnosticFix(title: "Change to `\($0)`", span: span, replacement: $0) }
    }
}

/// One message about a piece of source: a syntax error, a type warning, a runtime failure.
/// Every stage of the pipeline reports through this one type, so a runtime error points into the
/// source exactly like a syntax error does. Codes are stable (spec/types.md §6.2); messages may improve.
public struct Diagnostic: Error, Sendable, Hashable {
    /// Error, warning or note; a `DiagnosticPolicy` may raise a warning to an error.
    public var severity: Severity
    /// The stable code (`DiagnosticCatalog` lists them all).
    public var code: DiagnosticCode
    /// What is wrong, in one line.
    public var message: String
    /// Where: the primary span, underlined with `^`.
    public var span: SourceSpan
    /// Text under the primary caret (`^ the divisor is 0`).
    public var label: String?
    /// Other places that explain it, underlined with `-`.
    public var secondary: [DiagnosticLabel]
    /// Further facts, each rendered as `= note: …`.
    public var notes: [String]
    /// How to fix it, rendered as `= help: …`.
    public var help: String?
    /// The limit an E0210 or R0511 reports exceeded.
    public var limit: Limit?
    /// Edits that would resolve it, when the checker knows them: an editor's quick fixes.
    public var fixes: [DiagnosticFix] = []

    /// A diagnostic of `code` at `span`; its severity is the code's unless given.
    public init(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String? = nil,
        secondary: [DiagnosticLabel] = [], notes: [String] = [], help: String? = nil,
        severity: Severity? = nil, limit: Limit? = nil
    ) {
        self.code = code
        self.message = message
        self.span = span
        self.label = label
        self.secondary = secondary
        self.notes = notes
        self.help = help
        self.severity = severity ?? code.defaultSeverity
        self.limit = limit
    }

    /// Whether it refuses the input.
    public var isError: Bool { severity == .error }
}

/// A stable diagnostic code such as `E0201`, `W0401` or `R0501`.
/// The letter says where it comes from: E syntax/type error, W warning, R runtime error, M mapping.
public struct DiagnosticCode: Sendable, Hashable, RawRepresentable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// The code's severity in the catalogue; for a code it does not list, the letter's: W a warning,
    /// N a note, E, R and M errors.
    public var defaultSeverity: Severity {
        // The catalogue says it for every known code (M0310 is a warning though its letter is M).
        if let entry = DiagnosticCatalog.entry(self) { return entry.severity }
        switch rawValue.first {
        case "W": return .warning
        case "N": return .note
        default: return .error
        }
    }
}

/// A list of diagnostics thrown as one error, when a stage refuses its input. `Environment.compile`
/// throws it with typed throws, so `catch` binds it without a cast:
///
///     do throws(DiagnosticError) { program = try environment.compile(text) }
///     catch { print(error.rendered()) }
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    /// Every diagnostic found, in the order of the source.
    public var diagnostics: [Diagnostic]
    /// The source they point into.
    public let source: Source
    /// Diagnostics about `source`.
    public init(_ diagnostics: [Diagnostic], source: Source) {
        self.diagnostics = diagnostics
        self.source = source
    }

    /// Every diagnostic with its source line and carets.
    public func rendered(useColor: Bool = false) -> String {
        DiagnosticRenderer(useColor: useColor).render(diagnostics, in: source)
    }

    public var description: String {
        diagnostics.map { "\($0.severity.rawValue)[\($0.code)]: \($0.message)" }.joined(separator: "\n")
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.isError } }
}

extension Diagnostic {
    /// Diagnostics from several stages, in the order of the source they point at (stable: those at
    /// one place keep the order the stages reported them in).
    package static func inSourceOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset) }.map(\.element)
    }
}
