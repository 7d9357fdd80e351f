import Airscript
import ArgumentParser
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Type-check an expression (or a mapping file) without running it, and print the inferred type.",
        discussion: """
            The payload and connection samples give `payload` and `connection` their types (records are
            inferred from the JSON). Diagnostics go to standard error; the inferred type to standard output.

            Exit statuses: 0 no errors (warnings allowed unless --strict), 2 errors, 64 usage error,
            66 unreadable file.

            Examples:
              airscript check --payload Samples/payloads/salesforce-lead.json 'payload.body.FirstName + 1'
              airscript check -f rule.airscript --payload lead.json --connection crm.json
            """
    )

    @Option(help: ArgumentHelp("A sample payload (JSON) that types `payload`.", valueName: "SAMPLE"))
    var payload: String?

    @Option(help: ArgumentHelp("A sample connection namespace (JSON) that types `connection`.", valueName: "SAMPLE"))
    var connection: String?

    @Option(help: ArgumentHelp("A JSON object; each key becomes a variable typed from its value.", valueName: "FILE"))
    var bindings: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Read the expression from FILE.", valueName: "FILE"))
    var file: String?

    @Flag(help: "Treat warnings as errors (exit 2).")
    var strict = false

    @Option(help: ArgumentHelp("Silence these warning codes, comma-separated.", valueName: "CODES"))
    var allow: String?

    @Option(help: "Diagnostics as text or json (one JSON object per line).")
    var format: DiagnosticFormat = .text

    @Argument(help: "The expression; `-` reads standard input.")
    var expression: String?

    func validate() throws {
        if (expression == nil) == (file == nil) {
            throw ValidationError("give exactly one expression: an argument, -f FILE, or - for standard input")
        }
    }

    func run() throws {
        let source: Source
        if let file {
            source = Source(String(decoding: try Inputs.read(file), as: UTF8.self), name: file)
        } else if expression == "-" {
            source = Source(String(decoding: try Inputs.read("-"), as: UTF8.self), name: "<stdin>")
        } else {
            source = Source(expression ?? "")
        }
        let roots = try Inputs.bindings(bindingsFile: bindings, payload: payload, connection: connection)
        let allowed = DiagnosticFormat.codes(allow)
        let (type, all) = Environment(samples: roots).check(source)
        let diagnostics = all.filter { !allowed.contains($0.code.rawValue) }
        format.print(diagnostics, in: source)
        if diagnostics.hasErrors || (strict && !diagnostics.isEmpty) { throw Status.rejected }
        if let type { print(type) }
    }
}

/// How diagnostics are printed: rendered text, or JSON lines (types.md §6.1).
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    static func codes(_ list: String?) -> Set<String> {
        Set((list ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
    }

    func print(_ diagnostics: [Diagnostic], in source: Source, slot: String? = nil) {
        guard !diagnostics.isEmpty else { return }
        switch self {
        case .text:
            printError(DiagnosticRenderer(useColor: stderrUsesColor()).render(diagnostics, in: source))
        case .json:
            for d in diagnostics {
                printError(JSONWriter.write(DiagnosticJSON.value(d, in: source, slot: slot)))
            }
        }
    }
}
