import Airscript
import ArgumentParser
import Foundation

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Try expressions interactively against a sample payload and connection.",
        usage: "airscript repl [--payload FILE] [--connection FILE] [--bindings FILE] [<context options>] [<limits>]",
        discussion: """
            Each expression is checked and evaluated, and printed as `value : Type` with its static type. Lines starting with `:` are commands (:help lists them). An expression continues over several lines while a bracket, string or interpolation is open, or after a clause keyword or an operator; an empty line submits it as it is. Tab completes functions, keywords, names in scope and paths into the bound samples; the history persists in $AIRSCRIPT_HISTORY (default ~/.airscript_history). When standard input is not a terminal, expressions are read line by line without prompts; the exit status is the worst of 0, 1 (an evaluation error) and 2 (a syntax or type error).

            Examples:
              airscript repl --payload Samples/payloads/salesforce-lead.json
              airscript repl --payload lead.json --connection crm.json --now 2024-05-02T17:21:09Z
              airscript < expressions.txt
            """
    )

    @Option(help: ArgumentHelp("Bind `payload` to the JSON in FILE.", valueName: "FILE"))
    var payload: String?

    @Option(help: ArgumentHelp("Bind `connection` to the JSON in FILE.", valueName: "FILE"))
    var connection: String?

    @Option(help: ArgumentHelp("A JSON object; each key becomes a variable.", valueName: "FILE"))
    var bindings: String?

    @OptionGroup var context: ContextOptions

    @OptionGroup(title: "Limits") var limits: LimitOptions

    mutating func run() throws {
        var base = try context.makeContext()
        limits.apply(to: &base.limits)
        var session = ReplSession(context: base, fixedNow: context.now != nil)
        session.parseLimits = limits.parseLimits
        for (name, value) in try Inputs.bindings(bindingsFile: bindings, payload: payload, connection: connection) {
            session.bind(name, value)
        }
        let interactive = isatty(0) != 0
        let worst = interactive ? runInteractive(&session) : runScripted(&session)
        if worst != 0 { throw ExitCode(worst) }
    }

    func runInteractive(_ session: inout ReplSession) -> Int32 {
        LineEditor.start()
        LineEditor.loadHistory()
        session.cancellation = LineEditor.cancellation
        let frozen = session
        LineEditor.completer = { word, line in ReplCompletion(session: frozen).candidates(word: word, line: line) }
        print(session.banner)
        var pending = ""
        var worst: Int32 = 0
        loop: while true {
            switch LineEditor.readLine(prompt: pending.isEmpty ? "airscript> " : "...> ") {
            case nil:
                if pending.isEmpty {
                    print("")
                    break loop
                }
                worst = max(worst, session.evaluate(pending))
                pending = ""
            case .interrupted?:
                // Ctrl-C discards the input being typed.
                print("")
                pending = ""
            case .line(let line)?:
                if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                    LineEditor.remember(line)
                    if !session.command(line) { break loop }
                    let updated = session
                    LineEditor.completer = { word, line in ReplCompletion(session: updated).candidates(word: word, line: line) }
                    continue
                }
                if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                pending += pending.isEmpty ? line : "\n" + line
                // An empty line submits what there is, so a syntax error can be seen and fixed.
                let lineIsEmpty = line.trimmingCharacters(in: .whitespaces).isEmpty
                if !lineIsEmpty && (InputCompleteness.isOpen(pending) || InputCompleteness.mayTakeAClause(pending)) { continue }
                LineEditor.remember(pending)
                worst = max(worst, session.evaluate(pending))
                pending = ""
            }
        }
        if !LineEditor.saveHistory() {
            printError("warning: cannot write the history file \(LineEditor.historyPath)")
        }
        return worst
    }

    /// Standard input that is not a terminal: inputs evaluated in order, their diagnostics located
    /// by their lines on standard input; the exit status is the worst of the inputs' (0, 1, 2), and
    /// at least 1 when a command failed.
    func runScripted(_ session: inout ReplSession) -> Int32 {
        var pending = ""
        var worst: Int32 = 0
        var lineNumber = 0
        while let line = Swift.readLine() {
            lineNumber += 1
            if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                session.inputLine = lineNumber
                if !session.command(line) { break }
                continue
            }
            if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if pending.isEmpty { session.inputLine = lineNumber }
            pending += pending.isEmpty ? line : "\n" + line
            if InputCompleteness.isOpen(pending) { continue }
            worst = max(worst, session.evaluate(pending))
            pending = ""
        }
        if !pending.isEmpty { worst = max(worst, session.evaluate(pending)) }
        return max(worst, session.failedCommands > 0 ? 1 : 0)
    }
}
