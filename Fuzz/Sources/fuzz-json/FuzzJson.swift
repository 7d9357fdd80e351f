import Airscript
import FuzzSupport

/// The JSON reader: any bytes are a value or an error; a value written back reads back equal; and
/// reading only some fields (`FieldDemand`, what `airscript map` does) fails exactly when reading the
/// whole fails, with the same error, and otherwise gives the whole value's projection.
@_cdecl("fuzz_json_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var options = JSONReader.Options()
    options.maxDepth = 64
    let bytes = FuzzInput.bytes(data, size)
    let whole: Result<Value, JSONError> = Result { () throws(JSONError) -> Value in try JSONReader.read(bytes, options: options) }
    for demand in demands(for: try? whole.get()) {
        let part = Result { () throws(JSONError) -> Value in try JSONReader.read(bytes, options: options, demand: demand) }
        switch (whole, part) {
        case (.success(let w), .success(let p)):
            if project(w, demand) != p { fatalError("projection differs under \(demand): \(JSONWriter.write(p))") }
        case (.failure(let a), .failure(let b)):
            if a.description != b.description { fatalError("errors differ under \(demand): \(a) / \(b)") }
        default:
            fatalError("acceptance differs under \(demand)")
        }
    }
    guard case .success(let value) = whole else { return 0 }
    let written = JSONWriter.write(value)
    guard let again = try? JSONReader.read(written, options: options) else { fatalError("written JSON does not read back: \(written)") }
    if JSONWriter.write(again) != written { fatalError("JSON round trip changed: \(written)") }
    return 0
}

/// Demands to read the input under: fixed ones (fields, and each element), and paths through the
/// value's own first keys.
func demands(for value: Value?) -> [FieldDemand] {
    var result: [FieldDemand] = [
        .nothing, FieldDemand(path: [PropertyName("a")]), FieldDemand(path: [PropertyName("a"), PropertyName("b")]),
        .each(FieldDemand(path: [PropertyName("a")])), FieldDemand(path: [PropertyName("a")], leaf: .each(.nothing)),
    ]
    var path: [PropertyName] = []
    var current = value
    while let fields = current?.objectFields, let first = fields.keys.first, path.count < 4 {
        path.append(PropertyName(first))
        result.append(FieldDemand(path: path))
        if let last = fields.keys.last { result.append(FieldDemand(path: path.dropLast() + [PropertyName(last)])) }
        current = fields[first]
    }
    return result
}

/// The oracle: what reading under `demand` must give, computed from the whole value.
func project(_ value: Value, _ demand: FieldDemand) -> Value {
    if case .each(let inner) = demand {
        guard case .list(let elements) = value else { return value }
        return .list(elements.map { project($0, inner) })
    }
    guard case .fields(let wanted) = demand else { return value }
    guard let fields = value.objectFields else { return .null }
    var kept = Value.Object()
    for (key, inner) in fields where wanted[PropertyName(key)] != nil {
        kept[key] = project(inner, wanted[PropertyName(key)]!)
    }
    return Value.makeObject(kept)
}
