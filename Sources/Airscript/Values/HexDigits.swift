/// The value of hexadecimal digits (either case), or nil when one is not a hex digit.
package func hexValue<C: Collection<UInt8>>(of digits: C) -> UInt32? {
    var v: UInt32 = 0
    for b in digits {
        switch b {
        case 0x30...0x39: v = v * 16 + UInt32(b - 0x30)
        case 0x41...0x46: v = v * 16 + UInt32(b - 0x41 + 10)
        case 0x61...0x66: v = v * 16 + UInt32(b - 0x61 + 10)
        default: return nil
        }
    }
    return v
}

/// Bytes as lower-case hexadecimal, two digits a byte (digests, signatures).
package func hexText(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: text, as: UTF8.self)
}
