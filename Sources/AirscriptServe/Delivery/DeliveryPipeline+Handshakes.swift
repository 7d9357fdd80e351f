import Airscript

/// What the server answers by itself, around a mapping: Slack's handshake and CORS (serve.md §10).
extension DeliveryPipeline {
    /// `Access-Control-Allow-Origin` for an App API's listed origin (serve.md §10 "CORS").
    func corsHeaders(_ served: ServedMapping, _ origin: String?) -> [(name: String, value: String)] {
        guard let cors = served.cors, let origin, cors.origins.contains(origin) || cors.origins.contains("*") else { return [] }
        return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
    }

    /// Slack's `url_verification` handshake, answered by the server itself (serve.md §10).
    func answerSlackChallenge(_ payload: Value, access: AccessRecord) -> ServeResponse {
        var access = access
        access.outcome = "ignored"
        let body = Value.object(["challenge": payload.member("challenge")])
        return ServeResponse(
            status: 200, headers: [("Content-Type", "application/json")], body: Array(JSONWriter.write(body).utf8), access: access)
    }

    /// An `OPTIONS` preflight on an App API route with `source.cors` (serve.md §10); nil when the
    /// route has no CORS or the origin is not listed (then 405).
    func preflight(_ request: ReceivedRequest, allowed: [String]) -> ServeResponse? {
        guard let method = allowed.first, case .mapping(let served, _) = table.match(method: method, path: request.path),
            let cors = served.cors, let origin = request.header("origin"), cors.origins.contains(origin) || cors.origins.contains("*")
        else { return nil }
        var headers: [(name: String, value: String)] = [
            ("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Methods", allowed.joined(separator: ", ")), ("Vary", "Origin"),
        ]
        if !cors.headers.isEmpty { headers.append(("Access-Control-Allow-Headers", cors.headers.joined(separator: ", "))) }
        return ServeResponse(status: 204, headers: headers)
    }
}
