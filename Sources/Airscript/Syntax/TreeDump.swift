/// An indented, one-node-per-line rendering of a syntax tree, for `airscript parse` and `:ast`:
///
///     Binary(+) 1:1-1:6
///       Number(1) 1:1-1:2
///       Number(2) 1:5-1:6
///
/// Without spans it is a full structural description, which the tests use to compare trees.
@_spi(Syntax) public enum TreeDump {
    public static func dump(_ expr: Expr, source: Source?, showSpans: Bool = true) -> String {
        var lines: [String] = []
        func span(_ s: SourceSpan) -> String {
            guard showSpans, let source else { return "" }
            return " \(source.position(of: s.start))-\(source.position(of: s.end))"
        }
        func text(_ s: String) -> String { "\"" + Printer.escape(s, beforeHole: false) + "\"" }
        func templateLines(_ parts: [TemplatePart], _ indent: Int) {
            for part in parts {
                switch part {
                case .text(let s): lines.append(String(repeating: "  ", count: indent) + "Text(\(text(s)))")
                case .hole(let e): visit(e, indent, label: "hole: ")
                }
            }
        }
        func visit(_ e: Expr, _ indent: Int, label: String = "") {
            let pad = String(repeating: "  ", count: indent) + label
            let at = span(e.span)
            switch e.kind {
            case .number(let v): lines.append("\(pad)Number(\(NumberRendering.javaScript(v)))\(at)")
            case .text(let s): lines.append("\(pad)Text(\(text(s)))\(at)")
            case .template(let parts):
                lines.append("\(pad)Template\(at)")
                templateLines(parts, indent + 1)
            case .boolean(let b): lines.append("\(pad)Boolean(\(b ? "TRUE" : "FALSE"))\(at)")
            case .null: lines.append("\(pad)Null\(at)")
            case .variable(let n): lines.append("\(pad)Variable(\(n))\(at)")
            case .filterElement: lines.append("\(pad)FilterElement(@)\(at)")
            case .wildcardElement: lines.append("\(pad)WildcardElement\(at)")
            case .call(let c):
                lines.append("\(pad)Call(\(c.qualifiedName))\(at)")
                for a in c.arguments { visit(a, indent + 1) }
            case .list(let elements):
                lines.append("\(pad)List\(at)")
                for x in elements { visit(x, indent + 1) }
            case .object(let members):
                lines.append("\(pad)Object\(at)")
                for m in members {
                    let keyPad = String(repeating: "  ", count: indent + 1)
                    switch m.key {
                    case .word(let w): lines.append("\(keyPad)Key(\(w))\(span(m.keySpan))")
                    case .text(let s): lines.append("\(keyPad)Key(\(text(s)))\(span(m.keySpan))")
                    case .template(let parts):
                        lines.append("\(keyPad)Key(template)\(span(m.keySpan))")
                        templateLines(parts, indent + 2)
                    }
                    visit(m.value, indent + 2)
                }
            case .group(let inner):
                lines.append("\(pad)Group\(at)")
                visit(inner, indent + 1)
            case .negate(let x):
                lines.append("\(pad)Negate\(at)")
                visit(x, indent + 1)
            case .binary(let op, let l, let r):
                lines.append("\(pad)Binary(\(op.rawValue))\(at)")
                visit(l, indent + 1)
                visit(r, indent + 1)
            case .property(let r, let name, _):
                lines.append("\(pad)Property(\(name))\(at)")
                visit(r, indent + 1)
            case .index(let r, let i):
                lines.append("\(pad)Index\(at)")
                visit(r, indent + 1)
                visit(i, indent + 1, label: "index: ")
            case .slice(let r, let from, let to):
                lines.append("\(pad)Slice\(at)")
                visit(r, indent + 1)
                if let from { visit(from, indent + 1, label: "from: ") }
                if let to { visit(to, indent + 1, label: "to: ") }
            case .wildcard(let r, let rest):
                lines.append("\(pad)Wildcard\(at)")
                visit(r, indent + 1)
                visit(rest, indent + 1, label: "each: ")
            case .filter(let r, let p):
                lines.append("\(pad)Filter\(at)")
                visit(r, indent + 1)
                visit(p, indent + 1, label: "where: ")
            case .query(let q):
                lines.append("\(pad)Query(\(q.bindings.map(\.name).joined(separator: ", ")))\(at)")
                visit(q.source, indent + 1, label: "in: ")
                if let p = q.predicate { visit(p, indent + 1, label: "where: ") }
                if let o = q.order { visit(o.key, indent + 1, label: o.descending ? "order by desc: " : "order by: ") }
                if let l = q.limit { visit(l, indent + 1, label: "limit: ") }
                if let o = q.offset { visit(o, indent + 1, label: "offset: ") }
                if let s = q.select {
                    if let k = s.key { visit(k, indent + 1, label: "select key: ") }
                    visit(s.value, indent + 1, label: s.distinct ? "select distinct: " : "select: ")
                }
            }
        }
        visit(expr, 0)
        return lines.joined(separator: "\n")
    }
}
