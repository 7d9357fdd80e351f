@_spi(Syntax) import Airscript
import Foundation

/// The state of one REPL session: bound roots, the context, and the commands that change them.
struct ReplSession {
    var roots: [(String, Value)] = []
    var types: [String: StaticType] = [:]
    var context: EvaluationContext
    /// Whether the clock is fixed (`--now`, `:now ISO`); otherwise each evaluation reads the wall clock.
    var fixedNow: Bool
    var parseLimits = ParseLimits()
    /// Commands that failed (an unknown zone, a file that cannot be read): a script that ran one
    /// exits non-zero.
    var failedCommands = 0
    /// Stops a running evaluation (Ctrl-C on a terminal); its token is in `context`.
    var cancellation: Cancellation? {
        didSet { context.cancellation = cancellation?.token }
    }
    /// The line of standard input the current input starts on, for its diagnostics' locations.
    var inputLine = 1
    let useColor = isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    var renderer: DiagnosticRenderer { DiagnosticRenderer.forCommand(useColor: stderrUsesColor()) }

    init(context: EvaluationContext, fixedNow: Bool) {
        self.context = context
        self.fixedNow = fixedNow
    }

    var environment: Environment {
        Environment(roots: roots.map { RootDeclaration($0.0, type: types[$0.0] ?? .any) }, parseLimits: parseLimits)
    }

    mutating func bind(_ name: String, _ value: Value, type: StaticType? = nil) {
        if let i = roots.firstIndex(where: { $0.0 == name }) { roots[i].1 = value } else { roots.append((name, value)) }
        types[name] = type ?? StaticType.inferred(from: value)
    }

    var banner: String {
        let bound = roots.isEmpty ? "nothing bound" : roots.map { "\($0.0) : \(short(types[$0.0] ?? .any))" }.joined(separator: ", ")
        return """
            airscript 0.1.0 — \(bound)
            now \(fixedNow ? ISO8601Instant.format(context.now) : "(wall clock)"), zone \(context.timeZone), locale \(context.locale). :help lists the commands.
            """
    }

    func short(_ t: StaticType) -> String {
        let s = t.description
        return s.count > 60 ? String(s.prefix(57)) + "…}" : s
    }

    var width: Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        return 80
    }

    func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// A command's failure, said and counted.
    mutating func commandFailed(_ message: String) {
        failedCommands += 1
        printError(message)
    }

    /// The source of an input: named `<stdin>` with its line on standard input.
    func inputSource(_ text: String) -> Source {
        Source(text, name: "<stdin>", origin: SourcePosition(line: inputLine, column: 1))
    }

    /// Evaluates one input; returns its exit-status contribution (0, 1 or 2).
    mutating func evaluate(_ text: String) -> Int32 {
        let source = inputSource(text)
        let program: Program
        do {
            program = try environment.compile(source)
        } catch {
            printError(renderer.render(error.diagnostics, in: source))
            return 2
        }
        if !fixedNow { context.now = (Date().timeIntervalSince1970 * 1000).rounded() }
        // A Ctrl-C typed before this evaluation does not stop it.
        cancellation?.reset()
        do {
            let value = try program.evaluate(roots: roots.map(\.1), context: context)
            let typeText = " : \(program.resultType)"
            print(value.literalText(width: max(20, width - typeText.count)) + paint(typeText, "36"))
            if !program.warnings.isEmpty { printError(renderer.render(program.warnings, in: source)) }
            return 0
        } catch {
            printError(renderer.render(error.diagnostic, in: source))
            return 1
        }
    }

    static let commands = ["help", "type", "ast", "load", "let", "unset", "env", "now", "timezone", "locale", "quit", "q", "exit"]

    /// Runs a `:command`; returns false to quit.
    mutating func command(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces).dropFirst()
        let name = String(trimmed.prefix { !$0.isWhitespace }).lowercased()
        let argument = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case "q", "quit", "exit":
            return false
        case "help":
            help(argument)
        case "type":
            let source = inputSource(argument)
            let (type, diagnostics) = environment.check(source)
            // An ill-typed expression has no type to show: only its errors.
            if let type, !diagnostics.hasErrors { print(type) }
            if !diagnostics.isEmpty { commandFailed(renderer.render(diagnostics, in: source)) }
        case "ast":
            let source = inputSource(argument)
            let tree = Parser.parse(source)
            if let root = tree.root { print(TreeDump.dump(root, source: source)) }
            if !tree.diagnostics.isEmpty { commandFailed(renderer.render(tree.diagnostics, in: source)) }
        case "load":
            let words = argument.split(separator: " ", maxSplits: 1).map(String.init)
            guard words.count == 2 else {
                commandFailed(":load takes a name and a file: :load payload lead.json")
                return true
            }
            do {
                let value = try Inputs.readJSON(words[1].trimmingCharacters(in: .whitespaces), what: words[0])
                bind(words[0], value)
                print("\(words[0]) : \(short(types[words[0]] ?? .any))")
            } catch {
                // Inputs.readJSON printed why.
            }
        case "let":
            guard let eq = argument.firstIndex(of: "=") else {
                commandFailed(":let takes a name and an expression: :let total = SUM(payload.items[*].qty)")
                return true
            }
            let target = argument[..<eq].trimmingCharacters(in: .whitespaces)
            guard Lexer.tokenize(Source(target)).tokens.count == 2, case .identifier = Lexer.tokenize(Source(target)).tokens[0].kind else {
                commandFailed(":let needs a name before `=`")
                return true
            }
            let source = inputSource(String(argument[argument.index(after: eq)...]))
            do {
                let program = try environment.compile(source)
                if !fixedNow { context.now = (Date().timeIntervalSince1970 * 1000).rounded() }
                let value = try program.evaluate(roots: roots.map(\.1), context: context)
                bind(target, value, type: program.resultType)
                print("\(target) = \(value.literalText(width: width)) : \(program.resultType)")
            } catch let error as DiagnosticError {
                commandFailed(renderer.render(error.diagnostics, in: source))
            } catch let error as RuntimeError {
                commandFailed(renderer.render(error.diagnostic, in: source))
            } catch {}
        case "unset":
            roots.removeAll { $0.0 == argument }
            types[argument] = nil
        case "env":
            for (name, value) in roots {
                var preview = value.literalText
                if preview.count > 50 { preview = String(preview.prefix(47)) + "…" }
                print("\(name) : \(short(types[name] ?? .any)) = \(preview)")
            }
            print(
                "now \(fixedNow ? ISO8601Instant.format(context.now) : "(wall clock)"), zone \(context.timeZone), locale \(context.locale), seed \(context.seed)"
            )
        case "now":
            if argument.isEmpty {
                print(
                    fixedNow
                        ? ISO8601Instant.format(context.now)
                        : "(wall clock) " + ISO8601Instant.format((Date().timeIntervalSince1970 * 1000).rounded()))
            } else if argument.lowercased() == "clear" {
                fixedNow = false
            } else if let instant = ISO8601Instant.parse(argument, zone: context.timeZone) {
                context.now = instant
                fixedNow = true
            } else {
                commandFailed("cannot read `\(argument)`; use ISO 8601 such as 2024-05-02T17:21:09Z")
            }
        case "timezone":
            if argument.isEmpty {
                print(context.timeZone)
            } else if let zone = TimeZones.canonicalName(argument) {
                context.timeZone = zone
            } else {
                commandFailed("unknown time zone `\(argument)`; use an IANA name such as America/New_York")
            }
        case "locale":
            if argument.isEmpty { print(context.locale) } else { context.locale = argument.replacingOccurrences(of: "_", with: "-") }
        default:
            let near = ReplSession.commands.min { editDistance($0, name) < editDistance($1, name) } ?? "help"
            commandFailed("unknown command :\(name); did you mean :\(near)? (:help lists the commands)")
        }
        return true
    }

    func help(_ topic: String) {
        if !topic.isEmpty {
            guard let f = FunctionLibrary.function(named: topic) else {
                printError("no function `\(topic)`" + (FunctionLibrary.suggestions(for: topic).first.map { "; did you mean \($0)?" } ?? ""))
                return
            }
            for s in f.signatures { print(s) }
            print("  \(f.summary)")
            print(
                "  \(f.propagatesNull ? "A NULL required argument makes the result NULL." : "Accepts NULL arguments.")"
                    + (f.isPure ? "" : " Reads the clock or randomness."))
            if let examples = FunctionExamples.byName[f.name], !examples.isEmpty {
                print("  Examples:")
                for example in examples { print("    \(example)") }
            }
            return
        }
        print(
            """
            :help [FUNCTION]      the commands, or a function's signatures and description
            :type EXPR            the static type of EXPR, without evaluating it
            :ast EXPR             the syntax tree of EXPR, with spans
            :load NAME FILE       bind NAME (payload, connection, …) to the JSON in FILE
            :let NAME = EXPR      bind NAME to the value of EXPR
            :unset NAME           remove a binding
            :env                  the bindings with their types, and the context
            :now [ISO | clear]    show, fix or release the clock
            :timezone [IANA]      show or set the context time zone
            :locale [TAG]         show or set the context locale
            :quit                 leave (also Ctrl-D)
            """)
        for category in FunctionCategory.allCases {
            let names = FunctionLibrary.all.filter { $0.category == category }.map(\.name)
            if !names.isEmpty { print("\(category.rawValue): \(names.joined(separator: " "))") }
        }
    }
}
