/// Where each character of a quoted YAML scalar stands in the file (mapping.md §5.9: quoted scalars
/// are mapped through their escapes). YAML hands over the scalar's value, `é` for `"\u00e9"` and `'`
/// for `''`; a diagnostic at the character after it must point past the escape in the file.
enum QuotedScalarColumns {
    /// The file column (1-based, in Unicode scalars) of each UTF-8 byte offset of `cooked`, and of
    /// its end; nil when the scalar does not stand whole on the line `raw` (a scalar folded over
    /// several lines keeps the plain mapping) or when the raw text does not decode to `cooked`.
    static func map(raw: String, from column: Int, cooked: String, doubleQuoted: Bool) -> [Int]? {
        let rawScalars = Array(raw.unicodeScalars)
        // `column` is the opening quote's (1-based).
        var i = column  // index of the first scalar after the quote
        guard column >= 1, column <= rawScalars.count, rawScalars[column - 1] == (doubleQuoted ? "\"" : "'") else { return nil }
        var columns: [Int] = []
        var decoded = ""
        func emit(_ scalar: Unicode.Scalar, at fileColumn: Int) {
            decoded.unicodeScalars.append(scalar)
            columns += Array(repeating: fileColumn, count: String(scalar).utf8.count)
        }
        while i < rawScalars.count {
            let c = rawScalars[i]
            let fileColumn = i + 1
            if doubleQuoted {
                if c == "\"" { break }
                if c == "\\" {
                    guard i + 1 < rawScalars.count, let (scalar, length) = escape(rawScalars, at: i + 1) else { return nil }
                    emit(scalar, at: fileColumn)
                    i += 1 + length
                    continue
                }
            } else if c == "'" {
                if i + 1 < rawScalars.count && rawScalars[i + 1] == "'" {
                    emit("'", at: fileColumn)
                    i += 2
                    continue
                }
                break
            }
            emit(c, at: fileColumn)
            i += 1
        }
        guard i < rawScalars.count, decoded == cooked else { return nil }
        return columns + [i + 1]
    }

    /// A double-quoted escape after its backslash: the character and how many scalars it takes.
    private static func escape(_ s: [Unicode.Scalar], at k: Int) -> (Unicode.Scalar, Int)? {
        func hex(_ n: Int) -> (Unicode.Scalar, Int)? {
            guard k + n < s.count, let value = UInt32(String(String.UnicodeScalarView(s[(k + 1)...(k + n)])), radix: 16),
                let scalar = Unicode.Scalar(value)
            else { return nil }
            return (scalar, n + 1)
        }
        switch s[k] {
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
