import Airscript

/// What the server answers a request with, and what its access log line and metrics say of it.
public struct ServeResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The header fields, in order.
    public var headers: [(name: String, value: String)]
    /// The body's bytes.
    public var body: [UInt8]
    /// What the log and the metrics record (never a body, a credential or a secret).
    public var access: AccessRecord

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [], access: AccessRecord = AccessRecord()) {
        self.status = status
        self.headers = headers
        self.body = body
        self.access = access
    }

    /// A refusal or failure as `application/problem+json` (RFC 9457, serve.md §6).
    public static func problem(
        _ status: Int, _ code: String, detail: String, instance: String, headers: [(name: String, value: String)] = [],
        access: AccessRecord = AccessRecord()
    ) -> ServeResponse {
        var problem = Value.Object()
        problem["type"] = .text("urn:airscript:\(code)")
        problem["title"] = .text(ServeResponse.titles[code] ?? (code.hasPrefix("S") ? "refused" : "the mapping failed"))
        problem["status"] = .number(Double(status))
        problem["code"] = .text(code)
        problem["detail"] = .text(detail)
        problem["instance"] = .text(instance)
        var access = access
        access.code = code
        return ServeResponse(
            status: status, headers: [("Content-Type", "application/problem+json")] + headers,
            body: Array(JSONWriter.write(.object(problem)).utf8), access: access)
    }

    /// The problems' titles (serve.md §9).
    static let titles: [String: String] = [
        "M0201": "invalid body", "S0401": "missing signature", "S0402": "invalid signature", "S0403": "stale delivery",
        "S0404": "missing or invalid bearer token", "S0405": "not allowed", "S0406": "not found", "S0407": "method not allowed",
        "S0408": "delivery in progress", "S0409": "body too large", "S0410": "unsupported media type",
        "S0411": "idempotency key reused with another body", "S0501": "overloaded", "S0502": "timed out",
        "S0503": "store unavailable", "S0504": "shutting down",
    ]

    /// The first value of header `name` (any case).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// One delivery as the access log and the metrics see it (serve.md §7).
public struct AccessRecord: Sendable {
    /// The mapping it reached.
    public var mapping: String?
    /// The route template it matched.
    public var route: String?
    /// The outcome (mapping.md §4), `ignored` for a filtered delivery.
    public var outcome: String?
    /// The journey it mapped.
    public var journeyID: String?
    /// Its delivery key.
    public var deliveryKey: String?
    /// Whether it was answered as a duplicate.
    public var duplicate = false
    /// The S, M or R code of a refusal or failure.
    public var code: String?
    /// How long the store's commit took, in seconds, when there was one.
    public var commitSeconds: Double?

    /// An empty record.
    public init() {}
}
