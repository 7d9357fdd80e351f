/// The value of hexadecimal digits (either case), or nil when one is not a hex digit.
func hexValue<C: Collection<UInt8>>(of digits: C) -> UInt32? {
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
