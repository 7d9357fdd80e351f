import Airscript
import ArgumentParser
import Foundation

struct EvalCommand: ParsableCommand, PolicyOptions {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate one expression and print its value.",
        discussion: """
            The value is printed as one line of compact JSON (--format json, the default) or as text (--format text: Text raw, NULL as an empty line). Diagnostics go to standard error.

            Exit statuses: 0 success, 1 runtime error, 2 syntax error, 64 usage error, 66 unreadable file.

            Examples:
              airscript eval '1 + 1 * 2'
              airscript eval --payload lead.json -- 'payload.body.first_name'
              airscript eval --format text --now 2024-05-02T17:21:09Z '"It is {{NOW()}}"'
              echo '[1, 2] + [3]' | airscript eval -
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Option(help: "Output format: json or text.")
    var format: Format = .json

    @Flag(help: "Indent JSON output with two spaces.")
    var pretty = false

    @Option(help: ArgumentHelp("A JSON object; each key becomes a variable.", valueName: "FILE"))
    var bindings: String?

    @Option(help: ArgumentHelp("Bind `payload` to the JSON in FILE.", valueName: "FILE"))
    var payload: String?

    @Option(help: ArgumentHelp("Bind `connection` to the JSON in FILE.", valueName: "FILE"))
    var connection: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Read the expression from FILE.", valueName: "FILE"))
    var file: String?

    @Flag(help: "Skip the static type checker (syntax and names are still checked).")
    var noCheck = false

    @Flag(help: Self.strictHelp)
    var strict = false

    @Option(help: Self.allowHelp)
    var allow: String?

    @Option(help: "Colour diagnostics: always, never or auto (a terminal without NO_COLOR).")
    var color: ColorChoice = .auto

    @OptionGroup var context: ContextOptions

    @OptionGroup(title: "Limits") var limits: LimitOptions

    @Argument(help: ArgumentHelp("The expression; `-` reads it from standard input. Put it after `--` when it starts with `-`."))
    var expression: String?

    func validate() throws {
        _ = try commandLinePolicy()
        if (expression == nil) == (file == nil) {
            throw ValidationError("give exactly one expression: an argument, -f FILE, or - for standard input")
        }
    }

    func run() throws {
        var evaluationContext = try context.makeContext()
        limits.apply(to: &evaluationContext.limits)
        let source = try Inputs.expressionSource(file: file, argument: expression)
        let roots = try Inputs.bindings(bindingsFile: bindings, payload: payload, connection: connection)
        let policy = try commandLinePolicy()
        let renderer = DiagnosticRenderer.forCommand(useColor: color.forStandardError)
        var environment = Environment(samples: roots, checks: !noCheck)
        environment.parseLimits = limits.parseLimits
        let program: Program
        do {
            program = try environment.compile(source)
        } catch {
            var diagnostics = policy.applied(to: error.diagnostics)
            // The library says no variables are bound; the command says how to bind them.
            if roots.isEmpty {
                for i in diagnostics.indices where diagnostics[i].code == "E0301" {
                    diagnostics[i].notes.append("bind variables with --bindings FILE, --payload FILE or --connection FILE")
                }
            }
            printError(renderer.render(diagnostics, in: source))
            throw Status.rejected
        }
        let warnings = policy.applied(to: program.warnings)
        if !warnings.isEmpty { printError(renderer.render(warnings, in: source)) }
        if warnings.hasErrors { throw Status.rejected }
        let value: Value
        do {
            value = try program.evaluate(roots: roots.map(\.1), context: evaluationContext)
        } catch {
            printError(renderer.render(error.diagnostic, in: source))
            throw Status.runtimeError
        }
        switch format {
        case .json: print(JSONWriter.write(value, pretty: pretty))
        case .text: print(value.renderedText)
        }
    }
}
