/// The bytes of a JSON string that need attention — a quote, a backslash, a control character —
/// found eight at a time with the has-zero-byte tests ("Bit Twiddling Hacks"): reading and writing
/// JSON spend most of their time in strings, and most strings have none of these.
enum PlainStringBytes {
    /// The offset of the first byte at or after `start` that is a quote, a backslash or below 0x20
    /// (`bytes.count` if none), and whether any byte before it has its high bit set (is not ASCII).
    @inline(__always)
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, sawHighBit: Bool) {
        guard let base = bytes.baseAddress else { return (start, false) }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var high: UInt64 = 0
        var i = start
        while i + 8 <= bytes.count {
            // Little-endian order: the first byte in memory is the lowest in the word.
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let quotes = word ^ (ones &* 0x22), backslashes = word ^ (ones &* 0x5C)
            // A byte gets its high bit in `special` when it is zero in `quotes` or `backslashes`, or
            // below 0x20 in `word`. Borrows can mark bytes above a true one, never below: the
            // lowest mark is exact.
            let special = ((quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes | (word &- ones &* 0x20) & ~word) & highs
            if special != 0 {
                let plainBits = special.trailingZeroBitCount & ~7
                high |= word & ((1 &<< UInt64(plainBits)) &- 1)
                return (i + plainBits >> 3, high & highs != 0)
            }
            high |= word
            i += 8
        }
        var highByte: UInt8 = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            highByte |= b
            i += 1
        }
        return (i, high & highs != 0 || highByte >= 0x80)
    }
}
