/// Writes values as JSON (types.md §3): compact or pretty, keys in insertion order except the four
/// special kinds (canonical order), numbers as JavaScript prints them, NaN and ±Infinity as `null`,
/// only `"`, `\` and control characters escaped.
public enum JSONWriter {
    /// A value as JSON text, as JavaScript's `JSON.stringify` writes it (compact, or indented with `pretty`).
    public static func write(_ value: Value, pretty: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(value, into: &out, pretty: pretty, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// A value as JSON, appended to `out` (no intermediate string).
    public static func write(_ value: Value, into out: inout [UInt8], pretty: Bool = false, indent: Int = 0) {
        ByteSink.withSink { sink in
            write(value, into: &sink, pretty: pretty, indent: indent)
            sink.withBytes { out.append(contentsOf: $0) }
        }
    }

    static func write(_ value: Value, into out: inout ByteSink, pretty: Bool, indent: Int) {
        withUnsafePointer(to: value) { write(at: $0, into: &out, pretty: pretty, indent: indent) }
    }

    /// Writes the value in place (`Value.listElements(at:)`): a walk that bound each list and object
    /// it met retained and released every one of them.
    private static func write(at value: UnsafePointer<Value>, into out: inout ByteSink, pretty: Bool, indent: Int) {
        if let elements = Value.listElements(at: value) {
            if elements.isEmpty {
                append("[]", &out)
                return
            }
            out.append(UInt8(ascii: "["))
            for k in elements.indices {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1, &out) }
                write(at: elements.baseAddress! + k, into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent, &out) }
            out.append(UInt8(ascii: "]"))
            return
        }
        if let entries = Value.objectEntries(at: value) {
            if entries.isEmpty {
                append("{}", &out)
                return
            }
            for k in entries.indices {
                out.append(k == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
                if pretty { newline(indent + 1, &out) }
                writeString(entries[k].key.text, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                write(at: entries.valueAddress(k), into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(indent, &out) }
            out.append(UInt8(ascii: "}"))
            return
        }
        switch value.pointee {
        case .null: append("null", &out)
        case .bool(let b): append(b ? "true" : "false", &out)
        case .number(let n):
            if n.isFinite { writeNumber(n, into: &out) } else { append("null", &out) }
        case .text(let s): writeString(s, into: &out)
        case .list, .object:
            break  // written above, in place
        case .date, .time, .dateTime, .currency:
            // The special kinds' fields in their canonical order, without building an object.
            var first = true
            value.pointee.forEachField { key, element in
                out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
                first = false
                if pretty { newline(indent + 1, &out) }
                writeString(key.text, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                write(element, into: &out, pretty: pretty, indent: indent + 1)
            }
            if first {
                append("{}", &out)
                return
            }
            if pretty { newline(indent, &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A number as JavaScript prints it; integers (most numbers in payloads) digit by digit, without
    /// building a text first.
    static func writeNumber(_ n: Double, into out: inout ByteSink) {
        guard n == n.rounded(.towardZero), abs(n) < 1e15, !(n == 0 && n.sign == .minus) else {
            var text = NumberRendering.javaScript(n)
            text.withUTF8 { out.append($0) }
            return
        }
        let value = Int(n)
        if value < 0 { out.append(UInt8(ascii: "-")) }
        NumberRendering.withDecimalDigits(of: UInt64(value.magnitude)) { out.append($0) }
    }

    private static func append(_ s: StaticString, _ out: inout ByteSink) {
        out.append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    private static func newline(_ indent: Int, _ out: inout ByteSink) {
        out.append(0x0A)
        for _ in 0..<(indent * 2) { out.append(0x20) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal of `s`, appended to `out`.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        ByteSink.withSink { sink in
            writeString(s, into: &sink)
            sink.withBytes { out.append(contentsOf: $0) }
        }
    }

    static func writeString(_ s: String, into out: inout ByteSink) {
        out.append(UInt8(ascii: "\""))
        // Fast path: no byte needs escaping, so the UTF-8 is copied as it is.
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { bytes in
            guard PlainStringBytes.scan(bytes, from: 0).end == bytes.count else { return false }
            out.append(bytes)
            return true
        }
        if copied == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""):
                out.append(UInt8(ascii: "\\"))
                out.append(b)
            case UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(b)
            case 0x0A:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "n"))
            case 0x0D:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "r"))
            case 0x09:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "t"))
            case 0x08:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "b"))
            case 0x0C:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "f"))
            case 0..<0x20:
                append("\\u00", &out)
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
