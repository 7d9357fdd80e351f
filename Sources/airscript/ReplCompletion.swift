@_spi(Syntax) import Airscript
import Foundation

/// Tab completion from what the checker knows (cli.md §4.2): functions, keywords and names at the
/// start of a word; the fields of the static type after `NAME.`; commands after `:`; files after `:load`.
struct ReplCompletion {
    let session: ReplSession

    static let keywords = [
        "FROM", "IN", "WHERE", "ORDER BY", "LIMIT", "OFFSET", "SELECT", "DISTINCT", "ASC", "DESC",
        "AND", "OR", "XOR", "TRUE", "FALSE", "NULL",
    ]

    func candidates(word: String, line: String) -> [String] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix(":") {
            let parts = trimmed.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
            if parts.count <= 1 { return ReplSession.commands.filter { $0.hasPrefix(word.dropFirst(word.hasPrefix(":") ? 1 : 0)) }.map { ":" + $0 } }
            switch parts[0].lowercased() {
            case "help": return matching(FunctionLibrary.all.map(\.name), word)
            case "load" where parts.count == 2: return matching(["payload", "connection"], word)
            case "load": return files(word)
            default: break
            }
        }
        // After `receiver.`: the fields of the receiver's static type. The receiver is read from the
        // line, not the word: libedit breaks words at `[` and `"`, which `[*].` and `["key"].` hold.
        if let (receiver, prefix) = ReplCompletion.trailingPath(line), word.hasSuffix(prefix) {
            guard let fields = ReplCompletion.fields(of: receiverType(receiver, line: line)) else { return [] }
            let kept = String(word.dropLast(prefix.count))
            return matching(fields, prefix).map { kept + $0 }
        }
        var names = FunctionLibrary.all.map { $0.name + "(" }
        names += ReplCompletion.keywords
        names += session.roots.map(\.0)
        names += queryBindings(line)
        return matching(names, word)
    }

    /// The path being typed at the end of `line`, split at its last dot: (`payload.result`, `Fi`)
    /// for `… payload.result.Fi`; nil when the line does not end in `receiver.prefix`.
    static func trailingPath(_ line: String) -> (receiver: String, prefix: String)? {
        let chars = Array(line)
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

    /// The static type of a receiver typed on `line`: on its own, or, when it starts with a query
    /// variable, as the SELECT of the query that binds it (`FROM c IN xs … SELECT c.a⇥`).
    func receiverType(_ receiver: String, line: String) -> StaticType {
        var (type, diagnostics) = session.environment.check(Source(receiver))
        if diagnostics.hasErrors, let query = ReplCompletion.enclosingQuery(line) {
            let (listType, queryDiagnostics) = session.environment.check(Source(query + " SELECT " + receiver))
            if !queryDiagnostics.hasErrors, case .list(let element)? = listType?.nonNull { type = element }
        }
        // `[*]` at the end maps over the elements: the fields are an element's.
        if receiver.hasSuffix("[*]"), case .list(let element)? = type?.nonNull { return element }
        return type ?? .any
    }

    /// `FROM … IN source` of the last query opened on the line, cut before its first clause.
    static func enclosingQuery(_ line: String) -> String? {
        let source = Source(line)
        let tokens = Lexer.tokenize(source).tokens
        guard let from = tokens.lastIndex(where: { $0.keyword == .from }),
            let `in` = tokens[from...].firstIndex(where: { $0.keyword == .in })
        else { return nil }
        let clauses: [Keyword] = [.where, .order, .orderBy, .limit, .offset, .select]
        let end =
            tokens[(`in` + 1)...].first(where: { t in t.keyword.map { clauses.contains($0) } ?? false })?.span.start
            ?? tokens.last?.span.start ?? source.bytes.count
        return source.text(of: SourceSpan(start: tokens[from].span.start, end: end)).trimmingCharacters(in: .whitespaces)
    }

    /// Case-sensitive prefix matches first, then case-insensitive ones.
    func matching(_ names: [String], _ prefix: String) -> [String] {
        let exact = names.filter { $0.hasPrefix(prefix) }
        if !exact.isEmpty { return exact.sorted() }
        return names.filter { $0.lowercased().hasPrefix(prefix.lowercased()) }.sorted()
    }

    static func fields(of type: StaticType) -> [String]? {
        switch type.nonNull {
        case .record(let r): return Array(r.fields.keys)
        case .date, .time, .dateTime, .currency: return type.nonNull.recordFieldNames
        default: return nil
        }
    }

    /// Names bound by FROM clauses earlier on the line.
    func queryBindings(_ line: String) -> [String] {
        let tokens = Lexer.tokenize(Source(line)).tokens
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

    func files(_ word: String) -> [String] {
        let url = URL(fileURLWithPath: word.isEmpty ? "./" : word)
        let directory = word.hasSuffix("/") ? url : url.deletingLastPathComponent()
        let prefix = word.hasSuffix("/") ? "" : url.lastPathComponent
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        let base = word.contains("/") ? String(word[...word.lastIndex(of: "/")!]) : ""
        return entries.filter { $0.hasPrefix(prefix) && !$0.hasPrefix(".") }.sorted().map { entry in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory.appendingPathComponent(entry).path, isDirectory: &isDirectory)
            return base + entry + (isDirectory.boolValue ? "/" : "")
        }
    }
}

extension StaticType {
    var recordFieldNames: [String] {
        switch self {
        case .date: ["day", "month", "year"]
        case .time: ["hour", "minute", "second", "millisecond"]
        case .dateTime: ["date", "time", "timeZone"]
        case .currency: ["amount", "code", "precision"]
        default: []
        }
    }
}
