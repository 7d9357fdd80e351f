/// The JSON form of a diagnostic (types.md §6.1), used in batch records and `check --format json`:
/// `{"severity":"warning","code":"W0401","message":"…","slot":"identifier","line":1,"column":9,"endLine":1,"endColumn":17,"help":"…"}`.
public enum DiagnosticJSON {
    /// The JSON form of a diagnostic (types.md §6.1): code, severity, message, positions, help.
    public static func value(_ d: Diagnostic, in source: Source, slot: String? = nil, file: String? = nil) -> Value {
        let start = source.position(of: d.span.start), end = source.position(of: d.span.end)
        var o = Value.Object()
        if let file { o["file"] = .text(file) }
        o["severity"] = .text(d.severity.rawValue)
        o["code"] = .text(d.code.rawValue)
        o["message"] = .text(d.message)
        if let slot { o["slot"] = .text(slot) }
        o["line"] = .number(Double(start.line))
        o["column"] = .number(Double(start.column))
        o["endLine"] = .number(Double(end.line))
        o["endColumn"] = .number(Double(end.column))
        if let help = d.help { o["help"] = .text(help) }
        return .object(o)
    }
}
