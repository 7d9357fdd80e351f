import Airscript
import AirscriptMapping
import ArgumentParser
import Foundation

struct CheckCommand: ParsableCommand, PolicyOptions {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a mapping file, or type-check one expression, without running anything.",
        discussion: """
            With a mapping file (.yaml, .yml or .json): the schema, every expression in its slot's namespaces, and the cross-field rules; diagnostics point at the file's own lines. Each --payload SAMPLE is also run through the mapping (a dry run on an empty store) and its output record printed.

            With an expression: the payload and connection samples type `payload` and `connection`; the inferred type is printed.

            Exit statuses: 0 valid, 2 errors (or warnings with --strict), 1 a dry run failed, 64 usage error, 66 unreadable file.

            Examples:
              airscript check Samples/salesforce-lead.yaml
              airscript check twilio-sms.yaml --payload twilio-sms.json
              airscript check --payload lead.json 'payload.result.FirstName + 1'
            """
    )

    @Option(
        help: ArgumentHelp(
            "A sample payload (JSON): types `payload` for an expression; a dry run for a mapping (repeatable).",
            valueName: "SAMPLE"))
    var payload: [String] = []

    @Flag(help: "Print the inferred types of payload, connection and each slot, and the sample's NULL fields (mappings).")
    var explainTypes = false

    @Option(
        name: .customLong("expr"),
        help: ArgumentHelp("With a mapping: check EXPR in the mapping's environment (its samples, types and functions).", valueName: "EXPR"))
    var mappingExpression: String?

    @Option(
        help: ArgumentHelp(
            "With --expr: the slot it stands in (identifier, startParameters, response.status, response.body…; default response.body).",
            valueName: "NAME"))
    var slot: String?

    @OptionGroup var context: ContextOptions

    @Option(help: ArgumentHelp("A sample connection namespace (JSON) that types `connection`.", valueName: "SAMPLE"))
    var connection: String?

    @Option(help: ArgumentHelp("A JSON object; each key becomes a variable typed from its value.", valueName: "FILE"))
    var bindings: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Read the expression from FILE.", valueName: "FILE"))
    var file: String?

    @Flag(help: Self.strictHelp)
    var strict = false

    @Option(help: Self.allowHelp)
    var allow: String?

    @Option(help: "Diagnostics as text or json (one JSON object per line).")
    var format: DiagnosticFormat = .text

    @Argument(help: "The expression; `-` reads standard input.")
    var expression: String?

    func validate() throws {
        _ = try commandLinePolicy()
        if (expression == nil) == (file == nil) {
            throw ValidationError("give exactly one expression: an argument, -f FILE, or - for standard input")
        }
    }

    func run() throws {
        if file == nil, let path = expression, MappingReport.looksLikePath(path) {
            // A path that does not exist, or a folder, exits 66 as `map` does (MappingReport.load).
            try checkMapping(path)
            return
        }
        if payload.count > 1 { throw ValidationError("an expression takes one --payload sample") }
        let source = try Inputs.expressionSource(file: file, argument: expression)
        let roots = try Inputs.bindings(bindingsFile: bindings, payload: payload.first, connection: connection)
        let (type, all) = Environment(samples: roots).check(source)
        let diagnostics = try commandLinePolicy().applied(to: all)
        format.print(diagnostics, in: source)
        if diagnostics.hasErrors { throw Status.rejected }
        if let type { print(type) }
    }
}

extension CheckCommand {
    /// `check MAPPING --expr EXPR [--slot NAME]`: one expression in a slot of the mapping.
    func checkExpression(_ text: String, in mapping: Mapping) throws {
        let name = slot ?? "response.body"
        guard let slot = Slot(named: name) else {
            throw ValidationError("--slot: `\(name)` is no slot; slots are \(Slot.names.joined(separator: ", "))")
        }
        let (type, found) = mapping.check(expression: text, in: slot)
        let diagnostics = found.applying(try commandLinePolicy())
        for d in diagnostics { format.print([d.diagnostic], in: d.source, slot: d.slot) }
        if diagnostics.hasErrors { throw Status.rejected }
        if let type { Swift.print(type) }
    }

    func checkMapping(_ path: String) throws {
        let mapping = try MappingReport.load(path)
        if let text = mappingExpression { return try checkExpression(text, in: mapping) }
        let diagnostics = mapping.diagnostics.applying(try commandLinePolicy())
        MappingReport.print(mapping, diagnostics, format: format)
        if explainTypes {
            Swift.print("payload : \(mapping.payloadType)")
            Swift.print("connection : \(mapping.connectionType)")
            for (slot, type) in mapping.slotTypes { Swift.print("\(slot) : \(type)") }
            for path in mapping.nullSampleFields { Swift.print("\(path) : Any (NULL in the sample)") }
        }
        if diagnostics.hasErrors { throw Status.rejected }
        guard !payload.isEmpty else { return }
        // Dry runs: each sample through the whole mapping, against an empty store.
        let base = try context.makeContext(
            defaultZone: mapping.definition.settings.timezone,
            defaultLocale: mapping.definition.settings.locale, defaultSeed: 0)
        var failed = false
        let processor = try RecordProcessor(
            mapping: mapping,
            options: RunOptions(
                now: base.now, timeZone: base.timeZone,
                locale: base.locale, seed: base.seed))
        for (k, samplePath) in payload.enumerated() {
            let value = try Inputs.readJSON(samplePath, what: "payload")
            var record = InputRecord(file: samplePath, line: 1, position: k)
            record.payload = value
            var store = JourneyStore()
            let output = processor.process(record, store: &store)
            Swift.print(JSONWriter.write(output))
            if case .text(Outcome.error.rawValue) = output.member("outcome") { failed = true }
        }
        if failed { throw Status.runtimeError }
    }
}

/// How diagnostics are printed: rendered text, or JSON lines (types.md §6.1).
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    func print(_ diagnostics: [Diagnostic], in source: Source, slot: String? = nil) {
        guard !diagnostics.isEmpty else { return }
        switch self {
        case .text:
            printError(DiagnosticRenderer.forCommand(useColor: stderrUsesColor()).render(diagnostics, in: source))
        case .json:
            for d in diagnostics {
                printError(JSONWriter.write(DiagnosticJSON.value(d, in: source, slot: slot)))
            }
        }
    }
}
