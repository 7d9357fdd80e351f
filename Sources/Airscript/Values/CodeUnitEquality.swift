#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension String {
    /// Whether two texts have the same bytes: JavaScript's `===` on strings, which compares code
    /// units, where Swift's `==` compares by canonical equivalence.
    @inlinable @inline(__always)
    static func sameCodeUnits(_ a: String, _ b: String) -> Bool {
        // Settles most look-ups of a key read from JSON against a compiled name, inline.
        if sameRepresentation(a, b) { return true }
        return sameCodeUnitsComparingBytes(a, b)
    }

    /// Whether two texts have the same representation, which implies the same bytes: a small
    /// string (up to 15 UTF-8 bytes, most keys) holds them in its bits, a native one shares the
    /// buffer. Two integer comparisons, no call.
    @inlinable @inline(__always)
    static func sameRepresentation(_ a: String, _ b: String) -> Bool {
        unsafeBitCast(a, to: (UInt64, UInt64).self) == unsafeBitCast(b, to: (UInt64, UInt64).self)
    }

    /// Contiguous storage (every native and small string) is compared as two buffers; the generic
    /// `elementsEqual` over the UTF-8 views is several times slower.
    @usableFromInline
    static func sameCodeUnitsComparingBytes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in String.sameBytes(x, y) }
        }
        if let fast, let same = fast { return same }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// Whether the text's UTF-8 is these bytes (a key in a document against a wanted name).
    func hasUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.withContiguousStorageIfAvailable { String.sameBytes($0, bytes) } ?? utf8.elementsEqual(bytes)
    }

    static func sameBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
    }
}
