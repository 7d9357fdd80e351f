/// A small, namespace-aware XML reader for what strangers send (Salesforce's SOAP): elements,
/// attributes, text, CDATA, character and the five predefined entity references. Comments and
/// processing instructions are skipped; a DOCTYPE (and with it every entity definition) is refused.
/// FoundationXML is not used for hostile bodies: fuzz-soap made it trap twice in ten minutes (an
/// element name that was not UTF-8, a processing instruction without data).
struct XMLEvents {
    /// A name resolved against the namespaces in scope.
    struct Name: Equatable {
        var uri: String
        var local: String
    }

    /// An attribute: its name (unprefixed attributes are in no namespace) and its value.
    struct Attribute {
        var name: Name
        var qualified: String
        var value: String
    }

    enum Event {
        case start(Name, [Attribute])
        case end(Name)
        case text(String)
    }

    /// Why the bytes are not XML this reader takes.
    struct Malformed: Error {
        var reason: String
    }

    private let bytes: [UInt8]
    private var i = 0
    /// Prefix → URI, one scope per open element ("" is the default namespace).
    private var scopes: [[String: String]] = [["xml": "http://www.w3.org/XML/1998/namespace", "xmlns": "http://www.w3.org/2000/xmlns/"]]
    private var open: [(qualified: String, name: Name)] = []
    private var pendingEnd: Name?
    private var rootClosed = false
    private let maxDepth: Int

    /// A reader over UTF-8 bytes; elements nested deeper than `maxDepth` are an error.
    init(_ bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// The next event; nil at the end of a well-formed document.
    mutating func next() throws(Malformed) -> Event? {
        if let name = pendingEnd {
            pendingEnd = nil
            return close(name)
        }
        while i < bytes.count {
            if bytes[i] != UInt8(ascii: "<") {
                let text = try readText()
                if open.isEmpty {
                    guard text.allSatisfy({ $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }) else {
                        throw Malformed(reason: "text outside the root element")
                    }
                    continue
                }
                return .text(text)
            }
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                guard !open.isEmpty else { throw Malformed(reason: "CDATA outside the root element") }
                i += 9
                let start = i
                try skip(past: "]]>")
                return .text(String(decoding: bytes[start..<(i - 3)], as: UTF8.self))
            } else if starts(with: "<!") {
                throw Malformed(reason: "a DOCTYPE or declaration is not accepted")
            } else if starts(with: "</") {
                i += 2
                let qualified = readName()
                skipSpaces()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw Malformed(reason: "an end tag is not closed") }
                i += 1
                guard let last = open.last, last.qualified == qualified else { throw Malformed(reason: "an end tag does not match") }
                return close(last.name)
            } else {
                return try readStartTag()
            }
        }
        guard open.isEmpty else { throw Malformed(reason: "an element is not closed") }
        guard rootClosed else { throw Malformed(reason: "no root element") }
        return nil
    }

    private mutating func close(_ name: Name) -> Event {
        open.removeLast()
        scopes.removeLast()
        if open.isEmpty { rootClosed = true }
        return .end(name)
    }

    private mutating func readStartTag() throws(Malformed) -> Event {
        guard !rootClosed else { throw Malformed(reason: "a second root element") }
        guard open.count < maxDepth else { throw Malformed(reason: "the XML is nested deeper than \(maxDepth) elements") }
        i += 1
        let qualified = readName()
        guard !qualified.isEmpty else { throw Malformed(reason: "an element has no name") }
        var raw: [(String, String)] = []
        var selfClosing = false
        while true {
            skipSpaces()
            guard i < bytes.count else { throw Malformed(reason: "a start tag is not closed") }
            if bytes[i] == UInt8(ascii: ">") {
                i += 1
                break
            }
            if bytes[i] == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ">") {
                i += 2
                selfClosing = true
                break
            }
            let name = readName()
            guard !name.isEmpty else { throw Malformed(reason: "an attribute has no name") }
            skipSpaces()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw Malformed(reason: "an attribute has no value") }
            i += 1
            skipSpaces()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                throw Malformed(reason: "an attribute value is not quoted")
            }
            let quote = bytes[i]
            i += 1
            let start = i
            while i < bytes.count && bytes[i] != quote {
                if bytes[i] == UInt8(ascii: "<") { throw Malformed(reason: "`<` in an attribute value") }
                i += 1
            }
            guard i < bytes.count else { throw Malformed(reason: "an attribute value is not closed") }
            let value = try XMLEvents.decode(bytes[start..<i])
            i += 1
            guard !raw.contains(where: { $0.0 == name }) else { throw Malformed(reason: "an attribute appears twice") }
            raw.append((name, value))
        }
        var scope = scopes[scopes.count - 1]
        for (name, value) in raw {
            if name == "xmlns" { scope[""] = value } else if name.hasPrefix("xmlns:") { scope[String(name.dropFirst(6))] = value }
        }
        scopes.append(scope)
        let name = try resolve(qualified, in: scope, isElement: true)
        var attributes: [Attribute] = []
        for (qualified, value) in raw where qualified != "xmlns" && !qualified.hasPrefix("xmlns:") {
            attributes.append(Attribute(name: try resolve(qualified, in: scope, isElement: false), qualified: qualified, value: value))
        }
        open.append((qualified, name))
        if selfClosing { pendingEnd = name }
        return .start(name, attributes)
    }

    private func resolve(_ qualified: String, in scope: [String: String], isElement: Bool) throws(Malformed) -> Name {
        let parts = qualified.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let uri = scope[String(parts[0])], !parts[1].isEmpty else { throw Malformed(reason: "an unknown namespace prefix") }
            return Name(uri: uri, local: String(parts[1]))
        }
        return Name(uri: isElement ? scope[""] ?? "" : "", local: qualified)
    }

    private mutating func readText() throws(Malformed) -> String {
        let start = i
        while i < bytes.count && bytes[i] != UInt8(ascii: "<") { i += 1 }
        return try XMLEvents.decode(bytes[start..<i])
    }

    /// A name: up to a space, `/`, `>`, `=` or a quote.
    private mutating func readName() -> String {
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: "/") || b == UInt8(ascii: ">")
                || b == UInt8(ascii: "=") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "<")
                || b == UInt8(ascii: "&")
            {
                break
            }
            i += 1
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func skipSpaces() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        return text.withUTF8Buffer { prefix in prefix.elementsEqual(bytes[i..<(i + count)]) }
    }

    private mutating func skip(past terminator: StaticString) throws(Malformed) {
        let count = terminator.utf8CodeUnitCount
        while i + count <= bytes.count {
            if starts(with: terminator) {
                i += count
                return
            }
            i += 1
        }
        throw Malformed(reason: "`\(terminator)` is missing")
    }

    /// Text with its references replaced: `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#…;`.
    static func decode(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var k = bytes.startIndex
        while k < bytes.endIndex {
            guard bytes[k] == UInt8(ascii: "&") else {
                out.append(bytes[k])
                k += 1
                continue
            }
            guard let semicolon = bytes[k...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw Malformed(reason: "`&` without a reference")
            }
            let name = String(decoding: bytes[(k + 1)..<semicolon], as: UTF8.self)
            var scalar: Unicode.Scalar?
            switch name {
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "amp": scalar = "&"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                }
            }
            guard let scalar, scalar.value != 0 else { throw Malformed(reason: "an unknown reference `&\(name);`") }
            out.append(contentsOf: String(scalar).utf8)
            k = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
