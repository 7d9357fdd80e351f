import Airscript
import AirscriptMapping
import AirscriptServe
import Crypto
import Foundation
import Mustache

/// The delivery inspector (store.md §5): server-rendered pages under `/_airscript/` over the
/// store's delivery rows: the list (newest first, filters, live by polling), one delivery (its
/// request, slots, diagnostics on the mapping's source, response), one journey, and the replay of
/// a captured delivery. Off unless `serve --inspector`; the responder lets only an admin in
/// (serve.md §8) before it asks.
struct Inspector: Sendable {
    let library: MustacheLibrary
    /// The anti-forgery token every replay form carries: random at each start, so a page of
    /// another site cannot know it (and a POST must also come from this origin).
    let csrfToken: String
    /// The deliveries the list reads at the most.
    static let listLimit = 200

    init() {
        var library = MustacheLibrary()
        // The templates are the binary's own: a syntax error in one is a bug caught by the tests.
        for (name, text) in InspectorTemplates.all { try! library.register(text, named: name) }
        self.library = library
        var random = SystemRandomNumberGenerator()
        csrfToken = hexText((0..<32).map { _ in UInt8.random(in: 0...255, using: &random) })
    }

    /// A request under `/_airscript/` the inspector answers; nil for paths that are not its own.
    func respond(
        method: String, path: String, query: String?, headers: [(String, String)], body: [UInt8], pipeline: DeliveryPipeline,
        host: String?
    ) async -> ServeResponse? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).map(String.init)
        let parameters = Inspector.formFields(query ?? "")
        let s = segments.map(Inspector.decoded)
        switch (method, s.count, s.first ?? "") {
        case ("GET", 0, _), ("GET", 1, ""):
            return await page { try listPage(parameters, pipeline) }
        case ("GET", 1, "rows"):
            return await page { try rows(parameters, pipeline) }
        case ("GET", 1, "inspector.css"):
            return ServeResponse(status: 200, headers: [("Content-Type", "text/css; charset=utf-8")], body: Array(InspectorAssets.stylesheet.utf8))
        case ("GET", 1, "inspector.js"):
            return ServeResponse(
                status: 200, headers: [("Content-Type", "text/javascript; charset=utf-8")], body: Array(InspectorAssets.script.utf8))
        case ("GET", 3, "deliveries"):
            return await page { try deliveryPage(s[1], s[2], pipeline) }
        case ("POST", 4, "deliveries") where s[3] == "replay":
            return await replay(s[1], s[2], headers: headers, body: body, pipeline: pipeline, host: host)
        case ("GET", 2, "journeys"):
            return await page { try journeyPage(s[1], pipeline) }
        default:
            return nil
        }
    }

    // MARK: Pages

    struct NotFound: Error { let what: String }

    /// A page, or the problem of why there is none.
    func page(_ make: @escaping @Sendable () throws -> String) async -> ServeResponse {
        do {
            let html = try await BlockingWork.run(make)
            return ServeResponse(
                status: 200,
                headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]
                    + Inspector.securityHeaders,
                body: Array(html.utf8))
        } catch let missing as NotFound {
            return .problem(404, "S0406", detail: "no \(missing.what)", instance: "/_airscript/")
        } catch let error as StoreError {
            return .problem(503, "S0503", detail: "the journey store is unavailable: \(error.message)", instance: "/_airscript/")
        } catch {
            return .problem(500, "S0500", detail: "the inspector failed: \(error)", instance: "/_airscript/")
        }
    }

    /// No script but the inspector's own, no frames, no form posting elsewhere.
    static let securityHeaders = [
        (
            "Content-Security-Policy",
            "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        ),
        ("Referrer-Policy", "same-origin"),
    ]

    func store(_ pipeline: DeliveryPipeline) throws -> any InspectableStore {
        guard let store = pipeline.backend as? any InspectableStore else { throw NotFound(what: "inspectable store") }
        return store
    }

    func render(_ context: [String: Any], _ template: String) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

    func listPage(_ parameters: [String: String], _ pipeline: DeliveryPipeline) throws -> String {
        let (rows, capped) = try filteredRows(parameters, pipeline)
        let mapping = parameters["mapping"] ?? "", outcome = parameters["outcome"] ?? ""
        let context: [String: Any] = [
            "title": "Deliveries", "mode": mode(pipeline), "rows": rows, "capped": capped, "limit": Inspector.listLimit,
            "mappings": pipeline.table.mappings.map { ["name": $0.name, "selected": $0.name == mapping] as [String: Any] },
            "outcomes": Outcome.allCases.map { ["name": $0.rawValue, "selected": $0.rawValue == outcome] as [String: Any] },
            "status": parameters["status"] ?? "", "query": Inspector.query(parameters),
        ]
        return render(context, "deliveries")
    }

    func rows(_ parameters: [String: String], _ pipeline: DeliveryPipeline) throws -> String {
        render(["rows": try filteredRows(parameters, pipeline).rows], "rows")
    }

    func mode(_ pipeline: DeliveryPipeline) -> String {
        "\(pipeline.backend.location) · " + (pipeline.settings.captures ? "bodies captured" : "bodies not captured")
    }

    func filteredRows(_ parameters: [String: String], _ pipeline: DeliveryPipeline) throws -> (rows: [[String: Any]], capped: Bool) {
        let latest = try store(pipeline).latestDeliveries(limit: Inspector.listLimit)
        let mapping = parameters["mapping"].flatMap { $0.isEmpty ? nil : $0 }
        let outcome = parameters["outcome"].flatMap { $0.isEmpty ? nil : $0 }
        let status = parameters["status"].flatMap { Int($0) }
        let kept = latest.filter { row in
            (mapping == nil || row.mapping == mapping) && (outcome == nil || row.outcome == outcome) && (status == nil || row.status == status)
        }
        return (kept.map(rowContext), latest.count == Inspector.listLimit)
    }

    func rowContext(_ row: DeliveryRow) -> [String: Any] {
        let detail = row.detail.flatMap { try? JSONReader.read($0) } ?? .null
        var context = times(row, detail)
        context["mapping"] = row.mapping
        context["key"] = row.key
        context["deliveryPath"] = Inspector.encoded(row.mapping) + "/" + Inspector.encoded(row.key)
        context["outcome"] = row.outcome
        context["status"] = row.status.map(String.init) ?? "—"
        context["method"] = detail.member("method").textValue ?? ""
        context["route"] = detail.member("route").textValue ?? ""
        if let journey = row.journeyID {
            context["journey"] = journey
            context["journeyPath"] = Inspector.encoded(journey)
        }
        if let original = detail.member("duplicateOf").textValue {
            context["duplicateOf"] = original
            context["originalPath"] = Inspector.encoded(row.mapping) + "/" + Inspector.encoded(original)
        }
        return context
    }

    /// When it arrived, and how long it took until its commit, from the row and its detail.
    func times(_ row: DeliveryRow, _ detail: Value) -> [String: Any] {
        let seen = row.firstSeen ?? 0
        let received = detail.member("receivedAt").inspectedNumber ?? seen
        // The library's instant format (to the second) with the milliseconds put in:
        // `2026-12-04T23:22:43.250Z`, shown as `2026-12-04 23:22:43.250 UTC`.
        let milliseconds = (received * 1000).rounded(.down)
        let fraction = Int(milliseconds.truncatingRemainder(dividingBy: 1000))
        let iso = ISO8601Instant.format(milliseconds - Double(fraction)).replacingOccurrences(
            of: "Z", with: "." + String(String(fraction + 1000).dropFirst()) + "Z")
        var context: [String: Any] = [
            "isoTime": iso, "time": iso.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC"),
        ]
        context["duration"] = detail == .null ? "—" : String(format: "%.1f ms", max(0, seen - received) * 1000)
        return context
    }

    func deliveryPage(_ mapping: String, _ key: String, _ pipeline: DeliveryPipeline) throws -> String {
        guard let row = try store(pipeline).deliveries(keyed: [key], mapping: mapping)[key] else { throw NotFound(what: "delivery `\(key)`") }
        let detail = row.detail.flatMap { try? JSONReader.read($0) } ?? .null
        let output = row.output.flatMap { try? JSONReader.read($0) } ?? .null
        var context = rowContext(row)
        context["title"] = "Delivery \(key)"
        context["mode"] = mode(pipeline)
        context["csrf"] = csrfToken
        context["replayable"] = DeliveryInspection.request(from: detail) != nil
        if let replay = detail.member("replay").textValue { context["replay"] = replay }
        if detail != .null {
            var request: [String: Any] = [
                "method": detail.member("method").textValue ?? "", "path": detail.member("path").textValue ?? "",
                "requestId": detail.member("requestId").textValue ?? "",
            ]
            if let query = detail.member("query").textValue { request["query"] = query }
            request["headers"] = (detail.member("headers").objectFields ?? Value.Object()).map {
                ["name": $0.key, "value": $0.value.textValue ?? ""]
            }
            if let body = detail.member("body").textValue { request["body"] = Inspector.pretty(body) }
            context["request"] = request
        }
        var slots: [[String: Any]] = []
        for name in ["identifier", "startParameters", "eventPayload"] where output.member(name) != .null {
            slots.append(["name": name, "value": JSONWriter.write(output.member(name), pretty: true)])
        }
        context["slots"] = slots
        context["diagnostics"] = diagnostics(output, mapping: mapping, pipeline)
        if output.member("response") != .null { context["response"] = JSONWriter.write(output.member("response"), pretty: true) }
        return render(context, "delivery")
    }

    /// A JSON body indented; any other text as it came.
    static func pretty(_ body: String) -> String {
        (try? JSONReader.read(body)).map { JSONWriter.write($0, pretty: true) } ?? body
    }

    /// The output record's diagnostics, each with the lines of the mapping's source around its
    /// span and the span marked. The source is the mapping as it is served now.
    func diagnostics(_ output: Value, mapping: String, _ pipeline: DeliveryPipeline) -> [[String: Any]] {
        guard case .list(let all) = output.member("diagnostics") else { return [] }
        let file = pipeline.table.mappings.first { $0.name == mapping }?.mapping.file
        return all.map { d in
            var context: [String: Any] = [
                "severity": d.member("severity").textValue ?? "error", "code": d.member("code").textValue ?? "",
                "message": d.member("message").textValue ?? "",
            ]
            if let slot = d.member("slot").textValue { context["slot"] = slot }
            if let file, let line = d.member("line").inspectedNumber.map(Int.init), let column = d.member("column").inspectedNumber.map(Int.init) {
                let endLine = d.member("endLine").inspectedNumber.map(Int.init) ?? line
                let endColumn = d.member("endColumn").inspectedNumber.map(Int.init) ?? column + 1
                context["excerpt"] = [
                    "file": file.name, "line": line,
                    "lines": SourceExcerpt.lines(of: file, from: (line, column), to: (endLine, endColumn), around: 2),
                ]
            }
            return context
        }
    }

    func journeyPage(_ id: String, _ pipeline: DeliveryPipeline) throws -> String {
        guard let (journey, events) = try store(pipeline).journey(id: id) else { throw NotFound(what: "journey `\(id)`") }
        var context: [String: Any] = [
            "title": "Journey \(id)", "mode": mode(pipeline), "id": journey.id, "identifier": journey.identifier ?? journey.phone ?? "—",
            "status": journey.status, "mapping": journey.mapping ?? "—", "created": journey.createdAt ?? "—",
            "counted": journey.events,
        ]
        if let ended = journey.endedAt {
            context["ended"] = ended
            context["reason"] = journey.endReason ?? ""
        }
        context["events"] = events.map { e -> [String: Any] in
            let data = e.kind == .start ? e.startParameters : e.eventPayload
            return [
                "sequence": e.sequence, "kind": e.kind.rawValue, "time": e.time, "deliveryKey": e.deliveryKey ?? "—",
                "data": JSONWriter.write(data, pretty: true),
            ]
        }
        context["hasEvents"] = !events.isEmpty
        return render(context, "journey")
    }

    // MARK: Replay

    /// `POST …/replay`: the captured request through the mapping as it is served now, with the
    /// anti-forgery token and from this origin only; a live replay shows its own new delivery, a
    /// dry run its output record.
    func replay(
        _ mapping: String, _ key: String, headers: [(String, String)], body: [UInt8], pipeline: DeliveryPipeline, host: String?
    ) async -> ServeResponse {
        let instance = "/_airscript/deliveries"
        let form = Inspector.formFields(String(decoding: body, as: UTF8.self))
        guard let token = form["csrf"], ServeResponder.constantTimeEqual(Array(token.utf8), Array(csrfToken.utf8)) else {
            return .problem(
                403, "S0405", detail: "a replay must come from the inspector's own form: its token is missing or stale", instance: instance)
        }
        guard Inspector.isSameOrigin(headers, host: host) else {
            return .problem(
                403, "S0405", detail: "a replay must come from the inspector's own page on \(host ?? "this server") (Origin or Referer)",
                instance: instance)
        }
        let dryRun = form["mode"] != "live"
        let row: DeliveryRow?
        do {
            row = try await BlockingWork.run { try store(pipeline).deliveries(keyed: [key], mapping: mapping)[key] }
        } catch {
            return .problem(503, "S0503", detail: "the journey store is unavailable: \(error)", instance: instance)
        }
        guard let row, let detail = row.detail.flatMap({ try? JSONReader.read($0) }), let request = DeliveryInspection.request(from: detail)
        else {
            return .problem(404, "S0406", detail: "delivery `\(key)` has no captured request to replay", instance: instance)
        }
        let requestID = "replay-" + RequestID.random()
        var delivery = DeliveryPipeline.Delivery(
            request: request, peer: nil, requestID: requestID, receivedAt: Date().timeIntervalSince1970, arrival: 0,
            deadline: .now + .seconds(10))
        delivery.replay = dryRun ? .dryRun : .live
        let answer = await pipeline.handle(delivery)
        if !dryRun {
            // The replay is a delivery of its own, logged under its request id.
            let location = "/_airscript/deliveries/\(Inspector.encoded(mapping))/\(Inspector.encoded("request:\(requestID)"))"
            return ServeResponse(status: 303, headers: [("Location", location)], body: [])
        }
        return await page {
            var context: [String: Any] = [
                "title": "Dry run of \(key)", "mode": mode(pipeline), "key": key,
                "deliveryPath": Inspector.encoded(mapping) + "/" + Inspector.encoded(key), "status": answer.status,
                "outcome": answer.access.outcome ?? "error", "output": Inspector.pretty(String(decoding: answer.body, as: UTF8.self)),
            ]
            context["diagnostics"] = [[String: Any]]()
            return render(context, "replayed")
        }
    }

    /// A browser's POST from this origin: `Origin` (or, without it, `Referer`) names this host;
    /// `Sec-Fetch-Site`, when sent, says same-origin.
    static func isSameOrigin(_ headers: [(String, String)], host: String?) -> Bool {
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name }?.1 }
        guard let host else { return false }
        if let site = header("sec-fetch-site"), site != "same-origin" { return false }
        guard let origin = header("origin") ?? header("referer") else { return false }
        guard let url = URL(string: origin), let originHost = url.host else { return false }
        let port = url.port.map { ":\($0)" } ?? ""
        return (originHost + port).lowercased() == host.lowercased() || (originHost.contains(":") && "[\(originHost)]\(port)" == host)
    }

    // MARK: URLs and forms

    /// A path segment: everything but RFC 3986's unreserved characters percent-encoded.
    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func decoded(_ segment: String) -> String { segment.removingPercentEncoding ?? segment }

    /// A query string or form body as a dictionary (the last of a repeated name wins; a malformed
    /// one is no fields at all).
    static func formFields(_ text: String) -> [String: String] {
        Dictionary((FormFields.decode(Array(text.utf8)) ?? []).map { ($0.name, $0.value) }) { $1 }
    }

    /// The list's filters again, for the live updates' URL.
    static func query(_ parameters: [String: String]) -> String {
        ["mapping", "outcome", "status"].compactMap { name in parameters[name].map { "\(name)=\(encoded($0))" } }.joined(separator: "&")
    }
}

extension Value {
    /// The number, when the value is one.
    fileprivate var inspectedNumber: Double? { if case .number(let n) = self { n } else { nil } }
}
