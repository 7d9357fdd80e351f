/// What may be typed next at the end of a piece of text, from what the checker knows: the fields of
/// the static type after `receiver.`, or functions, keywords, roots and query bindings at the start
/// of a word. The REPL's tab completion and the language server's completion both ask it.
package struct CompletionContext {
    /// The environment the text is checked in: its roots and their types, its functions.
    package let environment: Environment

    package init(environment: Environment) {
        self.environment = environment
    }

    /// The words of the query syntax and the literals.
    package static let keywords = [
        "FROM", "IN", "WHERE", "ORDER BY", "LIMIT", "OFFSET", "SELECT", "DISTINCT", "ASC", "DESC",
        "AND", "OR", "XOR", "TRUE", "FALSE", "NULL",
    ]

    /// The path being typed at the end of `text`, split at its last dot: (`payload.result`, `Fi`)
    /// for `… payload.result.Fi`; nil when the text does not end in `receiver.prefix`.
    package static func trailingPath(_ text: String) -> (receiver: String, prefix: String)? {
        let chars = Array(text)
        var i = chars.count
        var depth = 0
        var inString = false
        while i > 0 {
            let c = chars[i - 1]
            if inString {
                if c == "\"" { inString = false }
            } else if c == "\"" && depth > 0 {
                inString = true
            } else if c == "]" {
                depth += 1
            } else if c == "[" {
                guard depth > 0 else { break }
                depth -= 1
            } else if depth == 0 && !(c.isLetter || c.isNumber || c == "_" || c == "." || c == "#" || c == "@") {
                break
            }
            i -= 1
        }
        let path = String(chars[i...])
        guard depth == 0, let dot = path.lastIndex(of: "."), dot != path.startIndex else { return nil }
        let prefix = String(path[path.index(after: dot)...])
        guard prefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return (String(path[..<dot]), prefix)
    }

    /// The static type of a receiver typed at the end of `text`: on its own, or, when it starts
    /// with a query variable, as the SELECT of the query that binds it (`FROM c IN xs … SELECT c.a`).
    package func receiverType(_ receiver: String, in text: String) -> StaticType {
        var (type, diagnostics) = environment.check(Source(receiver))
        if diagnostics.hasErrors, let query = CompletionContext.enclosingQuery(text) {
            let (listType, queryDiagnostics) = environment.check(Source(query + " SELECT " + receiver))
            if !queryDiagnostics.hasErrors, case .list(let element)? = listType?.nonNull { type = element }
        }
        // `[*]` at the end maps over the elements: the fields are an element's.
        if receiver.hasSuffix("[*]"), case .list(let element)? = type?.nonNull { return element }
        return type ?? .any
    }

    /// `FROM … IN source` of the last query opened in the text, cut before its first clause.
    package static func enclosingQuery(_ text: String) -> String? {
        let source = Source(text)
        let tokens = Lexer.tokenize(source).tokens
        guard let from = tokens.lastIndex(where: { $0.keyword == .from }),
            let `in` = tokens[from...].firstIndex(where: { $0.keyword == .in })
        else { return nil }
        let clauses: [Keyword] = [.where, .order, .orderBy, .limit, .offset, .select]
        let end =
            tokens[(`in` + 1)...].first(where: { t in t.keyword.map { clauses.contains($0) } ?? false })?.span.start
            ?? tokens.last?.span.start ?? source.bytes.count
        return source.text(of: SourceSpan(start: tokens[from].span.start, end: end)).trimmingCharacters(in: " ")
    }

    /// The fields a value of `type` has, with their types; nil when the type has none to offer.
    package static func fields(of type: StaticType) -> [(name: String, type: StaticType)]? {
        switch type.nonNull {
        case .record(let r): return r.fields.map { ($0.key, $0.value.isOptional ? $0.value.type.nullable : $0.value.type) }
        default:
            guard let special = type.nonNull.specialFields else { return nil }
            return fields(of: .record(special))
        }
    }

    /// Names bound by FROM clauses in the text.
    package static func queryBindings(_ text: String) -> [String] {
        let tokens = Lexer.tokenize(Source(text)).tokens
        var names: [String] = []
        for (i, t) in tokens.enumerated() where t.keyword == .from {
            var k = i + 1
            while k < tokens.count, case .identifier(let name) = tokens[k].kind, tokens[k].keyword != .in {
                names.append(name)
                k += 1
                if k < tokens.count, tokens[k].kind == .comma { k += 1 } else { break }
            }
        }
        return names
    }
}
