@_spi(Syntax) import Airscript

/// Whether an input is still open and the REPL should read another line (cli.md §4.2): a bracket,
/// string, hole or block comment not yet closed, or a query waiting for a clause expression (the
/// input ends with a clause keyword or an operator).
enum InputCompleteness {
    static func isOpen(_ text: String) -> Bool {
        let (tokens, diagnostics) = Lexer.tokenize(Source(text))
        if diagnostics.contains(where: { $0.code == "E0102" || $0.code == "E0104" || $0.code == "E0106" }) { return true }
        var depth = 0
        for t in tokens {
            switch t.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth -= 1
            default: break
            }
        }
        if depth > 0 { return true }
        guard let last = tokens.dropLast().last else { return false }
        switch last.kind {
        case .plus, .minus, .star, .slash, .percent, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .comma,
            .colon, .dot:
            return true
        case .identifier:
            switch last.keyword {
            case .from, .in, .where, .select, .order, .by, .orderBy, .limit, .offset, .distinct, .and, .or, .xor: return true
            default: return false
            }
        default:
            return false
        }
    }

    /// Whether a complete input is a query that may take more clauses (it has no SELECT yet): on a
    /// terminal the REPL then waits for a clause on the next line, and an empty line submits it, so
    /// a query can be written a clause a line (cli.md §4.2).
    static func mayTakeAClause(_ text: String) -> Bool {
        guard let root = Parser.parse(Source(text)).root else { return false }
        var e = root
        while case .group(let inner) = e.kind { e = inner }
        guard case .query(let query) = e.kind else { return false }
        return query.select == nil
    }
}
