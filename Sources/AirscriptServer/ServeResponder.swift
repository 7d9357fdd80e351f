import Airscript
import AirscriptServe
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A request's context: Hummingbird's core, and the peer's address (for allow-lists).
public struct ServeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// Every request: the reserved `/_airscript/` paths, the limits of serve.md §1, then the
/// delivery pipeline; one access line and the metrics for each.
struct ServeResponder: HTTPResponder {
    typealias Context = ServeRequestContext
    let server: ServeServer

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let path = request.uri.path
        if path.hasPrefix("/_airscript/") { return await reserved(path, request) }
        let requestID = request.headers[HTTPField.Name("X-Request-Id")!].flatMap { $0.isEmpty ? nil : $0 } ?? RequestID.random()
        var response = await deliver(request, context: context, requestID: requestID)
        if response.header("X-Request-Id") == nil { response.headers.append(("X-Request-Id", requestID)) }
        let seconds = (ContinuousClock.now - started).seconds
        server.metrics.record(response, seconds: seconds)
        logAccess(request, response, requestID: requestID, seconds: seconds)
        return ServeResponder.http(response)
    }

    func deliver(_ request: Request, context: Context, requestID: String) async -> ServeResponse {
        let config = server.configuration
        let instance = request.uri.path
        if server.state.isStopping {
            return .problem(503, "S0504", detail: "the server is shutting down", instance: instance, headers: [("Retry-After", "1")])
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > config.maxBody {
            return .problem(413, "S0409", detail: "the body is \(length) bytes; the limit is \(config.maxBody)", instance: instance)
        }
        guard let arrival = server.state.enter(limit: config.maxInFlight) else {
            return .problem(
                503, "S0501", detail: "\(config.maxInFlight) deliveries are in flight", instance: instance, headers: [("Retry-After", "1")])
        }
        server.metrics.inFlight.increment()
        defer {
            server.state.leave()
            server.metrics.inFlight.decrement()
        }
        var body: [UInt8]
        do {
            var buffer = try await request.body.collect(upTo: config.maxBody)
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            return .problem(413, "S0409", detail: "the body is over the limit of \(config.maxBody) bytes", instance: instance)
        }
        let received = ReceivedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query, httpVersion: "1.1",
            headers: request.headers.map { ($0.name.rawName, $0.value) }, body: body)
        let delivery = DeliveryPipeline.Delivery(
            request: received, peer: context.remoteAddress?.ipAddress, requestID: requestID, receivedAt: Date().timeIntervalSince1970,
            arrival: arrival, deadline: .now + .milliseconds(Int64(config.requestTimeout * 1000)))
        return await server.state.pipeline.handle(delivery)
    }

    /// `/_airscript/health`, `/ready` and `/metrics` (serve.md §7, §8), and the inspector's pages.
    func reserved(_ path: String, _ request: Request) async -> Response {
        switch path {
        case "/_airscript/health":
            return ServeResponder.http(
                ServeResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"status":"ok"}"#.utf8)))
        case "/_airscript/ready":
            let pipeline = server.state.pipeline
            var mappings: [Value] = []
            for served in pipeline.table.mappings {
                mappings.append(.object(["name": .text(served.name), "file": .text(served.mapping.path), "sha256": .text(served.digest)]))
            }
            let ready = server.state.isReady
            let body = Value.object(["status": .text(ready ? "ready" : "not ready"), "mappings": .list(mappings)])
            return ServeResponder.http(
                ServeResponse(status: ready ? 200 : 503, headers: [("Content-Type", "application/json")], body: Array(JSONWriter.write(body).utf8)))
        case "/_airscript/metrics" where adminAllowed(request):
            return ServeResponder.http(
                ServeResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4")], body: server.metrics.render()))
        default:
            if let inspector = server.inspector, adminAllowed(request), let page = await inspect(inspector, path, request) {
                return ServeResponder.http(page)
            }
            return ServeResponder.http(.problem(404, "S0406", detail: "no route for `\(path)`", instance: path))
        }
    }

    /// A page of the inspector, or nil for a path it does not have.
    func inspect(_ inspector: Inspector, _ path: String, _ request: Request) async -> ServeResponse? {
        var body: [UInt8] = []
        if request.method == .post {
            // A replay form: a few fields, never more than this.
            guard var buffer = try? await request.body.collect(upTo: 65_536) else {
                return .problem(413, "S0409", detail: "the form is over 64 KiB", instance: path)
            }
            body = buffer.readBytes(length: buffer.readableBytes) ?? []
        }
        return await inspector.respond(
            method: request.method.rawValue, path: path, query: request.uri.query,
            headers: request.headers.map { ($0.name.rawName, $0.value) }, body: body, pipeline: server.state.pipeline,
            host: request.head.authority ?? request.headers[HTTPField.Name("Host")!])
    }

    /// Loopback needs nothing; a public address needs `--admin-token`, and without one the
    /// admin paths do not exist (serve.md §8).
    func adminAllowed(_ request: Request) -> Bool {
        let config = server.configuration
        if config.isLoopback { return true }
        guard let token = config.adminToken, let authorization = request.headers[.authorization] else { return false }
        return ServeResponder.constantTimeEqual(Array(authorization.utf8), Array("Bearer \(token)".utf8))
    }

    /// Equal bytes, compared in a time that does not tell where they differ (tokens).
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    func logAccess(_ request: Request, _ response: ServeResponse, requestID: String, seconds: Double) {
        let a = response.access
        var metadata: Logger.Metadata = [
            "request_id": .string(requestID), "method": .string(request.method.rawValue), "status": .string(String(response.status)),
            "duration_ms": .string(ServeResponder.milliseconds(seconds)), "body_bytes": .string(String(response.body.count)),
            "duplicate": .string(a.duplicate ? "true" : "false"), "route": .string(a.route ?? request.uri.path),
        ]
        if let mapping = a.mapping { metadata["mapping"] = .string(mapping) }
        if let outcome = a.outcome { metadata["outcome"] = .string(outcome) }
        if let journey = a.journeyID { metadata["journey_id"] = .string(journey) }
        if let key = a.deliveryKey { metadata["delivery_key"] = .string(key) }
        if let code = a.code { metadata["code"] = .string(code) }
        server.logger.info("delivery", metadata: metadata)
    }

    /// `seconds` in milliseconds with two decimals, as `%.2f` would write them (without its cost).
    static func milliseconds(_ seconds: Double) -> String {
        let hundredths = Int((max(0, seconds) * 100_000).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// A `ServeResponse` as Hummingbird's.
    static func http(_ response: ServeResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            guard let field = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: field, value: value))
        }
        return Response(
            status: HTTPResponse.Status(code: response.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}
