import Airscript
import AirscriptMapping

/// An expression's whole text replaced in the document: the edit that rewrites its scalar (or the
/// whole `.airscript` file) with new text, escaped for the scalar's style. Formatting and quick
/// fixes both go through it, so an edit never breaks the YAML around it.
enum ScalarRewrite {
    /// The text edit (`range`, `newText`) that makes the expression read `text`; nil when the
    /// scalar cannot hold it as written (the edit is then not offered).
    static func edit(_ expression: EditableExpression, to text: String, in document: OpenDocument) -> Value? {
        let source = expression.source
        let start = source.position(of: 0)
        let end = source.position(of: source.bytes.count)
        func shifted(_ p: SourcePosition, by columns: Int) -> SourcePosition {
            SourcePosition(line: p.line, column: max(1, p.column + columns))
        }
        switch expression.style {
        case .wholeFile:
            let kept = source.text.hasSuffix("\n") && !text.hasSuffix("\n") ? text + "\n" : text
            return textEdit(document.text.range(0, document.text.bytes.count), kept)
        case .plain:
            guard !text.contains("\n") else { return nil }
            if ScalarStyle.isPlainSafe(text) { return textEdit(document.text.range(start, end), text) }
            // Not readable as a plain scalar any more: single quotes keep it as it is.
            return textEdit(document.text.range(start, end), "'" + (ScalarStyle.singleQuoted.escaped(text) ?? text) + "'")
        case .singleQuoted, .doubleQuoted:
            guard !text.contains("\n"), let escaped = expression.style.escaped(text) else { return nil }
            let quote = expression.style == .singleQuoted ? "'" : "\""
            return textEdit(document.text.range(shifted(start, by: -1), shifted(end, by: 1)), quote + escaped + quote)
        case .literal, .folded:
            // The content lines, without the breaks the block keeps at its end.
            let trailing = source.bytes.reversed().prefix { $0 == 0x0A || $0 == 0x0D }.count
            let contentEnd = source.position(of: source.bytes.count - trailing)
            let indentation = String(repeating: " ", count: start.column - 1)
            // The block's own final breaks stay: the new text replaces the content lines only.
            let lines = text.trimmingTrailingBreaks.split(separator: "\n", omittingEmptySubsequences: false)
            guard expression.style == .literal || lines.count == 1 else { return nil }
            return textEdit(document.text.range(start, contentEnd), lines.joined(separator: "\n" + indentation))
        }
    }

    static func textEdit(_ range: Value, _ newText: String) -> Value {
        ["range": range, "newText": .text(newText)]
    }
}
