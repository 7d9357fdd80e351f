import Airscript
import FuzzSupport

/// The checker over a typed payload: never crashes, whatever the expression.
@_cdecl("fuzz_checker_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let environment = FuzzInput.environment
    _ = environment.check(Source(FuzzInput.text(data, size)))
    return 0
}
