@_spi(Syntax) import Airscript
import Foundation

/// Tab completion from what the checker knows (cli.md §4.2): functions, keywords and names at the
/// start of a word; the fields of the static type after `NAME.`; commands after `:`; files after `:load`.
struct ReplCompletion {
    let session: ReplSession

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
        let context = CompletionContext(environment: session.environment)
        if let (receiver, prefix) = CompletionContext.trailingPath(line), word.hasSuffix(prefix) {
            guard let fields = CompletionContext.fields(of: context.receiverType(receiver, in: line)) else { return [] }
            let kept = String(word.dropLast(prefix.count))
            return matching(fields.map(\.name), prefix).map { kept + $0 }
        }
        var names = FunctionLibrary.all.map { $0.name + "(" }
        names += CompletionContext.keywords
        names += session.roots.map(\.0)
        names += CompletionContext.queryBindings(line)
        return matching(names, word)
    }

    /// Case-sensitive prefix matches first, then case-insensitive ones.
    func matching(_ names: [String], _ prefix: String) -> [String] {
        let exact = names.filter { $0.hasPrefix(prefix) }
        if !exact.isEmpty { return exact.sorted() }
        return names.filter { $0.lowercased().hasPrefix(prefix.lowercased()) }.sorted()
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
