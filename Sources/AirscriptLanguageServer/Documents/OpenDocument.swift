import Airscript
import AirscriptMapping
import Foundation

/// A document the client has open: its text at a version and what the server made of it.
package struct OpenDocument: Sendable {
    package let uri: String
    /// The file's path, from its `file:` URI (samples are found beside it).
    package let path: String
    package var version: Int
    package var text: TextDocument
    /// The analysis of `text`, once made; nil after a change until the next check.
    package var analysis: DocumentAnalysis?
    /// The last analysis made, of whatever version (a broken mapping keeps its slots from it).
    package var lastAnalysis: DocumentAnalysis?

    package init(uri: String, version: Int, text: String, encoding: PositionEncoding) {
        self.uri = uri
        self.path = OpenDocument.path(ofURI: uri)
        self.version = version
        self.text = TextDocument(text, encoding: encoding)
    }

    /// The analysis of the current text, made now if the last check is older.
    package mutating func analysed() -> DocumentAnalysis {
        if let analysis { return analysis }
        let made = DocumentAnalysis.analyse(path: path, text: text.text, previous: lastAnalysis)
        analysis = made
        lastAnalysis = made
        return made
    }

    /// The path of a `file:` URI, percent-decoded; other schemes are kept as they are.
    package static func path(ofURI uri: String) -> String {
        guard uri.hasPrefix("file://") else { return uri }
        let rest = uri.dropFirst("file://".count)
        let path = rest.drop { $0 != "/" }
        return String(path).removingPercentEncoding ?? String(path)
    }

    /// The `file:` URI of a path.
    package static func uri(ofPath path: String) -> String {
        let allowed = CharacterSet.urlPathAllowed
        return "file://" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
    }
}

/// An expression of a document found at a cursor: the expression and the byte offset in its text.
package struct ExpressionAtCursor {
    package let expression: EditableExpression
    package let offset: Int
}

extension OpenDocument {
    /// The expression under a protocol position, and the offset in its own text; nil outside every
    /// expression (a mapping's keys, comments).
    package func expression(at position: LSPPosition, in analysis: DocumentAnalysis) -> ExpressionAtCursor? {
        if analysis.kind == .expression, let only = analysis.expressions.first {
            return ExpressionAtCursor(expression: only, offset: text.offset(of: position))
        }
        let target = text.sourcePosition(of: position)
        for expression in analysis.expressions {
            let source = expression.source
            let first = source.position(of: 0), last = source.position(of: source.bytes.count)
            guard !(target < first), !(last < target) else { continue }
            // The last offset whose file position is not after the cursor.
            var best = 0
            var k = 0
            while k <= source.bytes.count {
                if source.position(of: k) <= target { best = k } else if k > 0 { break }
                k += 1
                while k < source.bytes.count && source.bytes[k] & 0xC0 == 0x80 { k += 1 }
            }
            return ExpressionAtCursor(expression: expression, offset: best)
        }
        return nil
    }
}

extension OpenDocument {
    /// The protocol position of a byte offset of `source`: an expression cut from the file (mapped
    /// through its place in the file), or the document's own text (its offsets are the document's).
    package func position(of offset: Int, in source: Source) -> LSPPosition {
        let isDocument = source.enclosing == nil && source.filePositions == nil && source.origin == SourcePosition(line: 1, column: 1)
        return isDocument ? text.position(ofOffset: offset) : text.position(of: source.position(of: offset))
    }
}

extension SourcePosition {
    static func < (a: SourcePosition, b: SourcePosition) -> Bool { a.line < b.line || (a.line == b.line && a.column < b.column) }
    static func <= (a: SourcePosition, b: SourcePosition) -> Bool { !(b < a) }
}
