/// Request ids: random version-4 UUIDs in lowercase, from the standard library's system generator
/// (`getrandom`). Foundation's `UUID()` opens and reads `/dev/urandom` at every call on Linux: two
/// more system calls for every request the server answers.
package enum RequestID {
    /// A new random id, such as `1b4e28ba-2fa1-41d2-883f-0016d3cca427`.
    package static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return format(high: generator.next(), low: generator.next())
    }

    /// The id of 128 bits, with the version (4) and variant (RFC 9562) bits set.
    static func format(high: UInt64, low: UInt64) -> String {
        let high = (high & ~0xF000) | 0x4000
        let low = (low & ~(0xC << 60)) | (0x8 << 60)
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (word, groups) in [(high, [8, 4, 4]), (low, [4, 12])] {
            var shift = 64
            for group in groups {
                if !text.isEmpty { text.append(UInt8(ascii: "-")) }
                for _ in 0..<group {
                    shift -= 4
                    text.append(digits[Int((word >> UInt64(shift)) & 0xF)])
                }
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
