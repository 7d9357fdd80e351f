import Airscript

/// How the client counts characters in a line (LSP `PositionEncodingKind`): UTF-16 code units by
/// default, UTF-8 bytes when both sides agree on it.
package enum PositionEncoding: String, Sendable {
    case utf16 = "utf-16"
    case utf8 = "utf-8"
}

/// A position as the protocol writes it: a 0-based line and a 0-based character in the encoding's units.
package struct LSPPosition: Equatable, Sendable {
    package var line: Int
    package var character: Int

    package init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    package init?(_ value: Value) {
        guard case .number(let line) = value.member("line"), case .number(let character) = value.member("character"),
            line >= 0, character >= 0, line < 1e9, character < 1e9
        else { return nil }
        self.init(line: Int(line), character: Int(character))
    }

    package var json: Value { ["line": .number(Double(line)), "character": .number(Double(character))] }
}

/// An open document's text, with the byte offset each line starts at: what turns the protocol's
/// positions into the library's byte offsets and line-and-column positions, and back.
package struct TextDocument: Sendable {
    package private(set) var bytes: [UInt8]
    private var lineStarts: [Int]
    package let encoding: PositionEncoding

    package init(_ text: String, encoding: PositionEncoding) {
        self.bytes = Array(text.utf8)
        self.encoding = encoding
        self.lineStarts = Source.lineStarts(of: bytes)
    }

    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The byte range of a line's text, without its break.
    private func lineRange(_ line: Int) -> Range<Int> {
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        while end > start && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        return start..<end
    }

    /// The byte offset of a protocol position; a position past a line's end is its end, past the
    /// last line the document's end (the protocol asks servers to be lenient so).
    package func offset(of position: LSPPosition) -> Int {
        guard position.line < lineStarts.count else { return bytes.count }
        let range = lineRange(position.line)
        var units = 0
        var i = range.lowerBound
        while i < range.upperBound && units < position.character {
            let length = TextDocument.scalarLength(bytes[i])
            units += encoding == .utf8 ? length : (length == 4 ? 2 : 1)
            i += length
        }
        return min(i, range.upperBound)
    }

    /// The protocol position of a byte offset.
    package func position(ofOffset offset: Int) -> LSPPosition {
        let offset = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return LSPPosition(line: lo, character: units(from: lineStarts[lo], to: min(offset, lineRange(lo).upperBound)))
    }

    /// The protocol position of a library position (1-based line, column in Unicode scalars).
    package func position(of p: SourcePosition) -> LSPPosition {
        let line = max(0, min(p.line - 1, lineStarts.count - 1))
        let range = lineRange(line)
        var i = range.lowerBound
        var scalars = 1
        while i < range.upperBound && scalars < p.column {
            i += TextDocument.scalarLength(bytes[i])
            scalars += 1
        }
        return LSPPosition(line: line, character: units(from: range.lowerBound, to: min(i, range.upperBound)))
    }

    /// The library position (1-based line, column in Unicode scalars) of a protocol position.
    package func sourcePosition(of position: LSPPosition) -> SourcePosition {
        let offset = offset(of: position)
        let line = min(position.line, lineStarts.count - 1)
        var column = 1
        var i = lineStarts[line]
        while i < offset {
            i += TextDocument.scalarLength(bytes[i])
            column += 1
        }
        return SourcePosition(line: line + 1, column: column)
    }

    private func units(from start: Int, to end: Int) -> Int {
        var units = 0
        var i = start
        while i < end {
            let length = TextDocument.scalarLength(bytes[i])
            units += encoding == .utf8 ? length : (length == 4 ? 2 : 1)
            i += length
        }
        return units
    }

    /// The length of the UTF-8 sequence a lead byte starts (1 for a stray continuation byte).
    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...0xFF: 4
        case 0xE0...0xEF: 3
        case 0xC0...0xDF: 2
        default: 1
        }
    }

    /// Applies one change of `didChange`: a range replaced, or (without a range) the whole text.
    package mutating func apply(range: (LSPPosition, LSPPosition)?, text: String) {
        guard let (from, to) = range else {
            bytes = Array(text.utf8)
            lineStarts = Source.lineStarts(of: bytes)
            return
        }
        let lo = offset(of: from), hi = max(lo, offset(of: to))
        bytes.replaceSubrange(lo..<hi, with: Array(text.utf8))
        lineStarts = Source.lineStarts(of: bytes)
    }

    /// The protocol range of a byte range, as JSON.
    package func range(_ lo: Int, _ hi: Int) -> Value {
        ["start": position(ofOffset: lo).json, "end": position(ofOffset: hi).json]
    }

    /// The protocol range between two library positions, as JSON.
    package func range(_ from: SourcePosition, _ to: SourcePosition) -> Value {
        ["start": position(of: from).json, "end": position(of: to).json]
    }

    /// The text of a line (0-based), without its break.
    package func line(_ line: Int) -> String {
        guard line >= 0 && line < lineStarts.count else { return "" }
        return String(decoding: bytes[lineRange(line)], as: UTF8.self)
    }

    package var lineCount: Int { lineStarts.count }
}
