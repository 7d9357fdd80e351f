/// The rank of a query clause: clauses must come in increasing rank (spec/language.md §3, note 4).
typealias ClauseRank = Int

/// The clauses of a query expression, in their fixed order.
enum ClauseKind: Int {
    case from = 0, `where` = 1, orderBy = 2, limit = 3, offset = 4, select = 5

    var name: String {
        switch self {
        case .from: "FROM"
        case .where: "WHERE"
        case .orderBy: "ORDER BY"
        case .limit: "LIMIT"
        case .offset: "OFFSET"
        case .select: "SELECT"
        }
    }
}

/// Query expressions: `FROM item, index, collection IN source WHERE … ORDER BY … LIMIT … OFFSET … SELECT …`.
extension Parser {
    /// The clause that starts at the cursor, if any (contextual keywords count only here).
    func clauseAtCursor() -> ClauseKind? {
        switch current.keyword {
        case .where: return .where
        case .select: return .select
        case .orderBy: return .orderBy
        case .order where peekToken().keyword == .by: return .orderBy
        case .limit: return .limit
        case .offset: return .offset
        default: return nil
        }
    }

    mutating func parseQuery() throws -> Expr {
        let from = advance()
        let isNested = !openQueries.isEmpty
        // Bindings: item [, index [, collection]]
        var bindings: [QueryBinding] = []
        repeat {
            if !bindings.isEmpty { advance() }  // the comma
            guard case .identifier(let name) = current.kind else {
                try fail(expected: "a name for the query's \(["item", "index", "collection"][bindings.count])")
            }
            if current.keyword == .in {
                try fail(expected: "a name for the query's \(["item", "index", "collection"][bindings.count])")
            }
            if let keyword = current.keyword, keyword.isReserved {
                report("E0207", "`\(name)` is a reserved word and cannot be used as a variable name", current.span)
            }
            if let earlier = bindings.first(where: { $0.name == name }) {
                report(
                    "E0211", "query bindings must have distinct names (`\(name)` used twice)", current.span,
                    secondary: [DiagnosticLabel(span: earlier.span, message: "first used here")])
            }
            bindings.append(QueryBinding(name: name, span: advance().span))
        } while current.kind == .comma && bindings.count < 3
        guard isKeyword(.in) else {
            try fail(expected: bindings.count == 3 ? "`IN`" : "`,` or `IN`")
        }
        advance()

        openQueries.append(ClauseKind.from.rawValue)
        defer { openQueries.removeLast() }
        let me = openQueries.count - 1
        let source = try parseExpression()
        var query = QueryExpression(
            item: bindings[0], index: bindings.count > 1 ? bindings[1] : nil,
            collection: bindings.count > 2 ? bindings[2] : nil, source: source)
        var end = source.span.end
        var clauses = 0

        while let clause = clauseAtCursor() {
            let rank = openQueries[me]
            if clause.rawValue <= rank || rank == ClauseKind.select.rawValue {
                // Not ours: it may belong to an enclosing query (rule 3), else it is out of order.
                let enclosingTakes = openQueries[..<me].contains { $0 < clause.rawValue && $0 != ClauseKind.select.rawValue }
                if enclosingTakes { break }
                report(
                    "E0205", "`\(clause.name)` clause is out of order or repeated; clauses go WHERE, ORDER BY, LIMIT/OFFSET, SELECT",
                    current.span)
                throw Failure()
            }
            openQueries[me] = clause.rawValue
            clauses += 1
            let keyword = advance()
            switch clause {
            case .where:
                let predicate = try parseExpression()
                query.predicate = predicate
                end = predicate.span.end
            case .orderBy:
                let oldSpelling = keyword.keyword == .orderBy
                if !oldSpelling { advance() }  // BY
                if oldSpelling {
                    report("W0409", "`ORDER_BY` is an old spelling; write `ORDER BY`", keyword.span)
                }
                let key = try parseExpression()
                end = key.span.end
                var descending = false
                switch current.keyword {
                case .asc, .ascending:
                    end = advance().span.end
                case .desc, .descending:
                    descending = true
                    end = advance().span.end
                default: break
                }
                query.order = OrderClause(key: key, descending: descending, oldSpelling: oldSpelling)
            case .limit:
                let limit = try parseExpression()
                query.limit = limit
                end = limit.span.end
            case .offset:
                let offset = try parseExpression()
                query.offset = offset
                end = offset.span.end
            case .select:
                var distinct = false
                if current.keyword == .distinct, startsPrimary(peekToken()) || peekToken().kind == .minus {
                    distinct = true
                    advance()
                }
                var value = try parseExpression()
                var key: Expr? = nil
                if current.kind == .colon {
                    let colon = advance()
                    key = value
                    value = try parseExpression()
                    if distinct {
                        report("E0206", "DISTINCT cannot be combined with a `key: value` SELECT", colon.span)
                    }
                }
                query.select = SelectClause(distinct: distinct, key: key, value: value)
                end = value.span.end
            case .from:
                break
            }
        }
        if isNested && query.select == nil && clauses > 0 {
            report(
                "W0414", "the nested query has no SELECT; the following clauses belong to it", from.span,
                help: "parenthesise the nested query to end it: (FROM … )")
        }
        return try node(.query(query), SourceSpan(start: from.span.start, end: end))
    }
}
