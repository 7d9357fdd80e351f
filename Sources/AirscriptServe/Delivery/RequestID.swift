import Airscript

/// Request ids: random version-4 UUIDs in lowercase, from the standard library's system generator
/// (`getrandom`). Foundation's `UUID()` opens and reads `/dev/urandom` at every call on Linux: two
/// more system calls for every request the server answers.
package enum RequestID {
    /// A new random id, such as `1b4e28ba-2fa1-41d2-883f-0016d3cca427`.
    package static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return format(high: generator.next(), low: generator.next())
    }

    /// The id of 128 bits (`high` first, most significant byte first), with the version (4) and
    /// variant (RFC 9562) bits set.
    static func format(high: UInt64, low: UInt64) -> String {
        withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { version4UUIDText($0) }
    }
}
