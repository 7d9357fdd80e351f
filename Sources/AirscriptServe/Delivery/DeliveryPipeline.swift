import Airscript
import AirscriptMapping
import Crypto
import Foundation

/// What happens to one request, in the order of serve.md §10: route and method → who may call
/// (address, bearer token or webhook signature, on the raw bytes) → the body parsed → `when` →
/// the delivery key, claimed → mapped and committed in one transaction → the answer. The size
/// limit, the in-flight limit and the deadline are the server's, around it.
public struct DeliveryPipeline: Sendable {
    /// The server's settings the pipeline reads.
    public struct Settings: Sendable {
        /// The URL callers use, without a trailing slash (Twilio signs it).
        public var publicURL: String
        /// Whether `Airscript-Outcome` and `Airscript-Journey` are sent.
        public var debugHeaders: Bool
        /// How long a delivery key is remembered, in seconds.
        public var dedupeWindow: Double
        /// Peers whose `X-Forwarded-*` headers are believed.
        public var trustedProxies: AddressAllowList
        /// The JSON reader's limits for bodies.
        public var json = JSONReader.Options()
        /// Whether each delivery's request is kept for the delivery inspector (`--inspector`).
        public var inspects = false
        /// Whether bodies and slot values are kept too (`--capture`, store.md §5).
        public var captures = false

        /// Settings.
        public init(publicURL: String, debugHeaders: Bool, dedupeWindow: Double, trustedProxies: AddressAllowList) {
            self.publicURL = publicURL
            self.debugHeaders = debugHeaders
            self.dedupeWindow = dedupeWindow
            self.trustedProxies = trustedProxies
        }
    }

    /// One request as received.
    public struct Delivery: Sendable {
        /// The request.
        public var request: ReceivedRequest
        /// The peer's address.
        public var peer: String?
        /// The request id (the caller's `X-Request-Id`, or a new one).
        public var requestID: String
        /// When it was received (Unix seconds): `NOW()` of its mapping.
        public var receivedAt: Double
        /// Its arrival number: with `--seed N`, RANDOM and UUID derive from N and it.
        public var arrival: Int
        /// When it must be answered by.
        public var deadline: ContinuousClock.Instant
        /// A replay from the delivery inspector: no signature or token is checked (the stored
        /// request has neither whole), no delivery key deduplicates it; a dry run commits nothing.
        public var replay: Replay?

        /// A delivery.
        public init(
            request: ReceivedRequest, peer: String?, requestID: String, receivedAt: Double, arrival: Int,
            deadline: ContinuousClock.Instant
        ) {
            self.request = request
            self.peer = peer
            self.requestID = requestID
            self.receivedAt = receivedAt
            self.arrival = arrival
            self.deadline = deadline
        }
    }

    /// How the delivery inspector replays a captured delivery (store.md §5).
    public enum Replay: Sendable {
        /// Against the live store: what it decides is committed.
        case live
        /// Decided against the live journeys, then taken back: nothing is committed.
        case dryRun
    }

    /// The mounted mappings.
    public let table: RouteTable
    /// The journey store.
    public let backend: any JourneyStoreBackend
    /// The settings.
    public let settings: Settings
    /// The keys in flight, shared by every version of the table (a reload keeps them).
    public let claims: DeliveryClaims
    /// When delivery rows older than the dedupe window are next forgotten, shared like `claims`.
    public let forgetting: DeliveryForgetting

    /// A pipeline over `table` and `backend`.
    public init(
        table: RouteTable, backend: any JourneyStoreBackend, settings: Settings, claims: DeliveryClaims,
        forgetting: DeliveryForgetting = DeliveryForgetting()
    ) {
        self.table = table
        self.backend = backend
        self.settings = settings
        self.claims = claims
        self.forgetting = forgetting
    }

    /// The answer to `delivery`; never throws: every failure is a problem response.
    public func handle(_ delivery: Delivery) async -> ServeResponse {
        var response = await answer(delivery)
        response.headers.append(("X-Request-Id", delivery.requestID))
        return response
    }

    func answer(_ delivery: Delivery) async -> ServeResponse {
        let request = delivery.request
        let instance = request.path
        var access = AccessRecord()
        let served: ServedMapping
        var parameters: [(name: String, value: String)]
        switch table.match(method: request.method, path: request.path) {
        case .notFound:
            return .problem(404, "S0406", detail: "no route for `\(request.path)`", instance: instance)
        case .methodNotAllowed(let allowed):
            if request.method.uppercased() == "OPTIONS", let preflight = self.preflight(request, allowed: allowed) { return preflight }
            return .problem(
                405, "S0407", detail: "`\(request.path)` takes \(allowed.joined(separator: ", "))", instance: instance,
                headers: [("Allow", allowed.joined(separator: ", "))])
        case .mapping(let mapping, let found):
            served = mapping
            parameters = found
        }
        access.mapping = served.name
        access.route = served.template.description
        let peer = clientAddress(delivery)
        var received = request
        received.pathParameters = parameters
        if delivery.replay != nil { return await answerAsReceived(received, served, delivery, claims: .null, access: access) }
        guard served.allowList.allows(peer) else {
            return .problem(403, "S0405", detail: "\(peer ?? "the caller") is not allowed", instance: instance, access: access)
        }
        var claims = Value.null
        if let bearer = served.bearer {
            do {
                claims = try await bearer.claims(of: bearerToken(request), now: delivery.receivedAt)
            } catch {
                let challenge = error.tokenPresent ? "Bearer error=\"invalid_token\"" : "Bearer"
                return .problem(
                    401, "S0404", detail: "missing or invalid bearer token: \(error.reason)", instance: instance,
                    headers: [("WWW-Authenticate", challenge)], access: access)
            }
        }
        if let verifier = served.verifier {
            let signed = SignedDelivery(
                headers: request.headers, body: request.body, publicURL: publicURL(of: delivery), isForm: isForm(request))
            do throws(VerificationFailure) {
                try verifier.verify(signed, now: delivery.receivedAt)
            } catch {
                return .problem(401, error.code, detail: error.reason, instance: instance, access: access)
            }
        }
        return await answerAsReceived(received, served, delivery, claims: claims, access: access)
    }

    /// The delivery once its caller is trusted: the body read, `when`, the key, the mapping.
    func answerAsReceived(
        _ received: ReceivedRequest, _ served: ServedMapping, _ delivery: Delivery, claims: Value, access: AccessRecord
    ) async -> ServeResponse {
        let instance = received.path
        if served.mapping.definition.serve.format == "outbound-message" {
            return await answerOutboundMessage(received, served, delivery, access: access)
        }
        let envelope: Value, body: Value?
        do throws(EnvelopeFailure) {
            (envelope, body) = try RequestEnvelope.build(received, json: settings.json)
        } catch {
            return .problem(error.status, error.code, detail: error.reason, instance: instance, access: access)
        }
        let record = self.record(
            served, delivery, payload: served.isAppAPI ? envelope : body ?? .null,
            request: Self.requestRoot(envelope, claims: claims))
        if served.verifier?.scheme == .slack, record.payload.member("type") == .text("url_verification") {
            return answerSlackChallenge(record.payload, access: access)
        }
        return await map(record, served, delivery, access: access)
    }

    /// The `request` root (serve.md §3): the envelope without its body, with the token's claims.
    static func requestRoot(_ envelope: Value, claims: Value) -> Value {
        var root = envelope.objectFields ?? Value.Object()
        root.removeValue(forKey: "body")
        root["claims"] = claims
        return .object(root)
    }

    /// A record of `served` for this delivery: its payload and `request`, `NOW()` its arrival.
    func record(_ served: ServedMapping, _ delivery: Delivery, payload: Value, request: Value, line: Int = 0) -> InputRecord {
        var record = InputRecord(file: served.mapping.path, line: line, position: delivery.arrival)
        record.payload = payload
        record.request = request
        record.now = (delivery.receivedAt * 1000).rounded(.down)  // NOW() is in milliseconds
        if settings.inspects {
            record.inspection = DeliveryInspection.detail(of: delivery, route: served.template.description, captured: settings.captures)
        }
        record.storesSlotValues = settings.captures
        return record
    }

    /// Filters, keys, claims, then the mapping and its commit.
    /// For an outbound message's notification, `notification` is its id (the default key) and its
    /// place in the message.
    func map(
        _ record: InputRecord, _ served: ServedMapping, _ delivery: Delivery, access: AccessRecord,
        notification: (id: String, index: Int)? = nil
    ) async -> ServeResponse {
        var access = access
        let instance = delivery.request.path
        switch served.processor.evaluateSource(.when, of: record) {
        case .failure(let d)?: return slotFailure(d, instance: instance, access: access)
        case .success(.bool(true))?, nil: break
        case .success?:
            access.outcome = "ignored"
            return ServeResponse(status: 204, access: access)
        }
        var key: String?
        switch served.keyRule {
        case .expression:
            switch served.processor.evaluateSource(.dedupe, of: record) {
            case .failure(let d)?: return slotFailure(d, instance: instance, access: access)
            case .success(let value)?: key = DeliveryKeyRule.text(value)
            case nil: break
            }
        default:
            key = notification?.id ?? served.keyRule.key(headers: delivery.request.headers, payload: record.payload)
        }
        if delivery.replay != nil { key = nil }  // a replay maps again, whatever was stored under its key
        access.deliveryKey = key
        var record = record
        if served.isAppAPI, key != nil, case .header("idempotency-key") = served.keyRule {
            // The IETF draft: the same key with another body is 422, so the body is remembered too.
            record.fingerprint = hexText(Array(SHA256.hash(data: delivery.request.body)))
        }
        let claim = key.map { "\(served.name)\u{0}\($0)" }
        if let claim {
            guard await claims.claim(claim, until: delivery.deadline) else {
                return .problem(
                    409, "S0408", detail: "delivery `\(key ?? "")` is being processed", instance: instance,
                    headers: [("Retry-After", "1")], access: access)
            }
        }
        defer { if let claim { claims.release(claim) } }
        let backend = self.backend, window = settings.dedupeWindow, deadline = delivery.deadline, dedupeKey = key, input = record
        let dryRun = delivery.replay == .dryRun
        let requestKey = "request:\(delivery.requestID)" + (notification.map { "#\($0.index)" } ?? "")
        let started = ContinuousClock.now
        let result: DeliveryResult
        do {
            let work: @Sendable () throws -> DeliveryResult = {
                try served.processor.deliver(
                    input, dedupeKey: dedupeKey, requestKey: requestKey, window: window, now: Date().timeIntervalSince1970,
                    to: backend, dryRun: dryRun, deadline: { ContinuousClock.now >= deadline })
            }
            result = try await onStore(work)
        } catch {
            let message = (error as? StoreError)?.message ?? "\(error)"
            return .problem(
                503, "S0503", detail: "the journey store is unavailable: \(message)", instance: instance, headers: [("Retry-After", "1")],
                access: access)
        }
        access.commitSeconds = (ContinuousClock.now - started).seconds
        await forgetOldDeliveries()
        switch result {
        case .timedOut:
            return .problem(
                503, "S0502", detail: "the delivery was not answered in time; nothing was committed", instance: instance,
                headers: [("Retry-After", "1")], access: access)
        case .conflict:
            return .problem(
                422, "S0411", detail: "Idempotency-Key `\(key ?? "")` was used with another body", instance: instance, access: access)
        case .duplicate(let row):
            access.duplicate = true
            if let inspection = record.inspection { await logDuplicate(of: row, as: requestKey, inspection) }
            let output = row.output.flatMap { try? JSONReader.read($0) } ?? .null
            return answer(output, served, instance: instance, duplicate: true, origin: delivery.request.header("origin"), access: access)
        case .mapped(let output):
            return answer(output, served, instance: instance, duplicate: false, origin: delivery.request.header("origin"), access: access)
        }
    }

    /// The mapping's response from its output record (serve.md §6), or the problem of its failure.
    func answer(
        _ output: Value, _ served: ServedMapping, instance: String, duplicate: Bool, origin: String?, access: AccessRecord
    ) -> ServeResponse {
        var access = access
        let outcome = output.member("outcome").textValue ?? "error"
        access.outcome = outcome
        var journeyID = output.member("journeyId").textValue
        if case .list(let journeys) = output.member("journeys") {
            journeyID = journeys.last { $0.member("journeyId").textValue != nil }?.member("journeyId").textValue
        }
        access.journeyID = journeyID
        var debug: [(name: String, value: String)] = [("Airscript-Duplicate", duplicate ? "true" : "false")]
        if settings.debugHeaders {
            debug.append(("Airscript-Outcome", outcome))
            if let journeyID { debug.append(("Airscript-Journey", journeyID)) }
        }
        let rendered =
            outcome == "error" ? .failure(ResponseRendering.failure(of: output)) : ResponseRendering.render(output.member("response"))
        switch rendered {
        case .success(var response):
            response.headers += debug + corsHeaders(served, origin)
            response.access = access
            return response
        case .failure(let failure):
            return .problem(500, failure.code, detail: failure.detail, instance: instance, headers: debug, access: access)
        }
    }

    /// A duplicate answered from the row it duplicates leaves a row of its own for the inspector
    /// (store.md §5 lists duplicates too), under its request id, pointing at the original. Only
    /// with `--inspector`: it costs a write. A store that fails here fails nothing but the log.
    func logDuplicate(of original: DeliveryRow, as requestKey: String, _ inspection: Value) async {
        var detail = inspection.objectFields ?? Value.Object()
        detail["duplicateOf"] = .text(original.key)
        let row = DeliveryRow(
            mapping: original.mapping, key: requestKey, outcome: original.outcome, journeyID: original.journeyID, status: original.status,
            output: original.output, detail: JSONWriter.write(.object(detail)))
        let backend = self.backend
        let write: @Sendable () throws -> Void = {
            try backend.commit(touching: JourneyKeys()) { _, log in log.deliveries.append(row) }
        }
        _ = try? await onStore(write)
    }

    /// Forgets rows of the served mappings first seen longer than the dedupe window ago, when that
    /// is due (`DeliveryForgetting`: at most every minute, or every window if shorter), 1,000 at a
    /// time; due again at once while there are more. A store that fails here fails nothing: the
    /// rows are forgotten next time.
    func forgetOldDeliveries() async {
        let now = Date().timeIntervalSince1970, window = settings.dedupeWindow, limit = 1_000
        // Due first: every delivery asks, and the lock is cheaper than the cast to the protocol.
        guard forgetting.due(at: now, every: min(window, 60)), let store = backend as? any InspectableStore else { return }
        let mappings = table.mappings.map(\.name)
        let forget: @Sendable () throws -> Int = {
            try store.forgetDeliveries(of: mappings, firstSeenBefore: now - window, limit: limit)
        }
        if (try? await onStore(forget)) == limit { forgetting.dueNow() }
    }

    /// Runs store work where it belongs: a database blocks its thread, so off the cooperative
    /// pool; the memory store only takes a lock, which is cheaper than the hop to another thread.
    func onStore<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        backend.isDatabase ? try await BlockingWork.run(work) : try work()
    }

    func slotFailure(_ d: MappingDiagnostic, instance: String, access: AccessRecord) -> ServeResponse {
        var access = access
        access.outcome = "error"
        return .problem(
            500, d.diagnostic.code.rawValue, detail: "\(d.slot ?? "the mapping") failed with \(d.diagnostic.code)", instance: instance,
            access: access)
    }

}
