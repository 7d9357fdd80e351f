import AirscriptServe

/// The server's options (serve.md §1), as the command read them.
public struct ServeConfiguration: Sendable {
    /// The address to bind.
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one.
    public var port = 8080
    /// The URL callers use; `http://HOST:PORT` when nil.
    public var publicURL: String?
    /// Larger bodies get 413.
    public var maxBody = 5_242_880
    /// Deliveries processed at once; more get 503.
    public var maxInFlight = 256
    /// Seconds a delivery may take before it gets 503.
    public var requestTimeout = 10.0
    /// Seconds a delivery key is remembered.
    public var dedupeWindow = 72 * 3600.0
    /// Seconds in-flight deliveries get after SIGTERM or SIGINT.
    public var shutdownGrace = 10.0
    /// Whether `Airscript-Outcome` and `Airscript-Journey` are sent; by default when bound to loopback.
    public var debugHeaders: Bool?
    /// Peers whose `X-Forwarded-*` headers are believed.
    public var trustedProxies = AddressAllowList([])
    /// The bearer token guarding `/_airscript/metrics` and the inspector on a public address.
    public var adminToken: String?
    /// Whether the delivery inspector's pages are served under `/_airscript/` (store.md §5).
    public var inspector = false
    /// Whether bodies and slot values are kept in the delivery rows (`--capture`).
    public var capture = false

    /// The defaults of serve.md §1.
    public init() {}

    /// Whether the host is a loopback address (or `localhost`).
    public var isLoopback: Bool { ServeConfiguration.isLoopback(host) }

    /// Whether `host` is a loopback address (or `localhost`).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || loopback.allows(host)
    }

    static let loopback = AddressAllowList([AddressRange("127.0.0.0/8")!, AddressRange("::1")!])
}
