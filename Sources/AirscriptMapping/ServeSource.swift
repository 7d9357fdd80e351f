import Airscript

/// What a mapping's `source` section says about receiving deliveries live (serve.md §2–§5, §10):
/// plain data read from the file; `airscript serve` resolves the secrets and builds the routes.
/// `map` and `check` read none of it but the `dedupe` and `when` expressions, which they check.
public struct ServeSource: Sendable {
    /// Webhook verification (`source.verify`, serve.md §4.2).
    public struct Verify: Sendable {
        /// The scheme's name as written (`github`, `stripe`, `none`…); serve checks it (S0203).
        public var scheme: String
        /// Secret references (`env:NAME`, `file:PATH`): any one may match.
        public var secrets: [String] = []
        /// Seconds a timestamp may be off; nil for the scheme's default.
        public var tolerance: Int?
        /// Addresses and CIDR blocks allowed to deliver (serve.md §10).
        public var allowIPs: [String] = []
        /// Salesforce's organization id, for outbound messages.
        public var organizationId: String?
        /// Where `verify` stands in the file.
        public var span = SourceSpan.none
    }

    /// App API authentication (`source.auth`, serve.md §4.1).
    public struct Auth: Sendable {
        /// HS256 shared secrets (references).
        public var hs256: [String] = []
        /// RS256 public keys (PEM, in place or by reference).
        public var rs256: [String] = []
        /// ES256 public keys (PEM, in place or by reference).
        public var es256: [String] = []
        /// A JWK set file.
        public var jwks: String?
        /// The required `iss`, when given.
        public var issuer: String?
        /// The required `aud`, when given.
        public var audience: String?
        /// Whether a bearer token is required at all (`auth.bearer` present).
        public var requiresBearer = false
        /// Addresses and CIDR blocks allowed to call.
        public var allowIPs: [String] = []

        /// Nothing required.
        public init() {}
    }

    /// CORS for an App API (`source.cors`).
    public struct CORS: Sendable {
        /// Origins answered with `Access-Control-Allow-Origin`.
        public var origins: [String] = []
        /// Request headers a preflight may ask for.
        public var headers: [String] = []
    }

    /// The provider (`github`, `stripe`, `salesforce`…), for default delivery keys.
    public var provider: String?
    /// `outbound-message` for Salesforce's SOAP deliveries.
    public var format: String?
    /// Webhook verification, when written.
    public var verify: Verify?
    /// App API authentication, when written.
    public var auth: Auth?
    /// CORS, when written.
    public var cors: CORS?

    /// Nothing written.
    public init() {}

    /// Whether a response header is the server's own (serve.md §10 "Responses"): the transport's
    /// framing and `Airscript-*`. `check` warns about them (W0423), `serve` drops them.
    public static func isServerOwnedHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower == "content-length" || lower == "transfer-encoding" || lower == "connection" || lower.hasPrefix("airscript-")
    }
}
