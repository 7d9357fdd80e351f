import Airscript
import AirscriptServe
import FuzzSupport

/// The payload envelope (serve.md §3) from what strangers send: header fields, a query string,
/// cookies, a body of any declared type. The input is split at 0x00 bytes: the query, then header
/// name and value pairs, and the last part is the body.
@_cdecl("fuzz_envelope_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = FuzzInput.bytes(data, size).split(separator: 0, omittingEmptySubsequences: false)
    let text = parts.map { String(decoding: $0, as: UTF8.self) }
    var headers: [(name: String, value: String)] = []
    var k = 1
    while k + 1 < text.count - 1 {
        headers.append((text[k], text[k + 1]))
        k += 2
    }
    let request = ReceivedRequest(
        method: "POST", path: "/fuzz", query: text.first, headers: headers, body: parts.count > 1 ? Array(parts.last!) : [])
    var options = JSONReader.Options()
    options.maxDepth = 64
    if let (envelope, _) = try? RequestEnvelope.build(request, json: options) { _ = JSONWriter.write(envelope) }
    _ = FormFields.decode(FuzzInput.bytes(data, size))
    return 0
}
