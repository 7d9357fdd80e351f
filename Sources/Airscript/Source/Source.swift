/// A piece of Airscript source text with the name it is reported under
/// (`<expr>`, a file name, or `mapping.yaml (identifier)`).
///
/// The text is kept as UTF-8 bytes: the lexer reads bytes, spans are byte offsets, and
/// line/column positions (columns count Unicode scalars, as the spec says) are computed on demand.
public struct Source: Sendable {
    /// What diagnostics call it: a file name, `<expr>`, or `file.yaml (slot)`.
    public let name: String
    /// The text.
    public let text: String
    /// The text as UTF-8: spans are byte offsets into it.
    public let bytes: [UInt8]
    /// Byte offset at which each line starts.
    let lineStarts: [Int]
    /// Where this source sits inside a larger file (an expression inside YAML), so positions can be
    /// reported in the file's own lines and columns. Line 1 column 1 of the expression is at
    /// `origin`; later lines start at column `continuationColumn`.
    public let origin: SourcePosition
    /// The column where continuation lines start in the enclosing file (for text cut from a YAML scalar).
    public let continuationColumn: Int
    /// The file this text was cut from (a mapping file), and what the text is in it (its slot):
    /// diagnostics then read `file.yaml:12:9 (response.status)` and show the file's own line.
    public let enclosing: EnclosingFile?
    /// For text the file wrote otherwise than it reads (a quoted YAML scalar with escapes, a folded
    /// block, a scalar over several lines): the file's position of each byte offset of the text,
    /// and of its end. Positions are mapped through it, so a caret after `\u00e9` or `''`, or on the
    /// second line of a `>` block, stands where the file has the character.
    public let filePositions: [SourcePosition]?

    /// A source named `name`; `origin` is where it starts in an enclosing file (1:1 for a file of its own).
    public init(
        _ text: String, name: String = "<expr>",
        origin: SourcePosition = SourcePosition(line: 1, column: 1), continuationColumn: Int = 1, enclosing: EnclosingFile? = nil,
        filePositions: [SourcePosition]? = nil
    ) {
        self.enclosing = enclosing
        self.filePositions = filePositions
        self.name = name
        self.text = text
        self.bytes = Array(text.utf8)
        self.lineStarts = Source.lineStarts(of: bytes)
        self.origin = origin
        self.continuationColumn = continuationColumn
    }

    /// The byte offset at which each line of `bytes` starts: after `\n`, `\r\n` or a lone `\r`.
    package static func lineStarts(of bytes: [UInt8]) -> [Int] {
        var starts = [0]
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                starts.append(i + 1)
            } else if b == 0x0D {
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        return starts
    }

    /// The 1-based line and column (in Unicode scalars) of a byte offset, in the source's own
    /// coordinates (not shifted by `origin`).
    public func localPosition(of offset: Int) -> SourcePosition {
        let offset = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < offset {
            // Count scalar starts: every byte that is not a UTF-8 continuation byte.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: lo + 1, column: column)
    }

    /// The position of a byte offset as reported to the user (shifted by `origin`).
    public func position(of offset: Int) -> SourcePosition {
        if let filePositions, !filePositions.isEmpty {
            return filePositions[max(0, min(offset, filePositions.count - 1))]
        }
        let local = localPosition(of: offset)
        if local.line == 1 {
            return SourcePosition(line: origin.line, column: origin.column + local.column - 1)
        }
        return SourcePosition(
            line: origin.line + local.line - 1,
            column: continuationColumn + local.column - 1)
    }

    /// The number of lines.
    public var lineCount: Int { lineStarts.count }

    /// The length of the text in Unicode scalars: the bytes that are not UTF-8 continuation bytes.
    public var scalarCount: Int { bytes.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) } }

    /// The text of a 1-based local line, without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1 && line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text of a span.
    public func text(of span: SourceSpan) -> String {
        let lo = max(0, min(span.start, bytes.count)), hi = max(lo, min(span.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// The file a source was cut from, and what the source is in it. A class: the expressions of one
/// file share it.
public final class EnclosingFile: Sendable {
    /// The whole file.
    public let file: Source
    /// What the cut text is in the file, such as `response.status`.
    public let part: String

    /// The file `file`, of which the source is the part `part`.
    public init(file: Source, part: String) {
        self.file = file
        self.part = part
    }
}

/// A 1-based line and column.
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in characters.
    public var column: Int
    /// A position at `line`:`column`.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// A half-open range of UTF-8 byte offsets into a `Source`.
public struct SourceSpan: Sendable, Hashable {
    /// The byte offset of the first byte.
    public var start: Int
    /// The byte offset after the last byte.
    public var end: Int
    /// The bytes from `start` up to `end`.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }
    /// No place: the diagnostic is about the whole input.
    public static let none = SourceSpan(start: 0, end: 0)
    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }
    /// Whether it covers no bytes.
    public var isEmpty: Bool { start == end }
}

extension Source {
    /// The span of the operator token between two operands (for carets under `/` or `AND`).
    public func operatorSpan(between lhs: SourceSpan, and rhs: SourceSpan) -> SourceSpan {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var start = lhs.end
        while start < rhs.start, start < bytes.count, isSpace(bytes[start]) || bytes[start] == UInt8(ascii: ")") { start += 1 }
        var end = start
        while end < rhs.start, end < bytes.count, !isSpace(bytes[end]), bytes[end] != UInt8(ascii: "(") { end += 1 }
        return end > start ? SourceSpan(start: start, end: end) : lhs.union(rhs)
    }
}

extension Source {
    /// The byte offset of a 1-based local line and column (columns in Unicode scalars).
    public func offset(line: Int, column: Int) -> Int {
        guard line >= 1 else { return 0 }
        guard line <= lineStarts.count else { return bytes.count }
        var i = lineStarts[line - 1]
        var c = 1
        while c < column && i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D {
            i += 1
            while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 }
            c += 1
        }
        return i
    }
}
