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

/// Bytes as lower-case hexadecimal, two digits a byte (digests, signatures). Inlinable: its callers
/// are in other modules, and a generic call that is not specialised builds type metadata each time
/// (the PostgreSQL store hashes every identifier it writes).
@inlinable
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

private let lowerHexDigits: StaticString = "0123456789abcdef"

/// Sixteen bytes as a version-4 UUID (RFC 9562), lower-case `8-4-4-4-12` hex: the version (4)
/// and variant bits are set here, the other 122 bits are the bytes'. Bytes past the sixteenth are
/// not read. Not generic: a generic walk over `prefix(16).enumerated()` was specialised nowhere
/// (the callers are in other modules) and built type metadata at every call, a twentieth of
/// `serve`'s time (two ids a delivery).
package func version4UUIDText(_ bytes: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: 36) { buffer in
        let hex = lowerHexDigits.utf8Start
        var k = 0
        for i in 0..<min(16, bytes.count) {
            let byte = bytes[i]
            let b = i == 6 ? (byte & 0x0F) | 0x40 : i == 8 ? (byte & 0x3F) | 0x80 : byte
            if i == 4 || i == 6 || i == 8 || i == 10 {
                buffer[k] = UInt8(ascii: "-")
                k += 1
            }
            buffer[k] = hex[Int(b >> 4)]
            buffer[k + 1] = hex[Int(b & 0xF)]
            k += 2
        }
        return k
    }
}
