/// What a signature is checked on: the request exactly as received, before anything is parsed
/// (serve.md §4.2).
public struct SignedDelivery: Sendable {
    /// The header fields, names as received (looked up without regard to case).
    public var headers: [(name: String, value: String)]
    /// The body's bytes.
    public var body: [UInt8]
    /// The URL the caller used: the server's public URL, the path and the query (Twilio signs it).
    public var publicURL: String
    /// Whether the body is a form (`application/x-www-form-urlencoded`): Twilio signs its fields.
    public var isForm: Bool

    /// A delivery to check.
    public init(headers: [(name: String, value: String)], body: [UInt8], publicURL: String = "", isForm: Bool = false) {
        self.headers = headers
        self.body = body
        self.publicURL = publicURL
        self.isForm = isForm
    }

    /// The first value of a header, by its name in any case.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// Why a delivery's signature was refused: the S code and status of serve.md §6, and a reason that
/// names no secret and no signature.
public struct VerificationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// S0401 (a missing header), S0402 (an unparsable header, or no signature matches), S0403 (stale).
    public var code: String
    /// The reason, for the problem document and the log.
    public var reason: String

    /// The HTTP status: every signature failure is 401.
    public var status: Int { 401 }

    static func missing(_ header: String) -> VerificationFailure {
        VerificationFailure(code: "S0401", reason: "missing signature header `\(header)`")
    }

    static func invalid(_ reason: String) -> VerificationFailure {
        VerificationFailure(code: "S0402", reason: "invalid signature: \(reason)")
    }

    static func stale(timestamp: String, age: Int, tolerance: Int) -> VerificationFailure {
        VerificationFailure(
            code: "S0403", reason: "stale delivery: timestamp \(timestamp) is \(age) s from now (tolerance \(tolerance) s)")
    }

    public var description: String { "\(code): \(reason)" }
}
