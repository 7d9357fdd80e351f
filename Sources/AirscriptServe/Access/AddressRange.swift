import Foundation

/// An address or a CIDR block of an allow-list (serve.md §4.1, `--trusted-proxies`): IPv4 or IPv6.
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    /// The network's bytes (4 or 16).
    let network: [UInt8]
    /// The prefix length in bits.
    let prefix: Int

    /// As written: `10.0.0.0/8`, `203.0.113.7`, `::1`.
    public let description: String

    /// Reads `ADDRESS` or `ADDRESS/BITS`; nil when it is neither.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let bytes = AddressRange.bytes(of: String(first)) else { return nil }
        var prefix = bytes.count * 8
        if parts.count == 2 {
            guard let bits = Int(parts[1]), bits >= 0, bits <= prefix else { return nil }
            prefix = bits
        }
        self.network = bytes
        self.prefix = prefix
        self.description = text
    }

    /// Whether `address` (text, as the peer's) lies in the range. An IPv4 address mapped into
    /// IPv6 (`::ffff:10.0.0.1`) counts as the IPv4 one.
    public func contains(_ address: String) -> Bool {
        guard var bytes = AddressRange.bytes(of: address) else { return false }
        if bytes.count == 16 && network.count == 4 && bytes[0..<12] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF][...] {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        var bits = prefix
        for (a, b) in zip(bytes, network) where bits > 0 {
            let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if a & mask != b & mask { return false }
            bits -= 8
        }
        return true
    }

    /// The bytes of an IPv4 or IPv6 address in text (an IPv6 zone or brackets removed).
    static func bytes(of text: String) -> [UInt8]? {
        var address = text
        if address.hasPrefix("[") && address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        if let zone = address.firstIndex(of: "%") { address = String(address[..<zone]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}

/// An allow-list: empty allows everyone.
public struct AddressAllowList: Sendable {
    /// The ranges.
    public var ranges: [AddressRange]

    /// A list of ranges.
    public init(_ ranges: [AddressRange]) { self.ranges = ranges }

    /// Whether `address` may call: always when the list is empty.
    public func allows(_ address: String?) -> Bool {
        guard !ranges.isEmpty else { return true }
        guard let address else { return false }
        return ranges.contains { $0.contains(address) }
    }
}
