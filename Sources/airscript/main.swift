import Airscript
import Foundation

let src = Source(CommandLine.arguments.dropFirst().joined(separator: " "))
let tree = Parser.parse(src)
print(DiagnosticRenderer().render(tree.diagnostics, in: src), terminator: "")
if let r = tree.root { print(TreeDump.dump(r, source: src)); print(Printer.print(r)) }
