/// Values in Airscript literal syntax, as the REPL prints them (types.md §3, cli.md §4.4):
/// `NULL`, `TRUE`, `"text"` with Airscript escapes, `[1, 2]`, `{name: "x", "odd-key": 1}`.
extension Value {
    public var literalText: String {
        var out = ""
        writeLiteral(into: &out)
        return out
    }

    func writeLiteral(into out: inout String) {
        switch self {
        case .null: out += "NULL"
        case .bool(let b): out += b ? "TRUE" : "FALSE"
        case .number(let n): out += NumberRendering.javaScript(n)
        case .text(let s): out += "\"" + Printer.escape(s, beforeHole: false) + "\""
        case .list(let elements):
            out += "["
            for (i, e) in elements.enumerated() {
                if i > 0 { out += ", " }
                e.writeLiteral(into: &out)
            }
            out += "]"
        default:
            guard let fields = objectFields else { return }
            out += "{"
            var first = true
            for (key, v) in fields {
                if !first { out += ", " }
                first = false
                out += Value.isBareKey(key) ? key : "\"" + Printer.escape(key, beforeHole: false) + "\""
                out += ": "
                v.writeLiteral(into: &out)
            }
            out += "}"
        }
    }

    /// Whether a key can be written without quotes: an identifier.
    static func isBareKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, Lexer.isIdentStart(first) else { return false }
        return key.utf8.allSatisfy(Lexer.isIdentPart)
    }
}
