import Airscript
import FuzzSupport

/// Compile and evaluate: a checked program yields a value of its type, or a run-time error.
@_cdecl("fuzz_evaluator_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let environment = FuzzInput.environment
    guard let program = try? environment.compile(Source(FuzzInput.text(data, size))) else { return 0 }
    do {
        let value = try program.evaluate(roots: [FuzzInput.payload, .number(1), .text("x")], context: FuzzInput.context)
        if !program.resultType.admits(value) {
            fatalError("unsound: \(program.source.text) : \(program.resultType) gave \(JSONWriter.write(value))")
        }
        _ = JSONWriter.write(value)
        _ = value.renderedText
    } catch {
        if !error.code.rawValue.hasPrefix("R") { fatalError("a run-time error with code \(error.code)") }
    }
    return 0
}
