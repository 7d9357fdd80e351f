@_spi(Syntax) import Airscript
import FuzzSupport

/// Lexer, parser and printer: any bytes end in a tree or diagnostics, and a printed tree parses back.
@_cdecl("fuzz_parser_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let tree = Parser.parse(Source(FuzzInput.text(data, size)))
    if let root = tree.root {
        let printed = Printer.print(root)
        guard let again = Parser.parse(Source(printed)).root else { fatalError("printed form does not parse: \(printed)") }
        if TreeDump.dump(root, source: nil, showSpans: false) != TreeDump.dump(again, source: nil, showSpans: false) {
            fatalError("round trip changed the tree: \(printed)")
        }
    } else if !tree.diagnostics.hasErrors {
        fatalError("no tree and no error")
    }
    return 0
}
