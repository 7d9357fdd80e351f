import Airscript
import FuzzSupport

/// The checker over a typed payload: never crashes, whatever the expression.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let environment = Environment(samples: [("payload", FuzzInput.payload), ("n", .number(1)), ("s", .text("x"))])
    _ = environment.check(Source(FuzzInput.text(data, size)))
    return 0
}
