import Airscript

/// `application/x-www-form-urlencoded` bodies and query strings (WHATWG URL, "urlencoded parsing"):
/// `&`-separated `name=value` pairs, `+` for a space, `%XX` for a byte, UTF-8 text.
public enum FormFields {
    /// The fields in order; nil when a `%` escape is malformed or the decoded bytes are not UTF-8
    /// (the server answers such a body 400). An empty part is skipped; `name` alone has value `""`.
    public static func decode(_ bytes: some Collection<UInt8>) -> [(name: String, value: String)]? {
        var fields: [(name: String, value: String)] = []
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { part[part.startIndex..<$0] } ?? part[...]
            let rawValue = equals.map { part[part.index(after: $0)...] } ?? part[part.endIndex...]
            guard let name = percentDecoded(rawName), let value = percentDecoded(rawValue) else { return nil }
            fields.append((name, value))
        }
        return fields
    }

    /// One name or value, `+` and `%XX` decoded; nil when malformed or not UTF-8.
    static func percentDecoded(_ bytes: some Collection<UInt8>) -> String? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): decoded.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(), let byte = hexValue(of: [high, low]) else { return nil }
                decoded.append(UInt8(byte))
            default: decoded.append(byte)
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }
}
