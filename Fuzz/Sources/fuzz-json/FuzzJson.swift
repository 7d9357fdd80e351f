import Airscript
import FuzzSupport

/// The JSON reader: any bytes are a value or an error; a value written back reads back equal.
@_cdecl("fuzz_json_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var options = JSONReader.Options()
    options.maxDepth = 64
    guard let value = try? JSONReader.read(FuzzInput.bytes(data, size), options: options) else { return 0 }
    let written = JSONWriter.write(value)
    guard let again = try? JSONReader.read(written, options: options) else { fatalError("written JSON does not read back: \(written)") }
    if JSONWriter.write(again) != written { fatalError("JSON round trip changed: \(written)") }
    return 0
}
