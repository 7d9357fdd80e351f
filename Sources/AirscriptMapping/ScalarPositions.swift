import Airscript

/// Where each character of an expression scalar stands in the file (mapping.md §5.9). YAML hands
/// over the scalar's value: `é` for `"\u00e9"`, `'` for `''`, one line for a folded (`>`) block or a
/// quoted or plain scalar written over several lines. A diagnostic, a hover or a completion at a
/// character of that value must stand where the file has the character.
enum ScalarPositions {
    /// The file position of each UTF-8 byte offset of `cooked`, and of its end, by walking the file's
    /// text from where the scalar's content starts (`line`, `column`: after the opening quote, or
    /// the first content line of a block). Characters YAML dropped (indentation, the breaks it
    /// folded, trailing spaces, escaped line breaks) are stepped over. Nil when the text does not
    /// decode to `cooked`: the plain line-and-column mapping stays.
    static func map(file: Source, line: Int, column: Int, cooked: String, quote: Unicode.Scalar?) -> [SourcePosition]? {
        var raw = RawText(file: file, line: line, column: column)
        var positions: [SourcePosition] = []
        positions.reserveCapacity(cooked.utf8.count + 1)
        for c in cooked.unicodeScalars {
            var matched: SourcePosition?
            while matched == nil, let r = raw.current {
                let here = raw.position
                if quote == "\"" && r == "\\" {
                    guard let next = raw.peek(1) else { return nil }
                    if next == "\n" || next == "\r" {
                        // An escaped line break joins the lines without a space.
                        raw.advance(1)
                        raw.skipBreakAndIndentation()
                        continue
                    }
                    guard let (scalar, length) = escape(raw, after: 1), scalar == c else { return nil }
                    raw.advance(1 + length)
                    matched = here
                } else if quote == "'" && r == "'" {
                    guard raw.peek(1) == "'", c == "'" else { return nil }
                    raw.advance(2)
                    matched = here
                } else if r == c {
                    raw.advance(1)
                    matched = here
                } else if r == " " || r == "\t" || r == "\n" || r == "\r" {
                    raw.advance(1)  // indentation, a folded break, trailing spaces
                } else {
                    return nil
                }
            }
            guard let matched else { return nil }
            positions += Array(repeating: matched, count: String(c).utf8.count)
        }
        return positions + [raw.position]
    }

    /// A double-quoted escape after its backslash: the character and how many scalars it takes.
    private static func escape(_ raw: RawText, after k: Int) -> (Unicode.Scalar, Int)? {
        func hex(_ n: Int) -> (Unicode.Scalar, Int)? {
            var digits = ""
            for j in 1...n {
                guard let d = raw.peek(k + j) else { return nil }
                digits.unicodeScalars.append(d)
            }
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, n + 1)
        }
        guard let letter = raw.peek(k) else { return nil }
        switch letter {
        case "x": return hex(2)
        case "u": return hex(4)
        case "U": return hex(8)
        case "0": return ("\u{0}", 1)
        case "a": return ("\u{7}", 1)
        case "b": return ("\u{8}", 1)
        case "t", "\t": return ("\t", 1)
        case "n": return ("\n", 1)
        case "v": return ("\u{B}", 1)
        case "f": return ("\u{C}", 1)
        case "r": return ("\r", 1)
        case "e": return ("\u{1B}", 1)
        case " ": return (" ", 1)
        case "\"": return ("\"", 1)
        case "/": return ("/", 1)
        case "\\": return ("\\", 1)
        case "N": return ("\u{85}", 1)
        case "_": return ("\u{A0}", 1)
        case "L": return ("\u{2028}", 1)
        case "P": return ("\u{2029}", 1)
        default: return nil
        }
    }
}

/// The file's text from a position on, read a Unicode scalar at a time with its line and column.
private struct RawText {
    let file: Source
    private(set) var line: Int
    private var scalars: [Unicode.Scalar]
    private var index: Int

    init(file: Source, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.scalars = RawText.scalars(of: file, line: line)
        self.index = column - 1
    }

    /// A line's scalars with its break (`\n`) when another line follows.
    private static func scalars(of file: Source, line: Int) -> [Unicode.Scalar] {
        guard line <= file.lineCount else { return [] }
        return Array(file.lineText(line).unicodeScalars) + (line < file.lineCount ? ["\n"] : [])
    }

    var position: SourcePosition { SourcePosition(line: line, column: index + 1) }
    var current: Unicode.Scalar? { peek(0) }

    /// The scalar `k` ahead, on this line (a scalar never spans lines but a break ends one).
    func peek(_ k: Int) -> Unicode.Scalar? { index + k < scalars.count ? scalars[index + k] : nil }

    mutating func advance(_ n: Int) {
        index += n
        while index >= scalars.count, line < file.lineCount {
            index -= scalars.count
            line += 1
            scalars = RawText.scalars(of: file, line: line)
        }
    }

    /// Past a line break and the next line's leading blanks.
    mutating func skipBreakAndIndentation() {
        if current == "\r" { advance(1) }
        if current == "\n" { advance(1) }
        while current == " " || current == "\t" { advance(1) }
    }
}
