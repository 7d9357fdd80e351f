import Airscript
import ArgumentParser
import Foundation

@main
struct AirscriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airscript",
        abstract: "Write, test and run Airscript expressions and journey mappings off-platform.",
        discussion: """
            With no subcommand, starts the REPL when standard input is a terminal, and otherwise evaluates standard input one expression per line.

            Exit statuses: 0 success, 1 evaluation error, 2 syntax or type error, 64 usage error, 66 input file cannot be opened, 74 output cannot be written.

            Examples:
              airscript eval '1 + 1 * 2'
              airscript eval --payload lead.json -- 'payload.body.first_name'
              airscript check Samples/salesforce-lead.yaml
              airscript map lead.yaml leads.ndjson --summary
              airscript parse 'FROM b IN books WHERE b.year > 2000 SELECT b.title'
            """,
        version: "airscript 0.1.0 (allocator: \(Allocator.name))",
        subcommands: [
            EvalCommand.self, CheckCommand.self, MapCommand.self, ServeCommand.self, StoreCommand.self, WebhookCommand.self, ParseCommand.self,
            ReplCommand.self, LspCommand.self,
        ],
        defaultSubcommand: nil
    )

    mutating func run() throws {
        var repl = try ReplCommand.parse([])
        try repl.run()
    }
}
