@_spi(Syntax) import Airscript
import ArgumentParser

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse an expression and print its syntax tree, one node per line with its span.",
        discussion: """
            Prints the tree (indented, each node with LINE:COL-LINE:COL) or the diagnostics. Exit statuses: 0 parsed, 2 syntax error, 64 usage error.

            Examples:
              airscript parse '1 + 2 * 3'
              airscript parse --canonical 'from b in books select b.title'
            """
    )

    @Flag(help: "Print the expression back as canonical source instead of the tree.")
    var canonical = false

    @Option(name: .customShort("f"), help: ArgumentHelp("Read the expression from FILE.", valueName: "FILE"))
    var file: String?

    @Argument(help: "The expression; `-` reads standard input.")
    var expression: String?

    func validate() throws {
        if (expression == nil) == (file == nil) {
            throw ValidationError("give exactly one expression: an argument, -f FILE, or - for standard input")
        }
    }

    func run() throws {
        let source = try Inputs.expressionSource(file: file, argument: expression)
        let tree = Parser.parse(source)
        if !tree.diagnostics.isEmpty {
            printError(DiagnosticRenderer.forCommand(useColor: stderrUsesColor()).render(tree.diagnostics, in: source))
        }
        guard let root = tree.root else { throw Status.rejected }
        print(canonical ? Printer.print(root) : TreeDump.dump(root, source: source))
    }
}
