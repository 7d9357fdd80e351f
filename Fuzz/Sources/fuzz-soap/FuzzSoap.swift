import Airscript
import AirscriptServe
import FuzzSupport

/// Salesforce's SOAP reader (serve.md §3): the whole input is the body of an outbound message. A
/// message that reads must give payloads the JSON writer can write.
@_cdecl("fuzz_soap_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let message = try? OutboundMessage.parse(FuzzInput.bytes(data, size)) else { return 0 }
    for notification in message.notifications { _ = JSONWriter.write(notification.payload) }
    _ = OutboundMessage.fault(message.organizationId)
    return 0
}
