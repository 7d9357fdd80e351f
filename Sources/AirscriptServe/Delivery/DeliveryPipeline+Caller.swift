import Foundation

/// Who is calling, and with what: the caller's address, the URL it signed, its bearer token.
extension DeliveryPipeline {
    /// The caller's address: the peer, or the first address of `X-Forwarded-For` that a trusted
    /// proxy added.
    func clientAddress(_ delivery: Delivery) -> String? {
        guard let peer = delivery.peer, !settings.trustedProxies.ranges.isEmpty, settings.trustedProxies.allows(peer),
            let forwarded = delivery.request.header("x-forwarded-for")
        else { return delivery.peer }
        // The nearest untrusted hop is the client: read from the right.
        let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return hops.last { !settings.trustedProxies.allows($0) } ?? hops.first ?? peer
    }

    /// The URL the provider signed (Twilio): the public URL, or the one a trusted proxy forwarded,
    /// with the request's path and query.
    func publicURL(of delivery: Delivery) -> String {
        var base = settings.publicURL
        if let peer = delivery.peer, !settings.trustedProxies.ranges.isEmpty, settings.trustedProxies.allows(peer),
            let host = delivery.request.header("x-forwarded-host")
        {
            base = "\(delivery.request.header("x-forwarded-proto") ?? "https")://\(host)"
        }
        return base + delivery.request.path + (delivery.request.query.map { "?\($0)" } ?? "")
    }

    func isForm(_ request: ReceivedRequest) -> Bool {
        request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
    }

    func bearerToken(_ request: ReceivedRequest) throws(BearerFailure) -> String {
        guard let authorization = request.header("authorization") else {
            throw BearerFailure(reason: "no `Authorization` header", tokenPresent: false)
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw BearerFailure(reason: "`Authorization` is not `Bearer <token>`", tokenPresent: false)
        }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}

extension ReceivedRequest {
    /// The last value of header `name` (any case).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last { $0.name.lowercased() == lower }?.value
    }
}
