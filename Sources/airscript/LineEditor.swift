import Airscript
import CEditLine
import Foundation

/// Line editing through libedit's readline interface: emacs keys, Ctrl-R search, a persistent
/// history, tab completion, and Ctrl-C to cancel the line being typed.
enum LineEditor {
    /// Completion candidates for (the word at the cursor, the line up to the cursor).
    nonisolated(unsafe) static var completer: ((String, String) -> [String])?
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0
    /// Ctrl-C while an expression runs stops it (R0518): the evaluations of an interactive session read this.
    static let cancellation = Cancellation()
    static let historyLimit: Int32 = 1000

    static func start() {
        airscript_rl_setup("airscript", " \t\n\"'`@$><=;|&{(,[+-*/%") { text, start, end in
            LineEditor.complete(text.map { String(cString: $0) } ?? "", end: Int(end))
        }
        rl_initialize()
        using_history()
        stifle_history(historyLimit)
        signal(SIGINT) { _ in
            LineEditor.interrupted = 1
            LineEditor.cancellation.cancel()
        }
    }

    /// The next line; `.interrupted` after Ctrl-C, nil at end of input (Ctrl-D on an empty line).
    enum Input {
        case line(String)
        case interrupted
    }

    static func readLine(prompt: String) -> Input? {
        interrupted = 0
        guard let raw = readline(prompt) else {
            if interrupted != 0 {
                interrupted = 0
                return .interrupted
            }
            return nil
        }
        defer { free(raw) }
        if interrupted != 0 {
            interrupted = 0
            return .interrupted
        }
        return .line(String(cString: raw))
    }

    /// Adds an entry unless it repeats the previous one; multi-line entries are one entry.
    static func remember(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        if let last = airscript_last_history(), String(cString: last) == entry { return }
        add_history(entry)
    }

    /// `$AIRSCRIPT_HISTORY`, else `$XDG_STATE_HOME/airscript/history`, else `~/.airscript_history`.
    static var historyPath: String {
        let env = ProcessInfo.processInfo.environment
        if let path = env["AIRSCRIPT_HISTORY"], !path.isEmpty { return path }
        if let state = env["XDG_STATE_HOME"], !state.isEmpty { return state + "/airscript/history" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.airscript_history"
    }

    static func loadHistory() {
        _ = read_history(historyPath)
    }

    /// Saves the history; a file that cannot be written gives one warning, not an error.
    static func saveHistory() -> Bool {
        let url = URL(fileURLWithPath: historyPath)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return write_history(historyPath) == 0
    }

    /// Builds readline's match list: the common prefix first, then the candidates.
    static func complete(_ word: String, end: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        airscript_rl_completion_over()
        let line = airscript_rl_line_buffer().map { String(cString: $0) } ?? ""
        let upToCursor = String(line.utf8.prefix(end)) ?? line
        guard let candidates = completer?(word, upToCursor), !candidates.isEmpty else { return nil }
        var prefix = candidates[0]
        for c in candidates.dropFirst() {
            while !c.hasPrefix(prefix) { prefix.removeLast() }
        }
        let entries = (candidates.count == 1 ? [candidates[0]] : [prefix] + candidates)
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: entries.count + 1)
        for (i, e) in entries.enumerated() { array[i] = strdup(e) }
        array[entries.count] = nil
        return array
    }
}
