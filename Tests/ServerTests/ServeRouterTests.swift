import AirscriptMapping
import AirscriptServe
import Foundation
import HummingbirdTesting
import XCTest

@testable import AirscriptServer

/// Every row of serve.md §6, and the behaviours of §5 and §10, through the router in memory.
final class ServeRouterTests: XCTestCase {
    static let github = """
        version: 1
        name: gh-prs
        source:
          kind: subscription
          provider: github
          verify:
            scheme: github
            secrets: [env:GH_SECRET]
          when: request.header["x-github-event"] = "pull_request"
        payload:
          sample: {action: opened, pull_request: {id: 1, title: t}}
        journey:
          behavior: start
          identifier:
            type: text
            expression: payload.pull_request.id
        response:
          status: 202
          body: '{outcome: metadata.outcome}'
        """

    static let leads = """
        version: 1
        name: leads
        source:
          kind: app-api
          method: POST
          route: /leads/{id}
          auth:
            bearer:
              hs256: [env:JWT_KEY]
              audience: leads
          cors:
            origins: [https://app.example]
            headers: [Authorization, Content-Type]
        payload:
          sample: {body: {name: Dana}, pathMapping: {id: "1"}}
        journey:
          behavior: start
          identifier:
            type: text
            expression: payload.pathMapping.id
        response:
          status: 201
          headers:
            Location: 'CONCAT("/leads/", payload.pathMapping.id)'
          body: '{id: payload.pathMapping.id, who: request.claims.sub, name: payload.body.name}'
        """

    static let failing = """
        version: 1
        name: failing
        source:
          kind: subscription
          route: /hooks/failing
          verify:
            scheme: none
        payload:
          sample: {n: 1}
        journey:
          behavior: start
          identifier:
            type: text
            expression: 'CONCAT("n", 10 / payload.n)'
        """

    static let replace = """
        version: 1
        name: replacing
        source:
          kind: subscription
          route: /hooks/replace
          verify:
            scheme: none
          dedupe: payload.delivery
        payload:
          sample: {key: a, delivery: d1}
        journey:
          behavior: replace
          identifier:
            type: text
            expression: payload.key
        response:
          body: '{outcome: metadata.outcome, journey: metadata.journey_id}'
        """

    static let slack = """
        version: 1
        name: slack-events
        source:
          kind: subscription
          provider: slack
          verify:
            scheme: slack
            secrets: [env:SLACK_SECRET]
        payload:
          sample: {type: event_callback, event_id: E1, event: {user: U1}}
        journey:
          behavior: start
          identifier:
            type: text
            expression: payload.event.user
        """

    func fixture(configure: (inout ServeConfiguration) -> Void = { _ in }) throws -> ServerFixture {
        try ServerFixture(
            [
                "github.yaml": Self.github, "leads.yaml": Self.leads, "failing.yaml": Self.failing, "replace.yaml": Self.replace,
                "slack.yaml": Self.slack,
            ],
            configure: configure)
    }

    static let prBody = #"{"action":"opened","pull_request":{"id":4242,"title":"Fix"}}"#

    static func githubHeaders(_ body: String, delivery: String = "d-1", event: String = "pull_request", secret: String? = nil) -> [(String, String)] {
        let signed = WebhookSigner.sign(
            Array(body.utf8), scheme: .github, secret: secret ?? ServerFixture.environment["GH_SECRET"]!, now: Date().timeIntervalSince1970)
        return signed.headers.map { ($0.name, $0.value) } + [
            ("Content-Type", "application/json"), ("X-GitHub-Delivery", delivery), ("X-GitHub-Event", event),
        ]
    }

    // MARK: - §6, row by row

    func testASignedDeliveryIsMappedAndAnsweredWithTheMappingsResponse() async throws {
        let f = try fixture()
        try await f.test { client in
            let r = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody))
            XCTAssertEqual(r.status.code, 202)
            XCTAssertEqual(r.text, #"{"outcome":"started"}"#)
            XCTAssertEqual(r.header("Content-Type"), "application/json")
            XCTAssertEqual(r.header("Airscript-Outcome"), "started")
            XCTAssertEqual(r.header("Airscript-Duplicate"), "false")
            XCTAssertNotNil(r.header("Airscript-Journey"))
            XCTAssertNotNil(r.header("X-Request-Id"))
        }
        XCTAssertEqual(f.activeByIdentifier, ["4242": 1])
    }

    func testNowIsTheInstantTheDeliveryArrived() async throws {
        let f = try ServerFixture([
            "clock.yaml": """
            version: 1
            name: clock
            source: {kind: subscription, route: /clock, verify: {scheme: none}}
            payload:
              sample: {id: a}
            journey:
              behavior: start
              identifier: {type: text, expression: payload.id}
            response:
              body: 'FORMAT_DATETIME(NOW(), "X")'
            """
        ])
        let before = Int(Date().timeIntervalSince1970)
        try await f.test { client in
            let r = try await client.post("/clock", #"{"id": "x"}"#, headers: [("Content-Type", "application/json")])
            let seconds = Int(r.text) ?? 0
            XCTAssertTrue((before - 1...before + 5).contains(seconds), "NOW() was \(r.text), the clock \(before)")
        }
    }

    func testTheCallersRequestIdIsKept() async throws {
        let f = try fixture()
        try await f.test { client in
            let r = try await client.send(.get, "/nowhere", headers: [("X-Request-Id", "abc-123")])
            XCTAssertEqual(r.header("X-Request-Id"), "abc-123")
        }
    }

    func testWithoutOneTheServerGivesARequestId() async throws {
        let f = try fixture()
        try await f.test { client in
            let first = try await client.send(.get, "/nowhere")
            let second = try await client.send(.get, "/nowhere")
            let ids = [first.header("X-Request-Id"), second.header("X-Request-Id")].compactMap { $0 }
            XCTAssertEqual(ids.count, 2)
            XCTAssertNotEqual(ids.first, ids.last)
            XCTAssertTrue(ids.allSatisfy { UUID(uuidString: $0) != nil && $0 == $0.lowercased() }, "\(ids)")
        }
    }

    func testTheAccessLinesDurationHasTwoDecimals() {
        let table: [(Double, String)] = [
            (0, "0.00"), (0.000_004, "0.00"), (0.000_005, "0.01"), (0.000_41, "0.41"), (0.001, "1.00"), (0.012_345, "12.35"),
            (1.5, "1500.00"), (-1, "0.00"),
        ]
        for (seconds, expected) in table { XCTAssertEqual(ServeResponder.milliseconds(seconds), expected, "\(seconds) s") }
    }

    func testInvalidJSONIs400() async throws {
        let f = try fixture()
        try await f.test { client in
            let body = #"{"action": "#
            let r = try await client.post("/subscriptions/gh-prs", body, headers: Self.githubHeaders(body))
            XCTAssertEqual(r.status.code, 400)
            XCTAssertEqual(r.code, "M0201")
            XCTAssertEqual(r.header("Content-Type"), "application/problem+json")
        }
    }

    func testSignatureFailuresAre401WithTheirCodes() async throws {
        let f = try fixture()
        try await f.test { client in
            var headers = Self.githubHeaders(Self.prBody)
            headers.removeAll { $0.0.lowercased() == "x-hub-signature-256" }
            var r = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: headers)
            XCTAssertEqual(r.status.code, 401)
            XCTAssertEqual(r.code, "S0401")
            r = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, secret: "wrong"))
            XCTAssertEqual(r.code, "S0402")
            // One byte changed after signing.
            r = try await client.post(
                "/subscriptions/gh-prs", Self.prBody.replacingOccurrences(of: "4242", with: "4243"), headers: Self.githubHeaders(Self.prBody))
            XCTAssertEqual(r.code, "S0402")
        }
        XCTAssertEqual(f.activeByIdentifier, [:], "nothing refused is mapped")
    }

    func testAStaleTimestampIs401Stale() async throws {
        let f = try fixture()
        let body = #"{"type":"event_callback","event_id":"E9","event":{"user":"U1"}}"#
        let signed = WebhookSigner.sign(Array(body.utf8), scheme: .slack, secret: "slack-secret", now: Date().timeIntervalSince1970 - 3600)
        try await f.test { client in
            let r = try await client.post(
                "/subscriptions/slack-events", body, headers: signed.headers.map { ($0.name, $0.value) } + [("Content-Type", "application/json")])
            XCTAssertEqual(r.status.code, 401)
            XCTAssertEqual(r.code, "S0403")
        }
    }

    func testBearerTokens() async throws {
        let f = try fixture()
        let now = Date().timeIntervalSince1970
        let good = TestTokens.make(["sub": "user-7", "aud": "leads", "exp": now + 600])
        try await f.test { client in
            let body = #"{"name":"Dana"}"#
            var r = try await client.post("/leads/17", body, headers: [("Content-Type", "application/json")])
            XCTAssertEqual(r.status.code, 401)
            XCTAssertEqual(r.code, "S0404")
            XCTAssertEqual(r.header("WWW-Authenticate"), "Bearer")
            r = try await client.post("/leads/17", body, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(good)")])
            XCTAssertEqual(r.status.code, 201)
            XCTAssertEqual(r.text, #"{"id":"17","who":"user-7","name":"Dana"}"#)
            XCTAssertEqual(r.header("Location"), "/leads/17")
            let refused = [
                TestTokens.make(["sub": "u", "aud": "leads", "exp": now - 120]),  // expired beyond the leeway
                TestTokens.make(["sub": "u", "aud": "other", "exp": now + 600]),  // wrong audience
                TestTokens.make(["sub": "u", "aud": "leads", "exp": now + 600], key: "another-key-of-at-least-32-bytes-long"),  // bad signature
                TestTokens.make(["sub": "u", "aud": "leads", "exp": now + 600], algorithm: "none"),  // alg none
                TestTokens.make(["sub": "u", "aud": "leads", "nbf": now + 600, "exp": now + 900]),  // not yet valid
                "not-a-jwt",
            ]
            for token in refused {
                r = try await client.post("/leads/17", body, headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(token)")])
                XCTAssertEqual(r.status.code, 401, token)
                XCTAssertEqual(r.header("WWW-Authenticate"), "Bearer error=\"invalid_token\"", token)
            }
        }
        XCTAssertEqual(f.activeByIdentifier, ["17": 1])
    }

    func testIdempotencyKeyReplaysTheSameBodyAndRefusesAnother() async throws {
        let f = try fixture()
        let token = TestTokens.make(["sub": "u", "aud": "leads", "exp": Date().timeIntervalSince1970 + 600])
        let headers = [("Content-Type", "application/json"), ("Authorization", "Bearer \(token)"), ("Idempotency-Key", "k-1")]
        try await f.test { client in
            let first = try await client.post("/leads/5", #"{"name":"Dana"}"#, headers: headers)
            let again = try await client.post("/leads/5", #"{"name":"Dana"}"#, headers: headers)
            let other = try await client.post("/leads/5", #"{"name":"Kim"}"#, headers: headers)
            XCTAssertEqual(first.status.code, 201)
            XCTAssertEqual(again.status.code, 201)
            XCTAssertEqual(again.header("Airscript-Duplicate"), "true")
            XCTAssertEqual(again.text, first.text)
            XCTAssertEqual(other.status.code, 422)
            XCTAssertEqual(other.code, "S0411")
        }
        XCTAssertEqual(f.store.journeys.journeys.count, 1)
    }

    func testUnknownPathsAndMethods() async throws {
        let f = try fixture()
        try await f.test { client in
            var r = try await client.send(.get, "/nowhere")
            XCTAssertEqual(r.status.code, 404)
            XCTAssertEqual(r.code, "S0406")
            r = try await client.send(.get, "/leads/1")
            XCTAssertEqual(r.status.code, 405)
            XCTAssertEqual(r.code, "S0407")
            XCTAssertEqual(r.header("Allow"), "POST")
            // A trailing slash is not significant.
            r = try await client.send(.get, "/leads/1/")
            XCTAssertEqual(r.status.code, 405)
        }
    }

    func testABodyOverTheLimitIs413() async throws {
        let f = try fixture { $0.maxBody = 64 }
        try await f.test { client in
            let body = String(repeating: "x", count: 65)
            let r = try await client.post("/hooks/failing", body, headers: [("Content-Type", "text/plain")])
            XCTAssertEqual(r.status.code, 413)
            XCTAssertEqual(r.code, "S0409")
        }
    }

    func testAnUnsupportedContentTypeIs415() async throws {
        let f = try fixture()
        try await f.test { client in
            var r = try await client.post("/hooks/failing", "<a/>", headers: [("Content-Type", "application/xml")])
            XCTAssertEqual(r.status.code, 415)
            XCTAssertEqual(r.code, "S0410")
            r = try await client.post("/hooks/failing", "{}", headers: [("Content-Type", "application/json; charset=latin1")])
            XCTAssertEqual(r.code, "S0410")
        }
    }

    func testAFailingMappingIs500NamingTheSlotAndCodeButNoValue() async throws {
        let f = try fixture()
        try await f.test { client in
            let r = try await client.post("/hooks/failing", #"{"n": 0}"#, headers: [("Content-Type", "application/json")])
            XCTAssertEqual(r.status.code, 500)
            XCTAssertEqual(r.code, "R0501")
            XCTAssertTrue(r.text.contains("identifier"), r.text)
            XCTAssertEqual(r.header("Airscript-Outcome"), "error")
        }
        XCTAssertEqual(f.activeByIdentifier, [:])
    }

    func testOverTheInFlightLimitIs503() async throws {
        let f = try fixture { $0.maxInFlight = 1 }
        _ = f.server.state.enter(limit: 1)
        try await f.test { client in
            let r = try await client.post("/hooks/failing", #"{"n": 1}"#, headers: [("Content-Type", "application/json")])
            XCTAssertEqual(r.status.code, 503)
            XCTAssertEqual(r.code, "S0501")
            XCTAssertEqual(r.header("Retry-After"), "1")
        }
    }

    func testPastTheDeadlineNothingIsCommitted() async throws {
        let f = try fixture { $0.requestTimeout = 0.000_001 }
        try await f.test { client in
            let r = try await client.post("/hooks/replace", #"{"key":"k","delivery":"x"}"#, headers: [("Content-Type", "application/json")])
            XCTAssertEqual(r.status.code, 503)
            XCTAssertEqual(r.code, "S0502")
        }
        XCTAssertEqual(f.activeByIdentifier, [:])
    }

    func testWhileShuttingDownDeliveriesAre503AndNotReady() async throws {
        let f = try fixture()
        f.server.state.markStopping()
        try await f.test { client in
            var r = try await client.post("/hooks/failing", #"{"n": 1}"#, headers: [("Content-Type", "application/json")])
            XCTAssertEqual(r.status.code, 503)
            XCTAssertEqual(r.code, "S0504")
            r = try await client.send(.get, "/_airscript/ready")
            XCTAssertEqual(r.status.code, 503)
            r = try await client.send(.get, "/_airscript/health")
            XCTAssertEqual(r.status.code, 200)
        }
    }

    func testAnUnavailableStoreIs503() async throws {
        let f = try fixture()
        let broken = DeliveryPipeline(
            table: f.server.state.pipeline.table, backend: UnavailableStore(), settings: f.server.state.pipeline.settings, claims: DeliveryClaims())
        f.server.state.install(broken)
        try await f.test { client in
            let r = try await client.post("/hooks/replace", #"{"key":"k","delivery":"x"}"#, headers: [("Content-Type", "application/json")])
            XCTAssertEqual(r.status.code, 503)
            XCTAssertEqual(r.code, "S0503")
        }
    }

    func testADeliveryInProgressElsewhereIs409AtTheDeadline() async throws {
        let f = try fixture { $0.requestTimeout = 0.2 }
        let claimed = await f.server.claims.claim("replacing\u{0}held", until: .now + .seconds(1))
        XCTAssertTrue(claimed)
        try await f.test { client in
            let r = try await client.post("/hooks/replace", #"{"key":"k","delivery":"held"}"#, headers: [("Content-Type", "application/json")])
            XCTAssertEqual(r.status.code, 409)
            XCTAssertEqual(r.code, "S0408")
            XCTAssertEqual(r.header("Retry-After"), "1")
        }
        XCTAssertEqual(f.activeByIdentifier, [:], "nothing mapped")
    }

    // MARK: - §5 duplicates, §10 filters and handshakes

    func testTheSameGitHubDeliveryTwiceMakesOneJourney() async throws {
        let f = try fixture()
        try await f.test { client in
            let first = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, delivery: "same"))
            let second = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, delivery: "same"))
            XCTAssertEqual(first.header("Airscript-Duplicate"), "false")
            XCTAssertEqual(second.header("Airscript-Duplicate"), "true")
            XCTAssertEqual(second.status, first.status)
            XCTAssertEqual(second.text, first.text)
            XCTAssertEqual(second.header("Airscript-Journey"), first.header("Airscript-Journey"))
            // A new delivery id is a new delivery: a second journey for the same pull request.
            let other = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, delivery: "other"))
            XCTAssertEqual(other.header("Airscript-Duplicate"), "false")
        }
        XCTAssertEqual(f.store.journeys.journeys.count, 2)
    }

    /// store.md §1: delivery rows are forgotten after the dedupe window, by a later delivery; the
    /// same delivery after the window is a new delivery (as it already was, read at the time).
    func testRowsOlderThanTheDedupeWindowAreForgotten() async throws {
        let f = try fixture { $0.dedupeWindow = 1 }
        try await f.test { client in
            let first = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, delivery: "early"))
            XCTAssertEqual(first.header("Airscript-Duplicate"), "false")
            XCTAssertEqual(try f.store.latestDeliveries(limit: 10).map(\.key), ["early"])
            try await Task.sleep(for: .milliseconds(1_300))
            let later = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, delivery: "later"))
            XCTAssertEqual(later.header("Airscript-Duplicate"), "false")
            XCTAssertEqual(try f.store.latestDeliveries(limit: 10).map(\.key), ["later"], "the row past the window is gone")
            let again = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, delivery: "early"))
            XCTAssertEqual(again.header("Airscript-Duplicate"), "false")
        }
        XCTAssertEqual(f.store.journeys.journeys.count, 3)
    }

    func testTheSameGitHubDeliveryConcurrentlyMakesOneJourney() async throws {
        let f = try fixture()
        try await f.test { client in
            let responses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let r = try await client.post(
                            "/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, delivery: "burst"))
                        return (Int(r.status.code), r.header("Airscript-Duplicate"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            XCTAssertEqual(responses.map(\.0), Array(repeating: 202, count: 8))
            XCTAssertEqual(responses.filter { $0.1 == "false" }.count, 1)
            XCTAssertEqual(responses.filter { $0.1 == "true" }.count, 7)
        }
        XCTAssertEqual(f.store.journeys.journeys.count, 1)
    }

    func testADeliveryThatChangedNothingIsMappedAgain() async throws {
        let f = try fixture()
        try await f.test { client in
            // Fails (division by zero): nothing committed, so nothing is remembered either.
            for _ in 0..<2 {
                let r = try await client.post("/hooks/failing", #"{"n": 0}"#, headers: [("Content-Type", "application/json")])
                XCTAssertEqual(r.header("Airscript-Duplicate"), "false")
                XCTAssertEqual(r.status.code, 500)
            }
        }
    }

    func testWhenFalseIsIgnoredWith204() async throws {
        let f = try fixture()
        try await f.test { client in
            let r = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, event: "ping"))
            XCTAssertEqual(r.status.code, 204)
            XCTAssertEqual(r.text, "")
        }
        XCTAssertEqual(f.activeByIdentifier, [:])
    }

    func testSlacksURLVerificationIsAnsweredByTheServer() async throws {
        let f = try fixture()
        let body = #"{"type":"url_verification","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","token":"x"}"#
        let signed = WebhookSigner.sign(Array(body.utf8), scheme: .slack, secret: "slack-secret", now: Date().timeIntervalSince1970)
        try await f.test { client in
            let r = try await client.post(
                "/subscriptions/slack-events", body, headers: signed.headers.map { ($0.name, $0.value) } + [("Content-Type", "application/json")])
            XCTAssertEqual(r.status.code, 200)
            XCTAssertEqual(r.text, #"{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}"#)
        }
        XCTAssertEqual(f.activeByIdentifier, [:])
    }

    func testCORSPreflight() async throws {
        let f = try fixture()
        try await f.test { client in
            var r = try await client.send(
                .options, "/leads/3", headers: [("Origin", "https://app.example"), ("Access-Control-Request-Method", "POST")])
            XCTAssertEqual(r.status.code, 204)
            XCTAssertEqual(r.header("Access-Control-Allow-Origin"), "https://app.example")
            XCTAssertEqual(r.header("Access-Control-Allow-Headers"), "Authorization, Content-Type")
            r = try await client.send(.options, "/leads/3", headers: [("Origin", "https://evil.example")])
            XCTAssertEqual(r.status.code, 405)
            r = try await client.send(.options, "/hooks/failing", headers: [("Origin", "https://app.example")])
            XCTAssertEqual(r.status.code, 405)
            // The answer itself names the listed origin, and only a listed one.
            let token = TestTokens.make(["sub": "u", "aud": "leads", "exp": Date().timeIntervalSince1970 + 600])
            let headers = [("Content-Type", "application/json"), ("Authorization", "Bearer \(token)")]
            r = try await client.post("/leads/3", #"{"name":"A"}"#, headers: headers + [("Origin", "https://app.example")])
            XCTAssertEqual(r.header("Access-Control-Allow-Origin"), "https://app.example")
            r = try await client.post("/leads/4", #"{"name":"B"}"#, headers: headers + [("Origin", "https://evil.example")])
            XCTAssertNil(r.header("Access-Control-Allow-Origin"))
        }
    }

    func testMetricsCountDeliveriesAndRefusals() async throws {
        let f = try fixture()
        try await f.test { client in
            _ = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, delivery: "m1"))
            _ = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, secret: "bad"))
            let r = try await client.send(.get, "/_airscript/metrics")
            XCTAssertEqual(r.status.code, 200)
            XCTAssertTrue(r.text.contains(#"airscript_deliveries_total{mapping="gh-prs",status="202",outcome="started"} 1"#), r.text)
            XCTAssertTrue(r.text.contains(#"airscript_refusals_total{mapping="gh-prs",reason="S0402"} 1"#), r.text)
            // The timings of both; one commit (the refused delivery reached no store).
            XCTAssertTrue(r.text.contains(#"airscript_delivery_duration_seconds_count{mapping="gh-prs"} 2"#), r.text)
            XCTAssertTrue(r.text.contains("airscript_store_commit_duration_seconds_count 1"), r.text)
            // A counter made once counts every delivery of its labels.
            _ = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody, secret: "bad"))
            let again = try await client.send(.get, "/_airscript/metrics")
            XCTAssertTrue(again.text.contains(#"airscript_refusals_total{mapping="gh-prs",reason="S0402"} 2"#), again.text)
            XCTAssertTrue(again.text.contains(#"airscript_deliveries_total{mapping="gh-prs",status="401",outcome=""} 2"#), again.text)
        }
    }

    func testAdminPathsAreHiddenOnAPublicAddressWithoutAToken() async throws {
        let f = try fixture { $0.host = "0.0.0.0" }
        try await f.test { client in
            let metrics = try await client.send(.get, "/_airscript/metrics")
            let health = try await client.send(.get, "/_airscript/health")
            XCTAssertEqual(metrics.status.code, 404)
            XCTAssertEqual(health.status.code, 200)
        }
        let g = try fixture {
            $0.host = "0.0.0.0"
            $0.adminToken = "t0k"
        }
        try await g.test { client in
            let allowed = try await client.send(.get, "/_airscript/metrics", headers: [("Authorization", "Bearer t0k")])
            let refused = try await client.send(.get, "/_airscript/metrics", headers: [("Authorization", "Bearer no")])
            XCTAssertEqual(allowed.status.code, 200)
            XCTAssertEqual(refused.status.code, 404)
        }
    }

    func testNoDebugHeadersOnAPublicAddress() async throws {
        let f = try fixture { $0.host = "0.0.0.0" }
        try await f.test { client in
            let r = try await client.post("/subscriptions/gh-prs", Self.prBody, headers: Self.githubHeaders(Self.prBody))
            XCTAssertNil(r.header("Airscript-Journey"))
            XCTAssertNil(r.header("Airscript-Outcome"))
            XCTAssertEqual(r.header("Airscript-Duplicate"), "false")
        }
    }

    // MARK: - Salesforce Outbound Messages (§3)

    static let outbound = """
        version: 1
        name: sf-outbound
        source:
          kind: subscription
          provider: salesforce
          format: outbound-message
          verify: {scheme: none, organizationId: 00D5e000000AbCdEAK}
        payload:
          sample: {organizationId: o, actionId: a, notificationId: n, result: {Id: x, FirstName: y, attributes: {type: Lead}}}
        journey:
          behavior: start
          identifier:
            type: text
            expression: 'IF(payload.result.FirstName = "Fail", CONCAT("x", 1 / (LENGTH(payload.result.FirstName) - 4)), payload.result.Id)'
        """

    func testAnOutboundMessageIsMappedPerNotificationAndAcknowledged() async throws {
        let f = try ServerFixture(["outbound.yaml": Self.outbound])
        let body = try String(contentsOf: OutboundFixture.sample, encoding: .utf8)
        try await f.test { client in
            for _ in 0..<2 {
                let r = try await client.post("/subscriptions/sf-outbound", body, headers: [("Content-Type", "text/xml; charset=utf-8")])
                XCTAssertEqual(r.status.code, 200)
                XCTAssertEqual(r.header("Content-Type"), "text/xml; charset=utf-8")
                XCTAssertTrue(r.text.contains("<Ack>true</Ack>"), r.text)
            }
            // One notification fails: a SOAP fault, so that Salesforce sends the message again.
            let failing = body.replacingOccurrences(of: "<sf:FirstName>Ade</sf:FirstName>", with: "<sf:FirstName>Fail</sf:FirstName>")
                .replacingOccurrences(of: "04l5e000003Lq1nAAC", with: "04l5e000003Lq1zAAC")
            let r = try await client.post("/subscriptions/sf-outbound", failing, headers: [("Content-Type", "text/xml")])
            XCTAssertEqual(r.status.code, 500)
            XCTAssertTrue(r.text.contains("<faultstring>not processed: 04l5e000003Lq1zAAC: R0501</faultstring>"), r.text)
            // Another organization's message is refused.
            let foreign = try await client.post(
                "/subscriptions/sf-outbound", body.replacingOccurrences(of: "00D5e000000AbCdEAK", with: "00Dother"),
                headers: [("Content-Type", "text/xml")])
            XCTAssertEqual(foreign.status.code, 403)
            XCTAssertEqual(foreign.code, "S0405")
        }
        // Two leads, each once: the second message was a duplicate of the first.
        XCTAssertEqual(f.activeByIdentifier, ["00Q5e00000AbcDeEAF": 1, "00Q5e00000AbcDfEAF": 1])
        XCTAssertEqual(f.store.journeys.journeys.count, 2)
    }

    // MARK: - §7 concurrency

    /// 64 concurrent deliveries over 16 identifiers with behaviour `replace`: at most one active
    /// journey per identifier after, and the responses are those of some one-at-a-time order:
    /// per identifier, one `started` and the rest `replaced`, each replacing a journey that existed.
    func testConcurrentReplacementsAreSerialisable() async throws {
        let f = try fixture()
        let collected = Collected()
        try await f.test { client in
            try await withThrowingTaskGroup(of: (String, String).self) { group in
                for n in 0..<64 {
                    group.addTask {
                        let key = "id-\(n % 16)"
                        let r = try await client.post(
                            "/hooks/replace", #"{"key":"\#(key)","delivery":"d-\#(n)"}"#, headers: [("Content-Type", "application/json")])
                        XCTAssertEqual(r.status.code, 200)
                        return (key, r.header("Airscript-Outcome") ?? "")
                    }
                }
                for try await outcome in group { collected.append(outcome) }
            }
        }
        let outcomes = collected.values
        XCTAssertEqual(outcomes.count, 64)
        for k in 0..<16 {
            let mine = outcomes.filter { $0.0 == "id-\(k)" }.map(\.1)
            XCTAssertEqual(mine.filter { $0 == "started" }.count, 1, "identifier \(k): \(mine)")
            XCTAssertEqual(mine.filter { $0 == "replaced" }.count, 3, "identifier \(k): \(mine)")
        }
        XCTAssertEqual(f.activeByIdentifier.count, 16)
        XCTAssertTrue(f.activeByIdentifier.values.allSatisfy { $0 == 1 })
        XCTAssertEqual(f.store.journeys.journeys.count, 64)
    }
}

/// A store that cannot be reached.
final class UnavailableStore: JourneyStoreBackend, @unchecked Sendable {
    let location = StoreLocation.memory
    let seed: UInt64 = 0
    let isDatabase = true
    func commit<Result>(touching keys: JourneyKeys, _ body: (inout JourneyStore, inout BatchLog) -> Result) throws(StoreError) -> Result {
        throw StoreError(.unavailable, "store `test:` is unavailable")
    }
    func deliveries(keyed keys: [String], mapping: String) throws(StoreError) -> [String: DeliveryRow] { [:] }
}

/// Results gathered by concurrent tasks.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(String, String)] = []
    func append(_ item: (String, String)) { lock.withLock { items.append(item) } }
    var values: [(String, String)] { lock.withLock { items } }
}

enum OutboundFixture {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples/payloads/salesforce-outbound-message.xml")
}
