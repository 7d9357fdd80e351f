/// Writes a syntax tree back as canonical Airscript source.
///
/// Parsing the printed text yields the same tree (spans aside), which the tests check for every
/// conformance expression. Parentheses are printed where the tree has a group, and added where
/// precedence needs them (for trees built by hand).
@_spi(Syntax) public enum Printer {
    public static func print(_ expr: Expr) -> String {
        var out = ""
        write(expr, into: &out)
        return out
    }

    /// The same, with every operator application in parentheses, so the grouping the parser chose
    /// is visible: `1 + 2 * 3` prints as `(1 + (2 * 3))`.
    public static func printGrouped(_ expr: Expr) -> String {
        var out = ""
        $grouped.withValue(true) { write(expr, into: &out) }
        return out
    }

    @TaskLocal static var grouped = false

    static func write(_ expr: Expr, into out: inout String) {
        switch expr.kind {
        case .number(let value):
            out += NumberRendering.javaScript(value)
        case .text(let s):
            out += "\"" + escape(s, beforeHole: false) + "\""
        case .template(let parts):
            out += "\""
            writeTemplate(parts, into: &out)
            out += "\""
        case .boolean(let b):
            out += b ? "TRUE" : "FALSE"
        case .null:
            out += "NULL"
        case .variable(let name):
            out += name
        case .filterElement:
            out += "@"
        case .wildcardElement:
            break
        case .call(let call):
            out += call.qualifiedName + "("
            for (i, argument) in call.arguments.enumerated() {
                if i > 0 { out += ", " }
                write(argument, into: &out)
            }
            out += ")"
        case .list(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += ", " }
                write(element, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += ", " }
                switch member.key {
                case .word(let w): out += w
                case .text(let s): out += "\"" + escape(s, beforeHole: false) + "\""
                case .template(let parts):
                    out += "\""
                    writeTemplate(parts, into: &out)
                    out += "\""
                }
                out += ": "
                write(member.value, into: &out)
            }
            out += "}"
        case .group(let inner) where grouped && Printer.strength(inner) < 6 && Printer.strength(inner) > 0:
            write(inner, into: &out)
        case .group(let inner):
            out += "("
            write(inner, into: &out)
            out += ")"
        case .negate(let operand):
            if grouped { out += "(" }
            out += "-"
            writeOperand(operand, minimum: 5, into: &out)
            if grouped { out += ")" }
        case .binary(let op, let lhs, let rhs):
            if grouped { out += "(" }
            writeOperand(lhs, minimum: op.precedence, into: &out)
            out += " \(op.rawValue) "
            // Left-associative: the right operand needs parentheses at equal precedence.
            writeOperand(rhs, minimum: op.precedence + 1, into: &out)
            if grouped { out += ")" }
        case .property(let receiver, let name, _):
            writeReceiver(receiver, into: &out)
            out += "." + name
        case .index(let receiver, let index):
            writeReceiver(receiver, into: &out)
            out += "["
            write(index, into: &out)
            out += "]"
        case .slice(let receiver, let from, let to):
            writeReceiver(receiver, into: &out)
            out += "["
            if let from { write(from, into: &out) }
            out += ":"
            if let to { write(to, into: &out) }
            out += "]"
        case .wildcard(let receiver, let rest):
            writeReceiver(receiver, into: &out)
            out += "[*]"
            write(rest, into: &out)
        case .filter(let receiver, let predicate):
            writeReceiver(receiver, into: &out)
            out += "[?("
            write(predicate, into: &out)
            out += ")]"
        case .query(let q):
            writeQuery(q, into: &out)
        }
    }

    static func writeQuery(_ q: QueryExpression, into out: inout String) {
        out += "FROM " + q.bindings.map(\.name).joined(separator: ", ") + " IN "
        write(q.source, into: &out)
        if let p = q.predicate {
            out += " WHERE "
            write(p, into: &out)
        }
        if let o = q.order {
            out += o.oldSpelling ? " ORDER_BY " : " ORDER BY "
            write(o.key, into: &out)
            if o.descending { out += " DESC" }
        }
        if let l = q.limit {
            out += " LIMIT "
            write(l, into: &out)
        }
        if let o = q.offset {
            out += " OFFSET "
            write(o, into: &out)
        }
        if let s = q.select {
            out += " SELECT "
            if s.distinct { out += "DISTINCT " }
            if let k = s.key {
                write(k, into: &out)
                out += ": "
            }
            write(s.value, into: &out)
        }
    }

    /// Binding strength of a node as an operand: 6 for postfix and primaries.
    static func strength(_ e: Expr) -> Int {
        switch e.kind {
        case .binary(let op, _, _): op.precedence
        case .negate: 5
        case .query: 0
        default: 6
        }
    }

    static func writeOperand(_ e: Expr, minimum: Int, into out: inout String) {
        if strength(e) < minimum && !(grouped && strength(e) < 6 && strength(e) > 0) {
            out += "("
            write(e, into: &out)
            out += ")"
        } else {
            write(e, into: &out)
        }
    }

    static func writeReceiver(_ e: Expr, into out: inout String) {
        writeOperand(e, minimum: 6, into: &out)
    }

    static func writeTemplate(_ parts: [TemplatePart], into out: inout String) {
        for (i, part) in parts.enumerated() {
            switch part {
            case .text(let s):
                var beforeHole = false
                if i + 1 < parts.count, case .hole = parts[i + 1] { beforeHole = true }
                out += escape(s, beforeHole: beforeHole)
            case .hole(let e):
                var inner = ""
                write(e, into: &inner)
                if inner.hasPrefix("{") || inner.hasSuffix("}") {
                    out += "{{ " + inner + " }}"
                } else {
                    out += "{{" + inner + "}}"
                }
            }
        }
    }

    /// Escapes text for a string literal. A `{` that would open a hole is written `\{`.
    static func escape(_ s: String, beforeHole: Bool) -> String {
        var out = ""
        let scalars = Array(s.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "{":
                let next: Unicode.Scalar? = i + 1 < scalars.count ? scalars[i + 1] : nil
                if next == "{" || (next == nil && beforeHole) { out += "\\{" } else { out += "{" }
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    out += "\\u" + String(c.value, radix: 16, uppercase: true).leftPadded(to: 4).replacingSpaces(with: "0")
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }
}
