import Airscript
import ArgumentParser
import CEditLine
import Foundation

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Try expressions interactively against a sample payload and connection.",
        discussion: """
            Each expression is evaluated and printed as `value : Kind`. Lines starting with `:` are commands (:help, :load NAME FILE, :env, :quit). An expression continues over several lines while a bracket, string or interpolation is open. When standard input is not a terminal, expressions are read line by line without prompts.

            Examples:
              airscript repl --payload Samples/payloads/salesforce-lead.json
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

    mutating func run() throws {
        var session = ReplSession(context: try context.makeContext())
        for (name, value) in try Inputs.bindings(bindingsFile: bindings, payload: payload, connection: connection) {
            session.bind(name, value)
        }
        let interactive = isatty(0) != 0
        if interactive {
            print("airscript 0.1.0: type an expression, or :help. Bound: \(session.rootSummary)")
        }
        var pending = ""
        var worst: Int32 = 0
        while true {
            let prompt = pending.isEmpty ? "airscript> " : "...> "
            guard let line = interactive ? LineEditor.readLine(prompt: prompt) : Swift.readLine() else { break }
            if pending.isEmpty && line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                if interactive { LineEditor.remember(line) }
                if !session.command(line) { break }
                continue
            }
            pending += pending.isEmpty ? line : "\n" + line
            if pending.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { pending = ""; continue }
            if InputCompleteness.isOpen(pending) && !(interactive && line.isEmpty) { continue }
            if interactive { LineEditor.remember(pending) }
            worst = max(worst, session.evaluate(pending))
            pending = ""
        }
        if !pending.isEmpty { worst = max(worst, session.evaluate(pending)) }
        if worst != 0 { throw ExitCode(worst) }
    }
}

/// The state of one REPL session: bound roots and the context.
struct ReplSession {
    var roots: [(String, Value)] = []
    var context: EvaluationContext
    let renderer = DiagnosticRenderer(useColor: stderrUsesColor())

    init(context: EvaluationContext) {
        self.context = context
    }

    mutating func bind(_ name: String, _ value: Value) {
        if let i = roots.firstIndex(where: { $0.0 == name }) { roots[i].1 = value } else { roots.append((name, value)) }
    }

    var rootSummary: String {
        roots.isEmpty ? "nothing" : roots.map { "\($0.0) : \($0.1.kindName)" }.joined(separator: ", ")
    }

    /// Evaluates one input; returns its exit-status contribution (0, 1 or 2).
    func evaluate(_ text: String) -> Int32 {
        let source = Source(text, name: "<input>")
        let program: Program
        do {
            program = try Environment(samples: roots).compile(source)
        } catch {
            printError(renderer.render(error.diagnostics, in: source))
            return 2
        }
        do {
            let value = try program.evaluate(roots: roots.map(\.1), context: context)
            print("\(value.literalText) : \(program.resultType)")
            if !program.warnings.isEmpty { printError(renderer.render(program.warnings, in: source)) }
            return 0
        } catch {
            printError(renderer.render(error.diagnostic, in: source))
            return 1
        }
    }

    /// Runs a `:command`; returns false to quit.
    mutating func command(_ line: String) -> Bool {
        let words = line.trimmingCharacters(in: .whitespaces).dropFirst().split(separator: " ", maxSplits: 2).map(String.init)
        switch words.first?.lowercased() ?? "" {
        case "q", "quit", "exit":
            return false
        case "help":
            if words.count > 1, let f = FunctionLibrary.function(named: words[1]) {
                print(f.signatures.joined(separator: "\n"))
                print("  " + f.summary)
            } else {
                print("""
                    :help [FUNCTION]     this list, or a function's signature
                    :load NAME FILE      bind NAME (payload, connection, …) to the JSON in FILE
                    :env                 the bound names and the context
                    :quit                leave
                    Functions: \(FunctionLibrary.all.map(\.name).joined(separator: ", "))
                    """)
            }
        case "load":
            guard words.count == 3 else {
                printError(":load takes a name and a file: :load payload lead.json")
                return true
            }
            do {
                bind(words[1], try Inputs.readJSON(words[2], what: words[1]))
                print("\(words[1]) : \(roots.first { $0.0 == words[1] }!.1.kindName)")
            } catch {}
        case "env":
            for (name, value) in roots { print("\(name) : \(value.kindName)") }
            print("timezone: \(context.timeZone), locale: \(context.locale), seed: \(context.seed)")
        default:
            let known = ["help", "load", "env", "quit"]
            let near = known.min { editDistanceOf($0, words.first ?? "") < editDistanceOf($1, words.first ?? "") } ?? "help"
            printError("unknown command :\(words.first ?? ""); did you mean :\(near)?")
        }
        return true
    }
}

private func editDistanceOf(_ a: String, _ b: String) -> Int {
    let x = Array(a), y = Array(b)
    var row = Array(0...y.count)
    for i in 1...max(1, x.count) where !x.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: y.count, by: 1) {
            let saved = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
            previous = saved
        }
    }
    return row[y.count]
}

/// Whether an input is still open: a bracket, string, hole or block comment not yet closed.
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
        // A query waiting for a clause expression, or a dangling operator, continues too.
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
}

/// libedit's readline interface.
enum LineEditor {
    static func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    static func remember(_ line: String) {
        add_history(line)
    }
}
