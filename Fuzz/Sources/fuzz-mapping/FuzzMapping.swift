import Airscript
import AirscriptMapping
import FuzzSupport

/// The mapping-file loader and checker, then one record through the mapping if it loads.
@_cdecl("fuzz_mapping_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let mapping = Mapping(path: "fuzz.yaml", text: FuzzInput.text(data, size))
    var options = RunOptions(now: 1_714_670_469_000, timeZone: "UTC", locale: "en-US")
    options.limits = FuzzInput.context.limits
    // A mapping with errors cannot be run: the processor refuses it.
    guard let processor = try? RecordProcessor(mapping: mapping, options: options) else { return 0 }
    var record = InputRecord(file: "fuzz", line: 1, position: 0)
    record.payload = FuzzInput.payload
    var store = JourneyStore()
    _ = JSONWriter.write(processor.process(record, store: &store))
    return 0
}
