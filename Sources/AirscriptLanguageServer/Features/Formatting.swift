@_spi(Syntax) import Airscript
import AirscriptMapping

/// `textDocument/formatting` (lsp.md §2): each expression printed by the canonical printer, only
/// where that loses nothing: an expression that does not parse, or holds a comment (the tree keeps
/// none), is left as it is. So is one written over several lines: the printer writes one line, and
/// an author's line breaks in a long object are worth more than the spacing it would fix.
enum Formatting {
    static func edits(_ analysis: DocumentAnalysis, in document: OpenDocument) -> Value {
        var edits: [Value] = []
        for expression in analysis.expressions {
            let written = expression.source.text.trimmingTrailingBreaks
            guard !written.contains("\n"), let printed = canonical(expression.source), printed != written else { continue }
            if let edit = ScalarRewrite.edit(expression, to: printed, in: document) { edits.append(edit) }
        }
        return .list(edits)
    }

    /// The canonical text of an expression; nil when it does not parse or holds a comment.
    static func canonical(_ source: Source) -> String? {
        let tree = Parser.parse(source)
        guard let root = tree.root, !tree.diagnostics.hasErrors, !holdsComment(source) else { return nil }
        return Printer.print(root)
    }

    /// Whether anything but whitespace stands between two tokens, or before the first, or after the last.
    static func holdsComment(_ source: Source) -> Bool {
        var end = 0
        for token in Lexer.tokenize(source).tokens {
            if source.bytes[end..<max(end, token.span.start)].contains(where: { !isBlank($0) }) { return true }
            end = max(end, token.span.end)
        }
        return source.bytes[min(end, source.bytes.count)...].contains { !isBlank($0) }
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}

extension String {
    var trimmingTrailingBreaks: String {
        var s = Substring(self)
        while s.last == "\n" || s.last == "\r\n" || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
