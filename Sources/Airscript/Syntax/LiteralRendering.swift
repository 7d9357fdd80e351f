/// Values in Airscript literal syntax, as the REPL prints them (types.md §3, cli.md §4.4):
/// `NULL`, `TRUE`, `"text"` with Airscript escapes, `[1, 2]`, `{name: "x", "odd-key": 1}`.
extension Value {
    /// The value in Airscript literal syntax, as the REPL prints it (`[1, "a", {b: NULL}]`).
    public var literalText: String {
        var out = ""
        writeLiteral(into: &out, maxElements: Int.max)
        return out
    }

    /// The literal form, over several lines (two spaces a level) when it does not fit in `width`;
    /// lists longer than `maxElements` show their first elements and `… (N more)`.
    public func literalText(width: Int, maxElements: Int = 100) -> String {
        var flat = ""
        writeLiteral(into: &flat, maxElements: maxElements)
        if flat.count <= width { return flat }
        var out = ""
        writePretty(into: &out, indent: 0, width: width, maxElements: maxElements)
        return out
    }

    func writeLiteral(into out: inout String, maxElements: Int) {
        switch self {
        case .null: out += "NULL"
        case .bool(let b): out += b ? "TRUE" : "FALSE"
        case .number(let n): out += NumberRendering.javaScript(n)
        case .text(let s): out += "\"" + Printer.escape(s, beforeHole: false) + "\""
        case .list(let elements):
            out += "["
            for (i, e) in elements.prefix(maxElements).enumerated() {
                if i > 0 { out += ", " }
                e.writeLiteral(into: &out, maxElements: maxElements)
            }
            if elements.count > maxElements { out += ", … (\(elements.count - maxElements) more)" }
            out += "]"
        default:
            guard let fields = objectFields else { return }
            out += "{"
            var first = true
            for (key, v) in fields {
                if !first { out += ", " }
                first = false
                out += Value.literalKey(key) + ": "
                v.writeLiteral(into: &out, maxElements: maxElements)
            }
            out += "}"
        }
    }

    func writePretty(into out: inout String, indent: Int, width: Int, maxElements: Int) {
        var flat = ""
        writeLiteral(into: &flat, maxElements: maxElements)
        let pad = String(repeating: "  ", count: indent + 1)
        if flat.count + indent * 2 <= width {
            out += flat
            return
        }
        switch self {
        case .list(let elements) where !elements.isEmpty:
            out += "[\n"
            for (i, e) in elements.prefix(maxElements).enumerated() {
                out += pad
                e.writePretty(into: &out, indent: indent + 1, width: width, maxElements: maxElements)
                out += i < min(elements.count, maxElements) - 1 || elements.count > maxElements ? ",\n" : "\n"
            }
            if elements.count > maxElements { out += pad + "… (\(elements.count - maxElements) more)\n" }
            out += String(repeating: "  ", count: indent) + "]"
        default:
            guard let fields = objectFields, !fields.isEmpty else {
                out += flat
                return
            }
            out += "{\n"
            for (i, (key, v)) in fields.enumerated() {
                out += pad + Value.literalKey(key) + ": "
                v.writePretty(into: &out, indent: indent + 1, width: width, maxElements: maxElements)
                out += i < fields.count - 1 ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    static func literalKey(_ key: String) -> String {
        isBareKey(key) ? key : "\"" + Printer.escape(key, beforeHole: false) + "\""
    }

    /// Whether a key can be written without quotes: an identifier.
    package static func isBareKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, Lexer.isIdentStart(first) else { return false }
        return key.utf8.allSatisfy(Lexer.isIdentPart)
    }
}
