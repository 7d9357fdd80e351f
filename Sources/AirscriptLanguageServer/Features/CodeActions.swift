import Airscript
import AirscriptMapping

/// `textDocument/codeAction` (lsp.md §2): the checker's own fixes of the diagnostics in the range
/// ("did you mean `email`?", the parentheses W0403 asks for, a template for `+` on Text) as quick
/// fixes. Each is an edit of the whole expression's scalar, escaped for its style.
enum CodeActions {
    static func actions(in range: (LSPPosition, LSPPosition), analysis: DocumentAnalysis, document: OpenDocument) -> Value {
        var actions: [Value] = []
        for found in analysis.diagnostics where !found.diagnostic.fixes.isEmpty {
            guard let expression = analysis.expressions.first(where: { sameText($0.source, found.source) }) else { continue }
            let json = PublishedDiagnostics.json(found, in: document)
            guard overlaps(json.member("range"), range) else { continue }
            for (k, fix) in found.diagnostic.fixes.enumerated() {
                var text = expression.source.bytes
                let lo = max(0, min(fix.span.start, text.count)), hi = max(lo, min(fix.span.end, text.count))
                text.replaceSubrange(lo..<hi, with: Array(fix.replacement.utf8))
                guard let edit = ScalarRewrite.edit(expression, to: String(decoding: text, as: UTF8.self), in: document) else { continue }
                actions.append([
                    "title": .text(fix.title), "kind": "quickfix", "diagnostics": [json], "isPreferred": .bool(k == 0),
                    "edit": ["changes": .object([document.uri: [edit]])],
                ])
            }
        }
        return .list(actions)
    }

    /// Whether two sources are the same expression of the file (a diagnostic keeps a copy).
    static func sameText(_ a: Source, _ b: Source) -> Bool {
        a.origin == b.origin && a.text == b.text
    }

    static func overlaps(_ range: Value, _ other: (LSPPosition, LSPPosition)) -> Bool {
        guard let start = LSPPosition(range.member("start")), let end = LSPPosition(range.member("end")) else { return false }
        return !(end < other.0) && !(other.1 < start)
    }
}

extension LSPPosition {
    static func < (a: LSPPosition, b: LSPPosition) -> Bool { a.line < b.line || (a.line == b.line && a.character < b.character) }
}
