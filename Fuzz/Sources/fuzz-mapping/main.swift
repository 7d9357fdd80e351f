import Airscript
import FuzzSupport

/// The mapping-file loader and checker, then one record through the mapping if it loads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let mapping = Mapping(path: "fuzz.yaml", text: FuzzInput.text(data, size))
    guard !mapping.hasErrors else { return 0 }
    var options = RunOptions(now: 1_714_670_469_000, timeZone: "UTC", locale: "en-US")
    options.limits = FuzzInput.context.limits
    let processor = RecordProcessor(mapping: mapping, options: options)
    var record = InputRecord(file: "fuzz", line: 1, position: 0)
    record.payload = FuzzInput.payload
    var store = JourneyStore()
    var prepared = processor.prepare(record)
    processor.commit(&prepared, store: &store)
    _ = JSONWriter.write(processor.respond(prepared))
    return 0
}
