import AirscriptLanguageServer
import ArgumentParser

struct LspCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server: diagnostics, completion, hover and more for editors.",
        discussion: """
            Speaks the Language Server Protocol (3.17) on standard input and output; an editor starts it. It reads `.airscript` files (one expression; `payload` and `connection` typed from a sibling NAME.payload.json / NAME.connection.json, or from `// payload: PATH` and `// connection: PATH` comments on the first lines) and mapping files (.yaml, .yml or .json with `version` and `journey` at the top), checked exactly as `airscript check` checks them.

            It never evaluates anything that reads the clock, random numbers or a store. The README's "Editors" section shows the settings for VS Code, Neovim and Helix.

            Exit statuses: 0 after `shutdown` and `exit`, 1 when the client leaves without them.
            """
    )

    @Flag(help: "Accepted for editors that pass it; standard input and output is the only transport.")
    var stdio = false

    @Option(help: ArgumentHelp("Milliseconds to wait after a change before checking (default 15).", valueName: "MS"))
    var debounce: Int = 15

    func validate() throws {
        guard (0...5000).contains(debounce) else { throw ValidationError("--debounce takes 0 to 5000 milliseconds") }
    }

    func run() throws {
        StandardIO.run(debounce: .milliseconds(debounce))
    }
}
