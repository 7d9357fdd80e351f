import Airscript
import AirscriptMapping

/// `textDocument/publishDiagnostics` (lsp.md §2): every diagnostic of `check`, its span mapped
/// through the YAML scalar it stands in, with its code, severity, help and notes, and its
/// secondary labels as related locations.
enum PublishedDiagnostics {
    static func json(_ diagnostics: [MappingDiagnostic], in document: OpenDocument) -> Value {
        .list(diagnostics.map { json($0, in: document) })
    }

    static func json(_ found: MappingDiagnostic, in document: OpenDocument) -> Value {
        let d = found.diagnostic
        var message = d.message
        if let label = d.label, !label.isEmpty { message += " (\(label))" }
        for note in d.notes { message += "\nnote: \(note)" }
        if let help = d.help { message += "\nhelp: \(help)" }
        var fields: Value.Object = [
            "range": range(d.span, in: found.source, document: document),
            "severity": .number(severity(d.severity)),
            "code": .text(d.code.rawValue),
            "source": "airscript",
            "message": .text(message),
        ]
        if !d.secondary.isEmpty {
            fields["relatedInformation"] = .list(
                d.secondary.map { label in
                    [
                        "location": ["uri": .text(document.uri), "range": range(label.span, in: found.source, document: document)],
                        "message": .text(label.message.isEmpty ? "here" : label.message),
                    ]
                })
        }
        if !d.fixes.isEmpty {
            // Kept with the diagnostic so a code action request can turn it into edits unchanged.
            fields["data"] = [
                "fixes": .list(
                    d.fixes.map {
                        ["title": .text($0.title), "range": range($0.span, in: found.source, document: document), "newText": .text($0.replacement)]
                    })
            ]
        }
        return .object(fields)
    }

    /// The document range of a span of `source` (an expression in the file, or the file itself).
    static func range(_ span: SourceSpan, in source: Source, document: OpenDocument) -> Value {
        ["start": document.position(of: span.start, in: source).json, "end": document.position(of: span.end, in: source).json]
    }

    static func severity(_ s: Severity) -> Double {
        switch s {
        case .error: 1
        case .warning: 2
        case .note: 3
        }
    }
}
