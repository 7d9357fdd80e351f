/// An error in a JSON document, with the 1-based line and column where reading stopped.
public struct JSONError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The line of the problem (1-based).
    public var line: Int
    /// Its column, in bytes (1-based).
    public var column: Int
    /// Its byte offset from the start.
    public var offset: Int
    public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }
}

/// Reads JSON straight into `Value` (types.md §2): no detour through Foundation objects.
/// Keys keep their order, a duplicate key keeps its first position and takes the last value, and the
/// special shapes become Date, Time, DateTime and Currency.
public struct JSONReader {
    /// Guardrails on hostile input.
    public struct Options: Sendable {
        /// Deepest nesting of arrays and objects accepted.
        public var maxDepth = 512
        /// The default guardrails.
        public init() {}
    }

    /// Integer literals beyond 2^53 seen while reading (W0418), as written.
    public private(set) var impreciseIntegers: [String] = []

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private let options: Options
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>, options: Options) {
        self.bytes = bytes
        self.options = options
    }

    /// Reads one JSON document. A leading byte-order mark is skipped.
    public static func read(_ bytes: some Collection<UInt8>, options: Options = Options()) throws(JSONError) -> Value {
        try readWithWarnings(bytes, options: options).value
    }

    /// Reads one JSON document from text.
    public static func read(_ text: String, options: Options = Options()) throws(JSONError) -> Value {
        try read(Array(text.utf8), options: options)
    }

    /// Reads one JSON document, building only what `demand` asks for (see `FieldDemand`). The rest
    /// is checked as strictly as if it were built: a document is rejected for the same errors, at
    /// the same place.
    public static func read(_ bytes: some Collection<UInt8>, options: Options = Options(), demand: FieldDemand) throws(JSONError) -> Value {
        try readWithWarnings(bytes, options: options, demand: demand).value
    }

    /// Reads a document and reports the integers that lost precision (W0418) beside the value.
    public static func readWithWarnings(
        _ bytes: some Collection<UInt8>, options: Options = Options(), demand: FieldDemand = .all
    )
        throws(JSONError) -> (value: Value, impreciseIntegers: [String])
    {
        // Read in place when the bytes are contiguous (an array or a slice of one); copy otherwise.
        if let result = bytes.withContiguousStorageIfAvailable({ read($0, options, demand) }) { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { read($0, options, demand) }.get()
    }

    private static func read(
        _ buffer: UnsafeBufferPointer<UInt8>, _ options: Options, _ demand: FieldDemand
    )
        -> Result<(value: Value, impreciseIntegers: [String]), JSONError>
    {
        var reader = JSONReader(buffer, options: options)
        do throws(JSONError) {
            if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { reader.i = 3 }
            reader.skipWhitespace()
            let value = try reader.readValue(demand)
            reader.skipWhitespace()
            if reader.i < buffer.count { throw reader.error("unexpected text after the JSON value") }
            return .success((value, reader.impreciseIntegers))
        } catch {
            return .failure(error)
        }
    }

    private func error(_ message: String, at offset: Int? = nil) -> JSONError {
        let at = min(offset ?? i, bytes.count)
        var line = 1, column = 1
        var k = 0
        while k < at {
            if bytes[k] == 0x0A {
                line += 1
                column = 1
            } else if bytes[k] & 0xC0 != 0x80 {
                column += 1
            }
            k += 1
        }
        return JSONError(message: message, line: line, column: column, offset: at)
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private func describeCurrent() -> String {
        guard i < bytes.count else { return "the end of the input" }
        let b = bytes[i]
        if b >= 0x20 && b < 0x7F { return "`\(Character(UnicodeScalar(b)))`" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    private mutating func readValue() throws(JSONError) -> Value {
        guard i < bytes.count else { throw error("expected a value, found the end of the input") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .text(try readString())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw error("expected a value, found \(describeCurrent())")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        guard i + count <= bytes.count else { throw error("expected `\(word)`") }
        for k in 0..<count where bytes[i + k] != start[k] { throw error("expected `\(word)`") }
        i += count
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        if depth > options.maxDepth { throw error("nesting deeper than \(options.maxDepth) levels") }
    }

    private mutating func readArray() throws(JSONError) -> Value {
        var elements: [Value] = []
        elements.reserveCapacity(4)
        try forEachElement { (reader) throws(JSONError) in elements.append(try reader.readValue()) }
        return .list(elements)
    }

    private mutating func readObject() throws(JSONError) -> Value {
        var fields = Value.Object()
        fields.reserveCapacity(8)
        var seen: UInt64 = 0
        try forEachField(key: { (reader) throws(JSONError) in try reader.readKey() }) { (reader, key) throws(JSONError) in
            fields.setRead(key, try reader.readValue(), seen: &seen)
        }
        return Value.makeObject(fields)
    }

    /// A value of which `demand` is wanted. Of an object, the fields asked for; anything else under
    /// a demand for fields reads NULL (a path through it does), so it is checked and skipped. Under
    /// a demand for each element, a list's elements are read under it, and anything else whole (a
    /// query over it iterates, fails or reads nothing as it would).
    private mutating func readValue(_ demand: FieldDemand) throws(JSONError) -> Value {
        switch demand {
        case .all:
            return try readValue()
        case .fields(let wanted):
            guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else {
                try skipValue()
                return .null
            }
            var fields = Value.Object()
            // At most the wanted fields are kept (a repeated key replaces its value): one
            // allocation, never grown.
            fields.reserveCapacity(wanted.count)
            var seen: UInt64 = 0
            try forEachField(key: { (reader) throws(JSONError) in try reader.readKey(wantedIn: wanted) }) { (reader, wantedField) throws(JSONError) in
                if let (key, inner) = wantedField { fields.setRead(key, try reader.readValue(inner), seen: &seen) } else { try reader.skipValue() }
            }
            return Value.makeObject(fields)
        case .each(let inner):
            // An object is read whole: narrowing its values could change its kind (a DateTime whose
            // date is narrowed is a plain object), and with it the order a query visits.
            guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return try readValue() }
            var elements: [Value] = []
            elements.reserveCapacity(4)
            try forEachElement { (reader) throws(JSONError) in elements.append(try reader.readValue(inner)) }
            return .list(elements)
        }
    }

    /// Checks a value, building nothing.
    private mutating func skipValue() throws(JSONError) {
        let start = i, startDepth = depth, imprecise = impreciseIntegers.count
        if skipWellFormedValue() { return }
        // Something the quick walk does not vouch for: the checking walk says what is wrong (or
        // that nothing is) with the same words and position as when the value is read.
        i = start
        depth = startDepth
        impreciseIntegers.removeSubrange(imprecise...)
        try checkValue()
    }

    /// Steps over a well-formed value in one loop, without the calls of a recursive walk: a skipped
    /// value is most of a projected record's bytes. Answers false, leaving `i` anywhere, at the
    /// first thing it cannot vouch for: any error, or nesting past 64 levels or the reader's limit.
    /// (Strings with escapes or bytes beyond ASCII it hands to the string reader, and goes on.)
    private mutating func skipWellFormedValue() -> Bool {
        // One bit a level: set in an object, clear in a list. Deeper than 64 levels, the checking
        // walk takes over.
        var objects: UInt64 = 0
        var level = 0
        var expectingValue = true
        while true {
            skipWhitespace()
            guard i < bytes.count else { return false }
            if expectingValue {
                switch bytes[i] {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let isObject = bytes[i] == UInt8(ascii: "{")
                    guard level < 64, depth + level < options.maxDepth else { return false }
                    objects = isObject ? objects | (1 &<< UInt64(level)) : objects & ~(1 &<< UInt64(level))
                    level += 1
                    i += 1
                    skipWhitespace()
                    guard i < bytes.count else { return false }
                    if bytes[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        i += 1
                        level -= 1
                        if level == 0 { return true }
                        expectingValue = false
                    } else if isObject {
                        guard skipKey() else { return false }
                    }
                    continue
                case UInt8(ascii: "\""):
                    guard skipPlainString() else { return false }
                case UInt8(ascii: "t"):
                    guard skipLiteral("true") else { return false }
                case UInt8(ascii: "f"):
                    guard skipLiteral("false") else { return false }
                case UInt8(ascii: "n"):
                    guard skipLiteral("null") else { return false }
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard skipNumber() else { return false }
                default:
                    return false
                }
                expectingValue = false
                if level == 0 { return true }
                continue
            }
            // After a value inside a container: a comma, or the container's end.
            let inObject = objects & (1 &<< UInt64(level - 1)) != 0
            switch bytes[i] {
            case UInt8(ascii: ","):
                i += 1
                if inObject {
                    skipWhitespace()
                    guard skipKey() else { return false }
                }
                expectingValue = true
            case UInt8(ascii: "}") where inObject, UInt8(ascii: "]") where !inObject:
                i += 1
                level -= 1
                if level == 0 { return true }
            default:
                return false
            }
        }
    }

    /// A key and its colon, from the key's quote, in `skipWellFormedValue`.
    private mutating func skipKey() -> Bool {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), skipPlainString() else { return false }
        skipWhitespace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
        i += 1
        return true
    }

    /// A string from its quote: plain ASCII here, anything else by the string reader (which checks
    /// escapes and UTF-8).
    private mutating func skipPlainString() -> Bool {
        let plain = PlainStringBytes.scan(bytes, from: i + 1)
        if !plain.sawHighBit, plain.end < bytes.count, bytes[plain.end] == UInt8(ascii: "\"") {
            i = plain.end + 1
            return true
        }
        do { _ = try scanString(fingerprinting: false, building: false) } catch { return false }
        return true
    }

    /// A number, checked and not converted. An integer of 16 digits or more goes to the number
    /// reader, which notes it if a double cannot hold it exactly.
    private mutating func skipNumber() -> Bool {
        guard let (start, isInteger) = try? scanNumber() else { return false }
        if isInteger && i - start > 15 {
            i = start
            return (try? readNumber()) != nil
        }
        return true
    }

    private mutating func skipLiteral(_ word: StaticString) -> Bool {
        do { try literal(word) } catch { return false }
        return true
    }

    /// The recursive walk that checks a value without building it, and says what is wrong.
    private mutating func checkValue() throws(JSONError) {
        guard i < bytes.count else { throw error("expected a value, found the end of the input") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            try forEachField(key: { (reader) throws(JSONError) in _ = try reader.scanString(fingerprinting: false, building: false) }) {
                (reader, _) throws(JSONError) in try reader.checkValue()
            }
        case UInt8(ascii: "["): try forEachElement { (reader) throws(JSONError) in try reader.checkValue() }
        case UInt8(ascii: "\""): _ = try scanString(fingerprinting: false, building: false)
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
        default: throw error("expected a value, found \(describeCurrent())")
        }
    }

    /// Walks an array from its `[`: `element` reads or skips each element, from its first byte.
    private mutating func forEachElement(_ element: (inout JSONReader) throws(JSONError) -> Void) throws(JSONError) {
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            guard i < bytes.count else { throw error("unterminated array: expected `,` or `]`") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                break
            }
            throw error("expected `,` or `]`, found \(describeCurrent())")
        }
        depth -= 1
    }

    /// Walks an object from its `{`: `key` reads each key from its quote (as much of it as the
    /// caller needs), `field` reads or skips each value, from its first byte.
    private mutating func forEachField<Key>(
        key readKey: (inout JSONReader) throws(JSONError) -> Key,
        _ field: (inout JSONReader, Key) throws(JSONError) -> Void
    ) throws(JSONError) {
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw error("expected a string key, found \(describeCurrent())")
            }
            let key = try readKey(&self)
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw error("expected `:` after the key, found \(describeCurrent())")
            }
            i += 1
            skipWhitespace()
            try field(&self, key)
            skipWhitespace()
            guard i < bytes.count else { throw error("unterminated object: expected `,` or `}`") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                break
            }
            throw error("expected `,` or `}`, found \(describeCurrent())")
        }
        depth -= 1
    }

    private mutating func readNumber() throws(JSONError) -> Double {
        let (start, isInteger) = try scanNumber()
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
        // Small integers: exact without strtod.
        if isInteger && i - start <= 15 {
            var value = 0
            var negative = false
            for b in slice {
                if b == UInt8(ascii: "-") { negative = true } else { value = value * 10 + Int(b - 48) }
            }
            return Double(negative ? -value : value)
        }
        let text = String(decoding: slice, as: UTF8.self)
        guard let value = Double(text) else { throw error("invalid number", at: start) }
        if isInteger && abs(value) >= 9_007_199_254_740_992,
            NumberRendering.plainInteger(abs(value)) != text.trimmingCharacters(in: "-")
        {
            impreciseIntegers.append(text)
        }
        // Beyond the double range JavaScript's JSON.parse gives ±Infinity; so do we.
        return value
    }

    /// Steps over a number token, checked against JSON's grammar: where it starts, and whether it
    /// is an integer (no fraction, no exponent).
    private mutating func scanNumber() throws(JSONError) -> (start: Int, isInteger: Bool) {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count && isDigit(bytes[i]) { throw error("leading zeros are not allowed in JSON numbers") }
        } else {
            while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        }
        var isInteger = true
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit after `.`") }
            while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            isInteger = false
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw error("expected a digit in the exponent") }
            while i < bytes.count && isDigit(bytes[i]) { i += 1 }
        }
        return (start, isInteger)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func readString() throws(JSONError) -> String {
        try scanString(fingerprinting: false, building: true).text
    }

    /// An object key, fingerprinted from its bytes as they are scanned (no second pass).
    private mutating func readKey() throws(JSONError) -> PropertyName {
        let (text, fingerprint) = try scanString(fingerprinting: true, building: true)
        return fingerprint.map { PropertyName(text, fingerprint: $0) } ?? PropertyName(text)
    }

    /// The wanted field a key names, matched on the key's bytes: a key that is not wanted is checked
    /// and fingerprinted, never built. The name returned is the wanted one (the same code units).
    private mutating func readKey(wantedIn wanted: WantedFields) throws(JSONError) -> (PropertyName, FieldDemand)? {
        let start = i + 1
        let (text, fingerprint) = try scanString(fingerprinting: true, building: false)
        guard let fingerprint else {
            // Escapes: the text is the key.
            let name = PropertyName(text)
            return wanted[name].map { (name, $0) }
        }
        return wanted.field(named: UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)]), fingerprint: fingerprint)
    }

    /// A string, and the fingerprint of its bytes when it had no escapes (the bytes are the text's).
    /// Not `building`, it is only checked (and the text is empty).
    private mutating func scanString(fingerprinting: Bool, building: Bool) throws(JSONError) -> (text: String, fingerprint: UInt32?) {
        let quote = i
        i += 1
        let start = i
        // Fast path: no escapes. Any byte of a multi-byte character has its high bit set, so without
        // one the text is ASCII.
        let plain = PlainStringBytes.scan(bytes, from: i)
        i = plain.end
        var highBits: UInt8 = plain.sawHighBit ? 0x80 : 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let s = building || highBits >= 0x80 ? try text(start, i, isASCII: highBits < 0x80) : ""
                let fingerprint =
                    fingerprinting
                    ? PropertyName.fingerprint(of: UnsafeBufferPointer(rebasing: bytes[start..<i]), readable: bytes.count - i) : nil
                i += 1
                return (s, fingerprint)
            }
            highBits |= b
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character in string; escape it") }
            i += 1
        }
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw error("invalid UTF-8 in string", at: quote) }
                return (s, nil)
            }
            if b < 0x20 { throw error("control character in string; escape it") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var unit = try hex4()
                var scalar: Unicode.Scalar? = nil
                if (0xD800...0xDBFF).contains(unit), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                    bytes[i + 1] == UInt8(ascii: "u")
                {
                    let save = i
                    i += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
                scalar = Unicode.Scalar(unit)
                // A lone surrogate cannot be held in a Swift String: it becomes U+FFFD.
                out.append(contentsOf: Array(String(Character(scalar ?? "\u{FFFD}")).utf8))
            default:
                throw error("invalid escape `\\\(Character(UnicodeScalar(e)))` in string", at: i - 2)
            }
        }
        throw error("unterminated string", at: quote)
    }

    /// The bytes as text: ASCII is always valid; anything else is validated.
    private func text(_ from: Int, _ to: Int, isASCII: Bool) throws(JSONError) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[from..<to])
        if isASCII { return String(decoding: slice, as: UTF8.self) }
        guard let s = String(validating: slice, as: UTF8.self) else { throw error("invalid UTF-8 in string", at: from) }
        return s
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("`\\u` needs four hex digits") }
        guard let v = hexValue(of: UnsafeBufferPointer(rebasing: bytes[i..<(i + 4)])) else {
            throw error("`\\u` needs four hex digits")
        }
        i += 4
        return v
    }
}
