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
        // After `receiver.`: the fields of the receiver's static type.
        if let dot = word.lastIndex(of: ".") {
            let receiver = String(word[..<dot])
            let prefix = String(word[word.index(after: dot)...])
            let (type, _) = session.environment.check(Source(receiver))
            guard let fields = ReplCompletion.fields(of: type ?? .any) else { return [] }
            return matching(fields, prefix).map { receiver + "." + $0 }
        }
        var names = FunctionLibrary.all.map { $0.name + "(" }
        names += ReplCompletion.keywords
        names += session.roots.map(\.0)
        names += queryBindings(line)
        return matching(names, word)
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
