/// Primaries: literals, variables, calls, lists, objects, groups and string templates.
extension Parser {
    mutating func parsePrimary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return try node(.number(value), token.span)
        case .stringStart:
            return try parseString().expr
        case .identifier(let word):
            return try parseWord(word, token)
        case .at:
            advance()
            if filterDepth == 0 {
                report("E0204", "`@` can only be used inside a `[?( … )]` filter", token.span)
            }
            return try node(.filterElement, token.span)
        case .leftBracket:
            return try parseList()
        case .leftBrace:
            return try parseObject()
        case .leftParen:
            let open = advance()
            return try bracketed { p in
                let inner = try p.parseExpression()
                let close = try p.expectClosing(.rightParen, "`)`", opened: open)
                return try p.node(.group(inner), open.span.union(close.span))
            }
        default:
            try fail(expected: "an expression")
        }
    }

    /// A word at the start of a primary: a literal keyword, a call, or a variable.
    mutating func parseWord(_ word: String, _ token: Token) throws -> Expr {
        switch token.keyword {
        case .true:
            advance()
            return try node(.boolean(true), token.span)
        case .false:
            advance()
            return try node(.boolean(false), token.span)
        case .null:
            advance()
            return try node(.null, token.span)
        default: break
        }
        // NAME( … ) is a call; NAMESPACE#NAME( … ) a user-defined call.
        if peekToken().kind == .leftParen, token.keyword?.isReserved != true {
            advance()
            return try parseCall(namespace: nil, name: word, nameSpan: token.span)
        }
        if peekToken().kind == .hash {
            let hash = peekToken(1), nameToken = peekToken(2)
            if case .identifier(let name) = nameToken.kind,
                hash.span.start == token.span.end, nameToken.span.start == hash.span.end,
                peekToken(3).kind == .leftParen
            {
                advance()
                advance()
                advance()
                return try parseCall(namespace: word, name: name, nameSpan: token.span.union(nameToken.span))
            }
            advance()
            report(
                "E0201", "expected `NAMESPACE#NAME(…)`, found \(current.kind.displayName)", current.span,
                help: "a user-defined function is called as NAMESPACE#NAME(arguments), with no spaces around `#`")
            throw Failure()
        }
        if let keyword = token.keyword, keyword.isReserved {
            if keyword == .from {
                try fail(expected: "an expression", help: "a query used as an operand must be parenthesised: (FROM … SELECT …)")
            }
            report("E0207", "`\(word)` is a reserved word and cannot be used as a variable name", token.span)
            advance()
            throw Failure()
        }
        advance()
        if word.uppercased() == "NOT", startsPrimary(current) {
            report(
                "E0201", "expected an operator, found \(current.kind.displayName)", current.span,
                help: "NOT is a function: write NOT(x)")
            throw Failure()
        }
        return try node(.variable(word), token.span)
    }

    /// Whether a token can begin a primary expression.
    func startsPrimary(_ token: Token) -> Bool {
        switch token.kind {
        case .number, .identifier, .stringStart, .leftParen, .leftBracket, .leftBrace, .at: true
        default: false
        }
    }

    mutating func parseCall(namespace: String?, name: String, nameSpan: SourceSpan) throws -> Expr {
        let open = try expect(.leftParen, "`(`")
        return try bracketed { p in
            var arguments: [Expr] = []
            if p.current.kind != .rightParen {
                try p.parseSeparated(closing: .rightParen) { p in
                    if p.current.kind == .rightParen {
                        try p.fail(expected: "an argument", help: "trailing commas are not allowed in calls")
                    }
                    arguments.append(try p.parseExpression())
                }
            }
            let close = try p.expectClosing(.rightParen, "`)`", opened: open)
            let call = FunctionCall(namespace: namespace, name: name, nameSpan: nameSpan, arguments: arguments)
            return try p.node(.call(call), nameSpan.union(close.span))
        }
    }

    /// ListLit = "[" [ Expression { "," Expression } [ "," ] ] "]"
    mutating func parseList() throws -> Expr {
        let open = advance()
        return try bracketed { p in
            var elements: [Expr] = []
            if p.current.kind != .rightBracket {
                try p.parseSeparated(closing: .rightBracket, allowTrailingComma: true) { p in
                    elements.append(try p.parseExpression())
                }
            }
            let close = try p.expectClosing(.rightBracket, "`]`", opened: open)
            return try p.node(.list(elements), open.span.union(close.span))
        }
    }

    /// ObjectLit = "{" [ Member { MemberSep Member } [ "," ] ] "}"
    mutating func parseObject() throws -> Expr {
        let open = advance()
        return try bracketed { p in
            var members: [ObjectMember] = []
            if p.current.kind != .rightBrace {
                try p.parseSeparated(closing: .rightBrace, allowTrailingComma: true, newlineSeparates: true) { p in
                    members.append(try p.parseMember())
                }
            }
            let close = try p.expectClosing(.rightBrace, "`}`", opened: open)
            return try p.node(.object(members), open.span.union(close.span))
        }
    }

    /// Member = Key ":" Expression ;  Key = Word | StringLit | Template
    mutating func parseMember() throws -> ObjectMember {
        let keyToken = current
        let key: ObjectKey
        let keySpan: SourceSpan
        switch keyToken.kind {
        case .identifier(let word):
            advance()
            key = .word(word)
            keySpan = keyToken.span
        case .stringStart:
            let (expr, _) = try parseString()
            keySpan = expr.span
            switch expr.kind {
            case .text(let s): key = .text(s)
            case .template(let parts): key = .template(parts)
            default: key = .text("")
            }
        case .number:
            try fail(expected: "an object key", help: "a number key must be quoted: {\"1\": …}")
        default:
            try fail(expected: "an object key (a name or a string)")
        }
        _ = try expect(.colon, "`:` after the object key")
        let value = try parseExpression()
        return ObjectMember(key: key, keySpan: keySpan, value: value)
    }

    /// Parses `element { "," element }` up to (not including) `closing`, recovering from an error in
    /// one element by skipping to the next comma or the closing bracket.
    mutating func parseSeparated(
        closing: TokenKind, allowTrailingComma: Bool = false, newlineSeparates: Bool = false,
        _ element: (inout Parser) throws -> Void
    ) throws {
        while true {
            do {
                try element(&self)
            } catch let failure as Failure {
                if failure.fatal { throw failure }
                skipToSeparator(closing: closing)
            }
            if current.kind == .comma {
                advance()
                if current.kind == closing {
                    if !allowTrailingComma {
                        report(
                            "E0201", "expected an argument, found \(current.kind.displayName)", current.span,
                            help: "trailing commas are not allowed in calls")
                    }
                    return
                }
                continue
            }
            if current.kind == closing || current.kind == .endOfInput || isCloser(current.kind) { return }
            // D19: object members on separate lines may omit the comma (W0413).
            if newlineSeparates && current.precededByNewline, startsMemberKey(current) {
                report(
                    "W0413", "missing comma between object members", SourceSpan(start: previousEnd, end: previousEnd),
                    help: "add `,` at the end of the previous line")
                continue
            }
            report(
                "E0201", "expected `,` or \(closing.displayName), found \(current.kind.displayName)", current.span,
                label: "expected `,`", help: hintForUnexpected())
            skipToSeparator(closing: closing)
            if current.kind == .comma {
                advance()
                continue
            }
            return
        }
    }

    func startsMemberKey(_ token: Token) -> Bool {
        switch token.kind {
        case .identifier, .stringStart: true
        default: false
        }
    }

    /// Skips tokens until a `,` or `closing` at the current bracket level (or the end of input).
    mutating func skipToSeparator(closing: TokenKind) {
        var level = 0
        while current.kind != .endOfInput {
            switch current.kind {
            case .leftParen, .leftBracket, .leftBrace, .holeOpen, .stringStart:
                level += 1
            case .rightParen, .rightBracket, .rightBrace, .holeClose, .stringEnd:
                if level == 0 {
                    if current.kind == closing { return }
                    // A closer of an enclosing construct: stop here and let it handle it.
                    if isCloser(current.kind) { return }
                }
                level -= 1
            case .comma where level == 0:
                return
            default: break
            }
            advance()
        }
    }

    func isCloser(_ kind: TokenKind) -> Bool {
        switch kind {
        case .rightParen, .rightBracket, .rightBrace, .holeClose: true
        default: false
        }
    }

    /// Expects a closing bracket; when it is missing, reports E0202 pointing at the opener.
    mutating func expectClosing(_ kind: TokenKind, _ what: String, opened open: Token) throws -> Token {
        if current.kind == kind { return advance() }
        report(
            "E0202", "unclosed \(open.kind.displayName) (opened here)", open.span,
            label: "opened here",
            secondary: [DiagnosticLabel(span: current.span, message: "expected \(what) before \(current.kind.displayName)")])
        throw Failure()
    }

    // MARK: - Strings and templates

    /// StringLit | Template. Returns the literal (`.text`) or template, and whether it had holes.
    mutating func parseString() throws -> (expr: Expr, isTemplate: Bool) {
        let open = advance()  // stringStart
        var parts: [TemplatePart] = []
        var hasHole = false
        func appendText(_ s: String) {
            if case .text(let previous)? = parts.last {
                parts[parts.count - 1] = .text(previous + s)
            } else {
                parts.append(.text(s))
            }
        }
        while true {
            switch current.kind {
            case .stringText(let s):
                advance()
                appendText(s)
            case .holeOpen:
                let hole = advance()
                hasHole = true
                if current.kind == .holeClose {
                    report(
                        "E0104", "empty interpolation `{{ }}`", hole.span.union(current.span),
                        help: "put an expression inside, or write `\\{{` for literal braces")
                    advance()
                    continue
                }
                let expr: Expr? = try nested(at: hole.span) { p in
                    try p.bracketed { p in
                        do {
                            let e = try p.parseExpression()
                            if p.current.kind != .holeClose {
                                try p.fail(expected: "`}}` to close the interpolation")
                            }
                            return e
                        } catch let failure as Failure {
                            if failure.fatal { throw failure }
                            p.skipToHoleClose()
                            return nil
                        }
                    }
                }
                if current.kind == .holeClose { advance() }
                if let expr { parts.append(.hole(expr)) }
            case .stringEnd:
                let close = advance()
                let span = open.span.union(close.span)
                if !hasHole {
                    let text: String
                    if case .text(let s)? = parts.first { text = s } else { text = "" }
                    return (try node(.text(text), span), false)
                }
                return (try node(.template(parts), span), true)
            default:
                // Unreachable with the lexer's token stream; recover by ending the string here.
                try fail(expected: "the end of the string")
            }
        }
    }

    mutating func skipToHoleClose() {
        var level = 0
        while current.kind != .endOfInput {
            switch current.kind {
            case .holeOpen: level += 1
            case .holeClose:
                if level == 0 { return }
                level -= 1
            default: break
            }
            advance()
        }
    }
}
