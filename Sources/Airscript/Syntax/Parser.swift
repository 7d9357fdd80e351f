/// Limits that keep hostile input from exhausting the parser (D40). Exceeding one is E0210.
public struct ParseLimits: Sendable {
    /// Source length, in Unicode scalars.
    public var maxSourceLength = 100_000
    /// Nesting of brackets, parentheses, holes, queries and unary minus.
    public var maxDepth = 256
    /// Syntax-tree nodes.
    public var maxNodes = 100_000
    /// The default limits.
    public init() {}
    /// The default limits: 100,000 characters, nesting 256, 100,000 nodes.
    public static let `default` = ParseLimits()
}

/// The result of parsing: the tree (absent when there are errors) and every diagnostic found.
@_spi(Syntax) public struct SyntaxTree: Sendable {
    public let source: Source
    public let root: Expr?
    public let diagnostics: [Diagnostic]
    /// How many nodes the parser made: every node's `id` is below it.
    package let nodeCount: Int
}

/// A recursive-descent, precedence-climbing parser for the grammar in `Grammar/airscript.ebnf`
/// (spec/language.md §3). It recovers at commas and closing brackets so one run reports several
/// errors, and it refuses nesting beyond `ParseLimits.maxDepth` instead of overflowing the stack.
@_spi(Syntax) public struct Parser {
    let source: Source
    let limits: ParseLimits
    var tokens: [Token] = []
    var position = 0
    var diagnostics: [Diagnostic] = []
    var depth = 0
    var nodeCount = 0
    /// How many `[?( … )]` predicates enclose the current point (for `@`).
    var filterDepth = 0
    /// For each enclosing query still open for clauses, the rank of its last clause (see `ClauseKind`).
    /// Brackets hide the enclosing queries: a clause keyword inside `( … )` cannot belong to them.
    var openQueries: [ClauseRank] = []

    /// Thrown to unwind to the nearest recovery point once the error has been reported.
    struct Failure: Error {
        /// A limit was exceeded: stop parsing altogether.
        var fatal = false
    }

    public static func parse(_ source: Source, limits: ParseLimits = .default) -> SyntaxTree {
        var parser = Parser(source: source, limits: limits)
        return parser.run()
    }

    init(source: Source, limits: ParseLimits) {
        self.source = source
        self.limits = limits
    }

    mutating func run() -> SyntaxTree {
        // A source within the limit in bytes is within it in scalars: count scalars only past it.
        if source.bytes.count > limits.maxSourceLength && source.scalarCount > limits.maxSourceLength {
            let d = Diagnostic(
                "E0210", "expression too large or too deeply nested (source length over \(limits.maxSourceLength) characters: maxSourceLength)",
                at: SourceSpan(start: 0, end: 0), limit: .maxSourceLength)
            return SyntaxTree(source: source, root: nil, diagnostics: [d], nodeCount: 0)
        }
        let lexed = Lexer.tokenize(source)
        tokens = lexed.tokens
        diagnostics = lexed.diagnostics
        var root: Expr? = nil
        do {
            if current.kind == .endOfInput {
                report("E0201", "expected an expression, found the end of the input", current.span)
            } else {
                root = try parseExpression()
                if current.kind != .endOfInput {
                    if let clause = clauseAtCursor() {
                        report(
                            "E0205", "`\(clause.name)` clause is out of order or repeated; clauses go WHERE, ORDER BY, LIMIT/OFFSET, SELECT",
                            current.span)
                    } else {
                        report(
                            "E0209", "unexpected input after the end of the expression: \(current.kind.displayName)",
                            current.span, help: hintForUnexpected())
                    }
                }
            }
        } catch {
            // Reported already.
        }
        // Lexical and syntax diagnostics in source order; keep at most 50.
        let sorted = diagnostics.enumerated().sorted {
            ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset)
        }.map(\.element)
        let kept = Array(sorted.prefix(50))
        return SyntaxTree(source: source, root: kept.hasErrors ? nil : root, diagnostics: kept, nodeCount: nodeCount)
    }

    // MARK: - Token access

    /// The token at the cursor, borrowed: the parser asks about it at every precedence level, and a
    /// copy retained and released its text each time.
    var current: Token { _read { yield tokens[position] } }
    func peekToken(_ offset: Int = 1) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return t
    }

    var previousEnd: Int { position > 0 ? tokens[position - 1].span.end : 0 }

    mutating func report(
        _ code: DiagnosticCode, _ message: String, _ span: SourceSpan, label: String? = nil,
        help: String? = nil, secondary: [DiagnosticLabel] = [], limit: Limit? = nil
    ) {
        // One diagnostic per position is enough: recovery can otherwise repeat itself.
        if let last = diagnostics.last, last.span.start == span.start, last.code == code { return }
        diagnostics.append(Diagnostic(code, message, at: span, label: label, secondary: secondary, help: help, limit: limit))
    }

    /// Reports "expected X, found Y" at the current token and unwinds.
    mutating func fail(expected: String, help: String? = nil) throws -> Never {
        report(
            "E0201", "expected \(expected), found \(current.kind.displayName)", current.span,
            label: "expected \(expected)", help: help ?? hintForUnexpected())
        throw Failure()
    }

    mutating func expect(_ kind: TokenKind, _ what: String) throws -> Token {
        if current.kind == kind { return advance() }
        try fail(expected: what)
    }

    func isKeyword(_ keyword: Keyword, _ token: Token? = nil) -> Bool {
        (token ?? current).keyword == keyword
    }

    mutating func node(_ kind: ExprKind, _ span: SourceSpan) throws -> Expr {
        nodeCount += 1
        if nodeCount > limits.maxNodes {
            report(
                "E0210", "expression too large or too deeply nested (more than \(limits.maxNodes) syntax nodes: maxNodes)", span,
                limit: .maxNodes)
            throw Failure(fatal: true)
        }
        return Expr(kind, span, id: nodeCount - 1)
    }

    /// Runs `body` one nesting level deeper, refusing to go past the limit.
    mutating func nested<T>(at span: SourceSpan, _ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > limits.maxDepth {
            report(
                "E0210", "expression too large or too deeply nested (nesting deeper than \(limits.maxDepth): maxDepth)", span,
                limit: .maxDepth)
            throw Failure(fatal: true)
        }
        return try body(&self)
    }

    /// Runs `body` inside brackets, where the clauses of enclosing queries cannot continue.
    mutating func bracketed<T>(_ body: (inout Parser) throws -> T) rethrows -> T {
        let saved = openQueries
        openQueries = []
        defer { openQueries = saved }
        return try body(&self)
    }

    func hintForUnexpected() -> String? {
        switch current.kind {
        case .identifier(let word) where word.uppercased() == "NOT":
            return "NOT is a function: write NOT(x)"
        case .identifier(let word) where word.uppercased() == "THEN" || word.uppercased() == "ELSE":
            return "Airscript has no IF … THEN: write IF(condition, then, else)"
        default:
            return nil
        }
    }

    // MARK: - Expressions

    /// Expression = QueryExpr | LogicalExpr
    mutating func parseExpression() throws -> Expr {
        try nested(at: current.span) { p in
            if p.isKeyword(.from) { return try p.parseQuery() }
            return try p.parseLogical()
        }
    }

    /// LogicalExpr = Comparison { ( "AND" | "OR" | "XOR" ) Comparison }   (one level, left to right: D1)
    mutating func parseLogical() throws -> Expr {
        var lhs = try parseComparison()
        while let op = logicalOperator(current) {
            advance()
            let rhs = try parseOperand(after: op)
            lhs = try node(.binary(op, lhs, rhs), lhs.span.union(rhs.span))
        }
        return lhs
    }

    func logicalOperator(_ token: Token) -> BinaryOperator? {
        switch token.keyword {
        case .and: .and
        case .or: .or
        case .xor: .xor
        default: nil
        }
    }

    /// The right operand of a logical operator; a query there must be parenthesised.
    mutating func parseOperand(after op: BinaryOperator) throws -> Expr {
        if isKeyword(.from) {
            try fail(expected: "an operand of `\(op.rawValue)`", help: "a query used as an operand must be parenthesised: (FROM … SELECT …)")
        }
        return try parseComparison()
    }

    /// Comparison = Additive [ CompOp Additive ]   (comparisons do not chain: E0203)
    mutating func parseComparison() throws -> Expr {
        let lhs = try parseAdditive()
        guard let op = comparisonOperator(current) else { return lhs }
        advance()
        let rhs = try parseAdditive()
        let result = try node(.binary(op, lhs, rhs), lhs.span.union(rhs.span))
        if comparisonOperator(current) != nil {
            let chained = current.span
            report(
                "E0203", "comparison operators cannot be chained; add parentheses", chained,
                help: "write `(\(source.text(of: result.span))) = …` or combine with AND")
            advance()
            _ = try parseAdditive()
        }
        return result
    }

    func comparisonOperator(_ token: Token) -> BinaryOperator? {
        switch token.kind {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        default: nil
        }
    }

    /// Additive = Multiplicative { ( "+" | "-" ) Multiplicative }
    mutating func parseAdditive() throws -> Expr {
        var lhs = try parseMultiplicative()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .plus: op = .add
            case .minus: op = .subtract
            default: return lhs
            }
            advance()
            let rhs = try parseMultiplicative()
            lhs = try node(.binary(op, lhs, rhs), lhs.span.union(rhs.span))
        }
    }

    /// Multiplicative = Unary { ( "*" | "/" | "%" ) Unary }
    mutating func parseMultiplicative() throws -> Expr {
        var lhs = try parseUnary()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .percent: op = .remainder
            default: return lhs
            }
            advance()
            let rhs = try parseUnary()
            lhs = try node(.binary(op, lhs, rhs), lhs.span.union(rhs.span))
        }
    }

    /// Unary = "-" Unary | Postfix
    mutating func parseUnary() throws -> Expr {
        guard current.kind == .minus else { return try parsePostfix() }
        let minus = advance()
        return try nested(at: minus.span) { p in
            let operand = try p.parseUnary()
            return try p.node(.negate(operand), minus.span.union(operand.span))
        }
    }

    // MARK: - Paths

    /// Postfix = Primary { Accessor }
    mutating func parsePostfix() throws -> Expr {
        let primary = try parsePrimary()
        return try parseAccessors(on: primary)
    }

    mutating func parseAccessors(on receiver: Expr) throws -> Expr {
        var expr = receiver
        while true {
            switch current.kind {
            case .dot:
                let dot = advance()
                guard case .identifier(let name) = current.kind else {
                    if case .number = current.kind {
                        try fail(expected: "a property name after `.`", help: "a number cannot follow a dot: write x[0]")
                    }
                    try fail(expected: "a property name after `.`")
                }
                let nameToken = advance()
                _ = dot
                expr = try node(.property(expr, name: name, nameSpan: nameToken.span), expr.span.union(nameToken.span))
            case .leftBracket:
                expr = try parseBracketAccessor(on: expr)
                if case .wildcard = expr.kind { return expr }
            default:
                return expr
            }
        }
    }

    /// `[expr]`, `[a:b]`, `[*]` or `[?(predicate)]` after `receiver`.
    mutating func parseBracketAccessor(on receiver: Expr) throws -> Expr {
        _ = advance()
        return try bracketed { p in
            // [*]: the rest of the chain is mapped over the elements.
            if p.current.kind == .star && p.peekToken().kind == .rightBracket {
                p.advance()
                let close = p.advance()
                let element = try p.node(.wildcardElement, SourceSpan(start: close.span.end, end: close.span.end))
                let rest = try p.parseAccessors(on: element)
                let end = rest.span.end > close.span.end ? rest.span.end : close.span.end
                return try p.node(.wildcard(receiver, rest: rest), SourceSpan(start: receiver.span.start, end: end))
            }
            // [?(predicate)]
            if p.current.kind == .filterOpen {
                p.advance()
                p.filterDepth += 1
                defer { p.filterDepth -= 1 }
                let predicate = try p.parseExpression()
                _ = try p.expect(.rightParen, "`)` to close the filter")
                let close = try p.expect(.rightBracket, "`]` to close the filter")
                return try p.node(.filter(receiver, predicate: predicate), receiver.span.union(close.span))
            }
            // [:b], [a:b], [a:], [:], [i]
            var from: Expr? = nil
            if p.current.kind != .colon {
                if p.current.kind == .rightBracket {
                    try p.fail(expected: "an index, a slice, `*` or a filter `?(…)` inside `[ ]`")
                }
                from = try p.parseExpression()
            }
            if p.current.kind == .colon {
                p.advance()
                var to: Expr? = nil
                if p.current.kind != .rightBracket { to = try p.parseExpression() }
                let close = try p.expect(.rightBracket, "`]` to close the slice")
                return try p.node(.slice(receiver, from: from, to: to), receiver.span.union(close.span))
            }
            let close = try p.expect(.rightBracket, "`]` to close the index")
            return try p.node(.index(receiver, from!), receiver.span.union(close.span))
        }
    }
}
