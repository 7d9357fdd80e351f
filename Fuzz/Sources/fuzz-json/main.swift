import Airscript
import FuzzSupport

/// The JSON reader: any bytes are a value or an error; a value written back reads back equal.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var options = JSONReader.Options()
    options.maxDepth = 64
    guard let value = try? JSONReader.read(FuzzInput.bytes(data, size), options: options) else { return 0 }
    let written = JSONWriter.write(value)
    guard let again = try? JSONReader.read(written, options: options) else { fatalError("written JSON does not read back: \(written)") }
    if JSONWriter.write(again) != written { fatalError("JSON round trip changed: \(written)") }
    return 0
}
