/// What a user asked of diagnostics, in one place for every command and for mapping files
/// (cli.md §2–§3 `--allow` and `--strict`, mapping.md §5.8 `settings.allow` and `settings.strict`):
/// which warnings are silenced, and whether the remaining warnings fail the run.
public struct DiagnosticPolicy: Sendable, Equatable {
    /// Warning codes neither shown nor counted.
    public var allowed: Set<DiagnosticCode>
    /// Warnings that are not allowed become errors.
    public var strict: Bool

    /// A policy allowing `allowed` and, when `strict`, raising the other warnings.
    public init(allowed: Set<DiagnosticCode> = [], strict: Bool = false) {
        self.allowed = allowed
        self.strict = strict
    }

    /// The diagnostics as the user sees them: allowed warnings dropped and, under `strict`, the
    /// other warnings raised to errors. An error is never dropped: it cannot be allowed.
    public func applied(to diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.compactMap { d in
            guard d.severity != .error else { return d }
            if allowed.contains(d.code) { return nil }
            guard strict, d.severity == .warning else { return d }
            var raised = d
            raised.severity = .error
            return raised
        }
    }

    /// Whether the diagnostics, once the policy is applied, refuse the input.
    public func rejects(_ diagnostics: [Diagnostic]) -> Bool {
        applied(to: diagnostics).hasErrors
    }

    /// Both policies at once: what either allows, strict if either is (a mapping's settings and the
    /// command line).
    public func combined(with other: DiagnosticPolicy) -> DiagnosticPolicy {
        DiagnosticPolicy(allowed: allowed.union(other.allowed), strict: strict || other.strict)
    }

    /// Reads an allow list as it is written on a command line or in a mapping file: codes separated
    /// by commas or white space, in any case. Only known warning codes can be allowed: an unknown
    /// code (a typo such as `W04O4`) or an error code is refused, with the nearest warning code.
    public static func allowList<Codes: Sequence>(_ codes: Codes) throws(UnknownWarningCode) -> Set<DiagnosticCode>
    where Codes.Element: StringProtocol {
        var allowed: Set<DiagnosticCode> = []
        for written in codes {
            for part in written.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
                let code = DiagnosticCode(rawValue: part.uppercased())
                guard let entry = DiagnosticCatalog.entry(code), entry.severity == .warning else {
                    throw UnknownWarningCode(
                        written: String(part), isError: DiagnosticCatalog.entry(code) != nil,
                        nearest: DiagnosticCatalog.nearest(to: String(part), severity: .warning).first)
                }
                allowed.insert(code)
            }
        }
        return allowed
    }
}

/// An allow list named a code that is not a warning's.
public struct UnknownWarningCode: Error, Sendable, CustomStringConvertible {
    /// The code as written.
    public let written: String
    /// Whether it is an error's code (errors cannot be allowed) rather than no code at all.
    public let isError: Bool
    /// The nearest warning code, for "did you mean".
    public let nearest: String?

    public var description: String {
        let why = isError ? "`\(written)` is an error, and errors cannot be allowed" : "`\(written)` is not a warning code"
        return why + (nearest.map { "; did you mean \($0)?" } ?? "")
    }
}
