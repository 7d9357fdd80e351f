import AirscriptMapping
import Foundation
import HummingbirdTesting
import XCTest

@testable import AirscriptServer

/// The delivery inspector (store.md §5, the inspector issue): its pages over the store's delivery
/// rows, what it keeps with and without `--capture`, escaping of hostile payloads, who may open
/// it, and replay behind the anti-forgery token and the same-origin check.
final class InspectorTests: XCTestCase {
    static let mapping = """
        version: 1
        name: people
        source:
          kind: subscription
          route: /hooks/people
          verify:
            scheme: none
        payload:
          sample: {name: Dana, tasks: [{t: a}]}
        journey:
          behavior: start
          identifier:
            type: text
            expression: payload.name
          startParameters: '{tasks: FROM x IN payload.tasks SELECT x.t}'
        response:
          status: 200
          body: '{hello: payload.name}'
        """

    static let hostile = #"{"name": "<script>alert(1)</script>\"' onmouseover=x", "tasks": "javascript:alert(2)"}"#

    func fixture(capture: Bool = true, host: String = "127.0.0.1", token: String? = nil) throws -> ServerFixture {
        try ServerFixture(["people.yaml": Self.mapping]) { c in
            c.inspector = true
            c.capture = capture
            c.host = host
            c.adminToken = token
        }
    }

    /// The first link to a delivery's page on the list.
    static func firstDelivery(_ html: String) -> String? {
        guard let range = html.range(of: #"/_airscript/deliveries/[^"]+"#, options: .regularExpression) else { return nil }
        return String(html[range])
    }

    func testOffByDefault() async throws {
        let fixture = try ServerFixture(["people.yaml": Self.mapping])
        try await fixture.test { client in
            let response = try await client.send(.get, "/_airscript/")
            XCTAssertEqual(response.status.code, 404)
        }
    }

    func testHostilePayloadValuesAreEscapedEverywhere() async throws {
        let fixture = try fixture()
        try await fixture.test { client in
            _ = try await client.post("/hooks/people", Self.hostile, headers: [("Content-Type", "application/json")])
            let list = try await client.send(.get, "/_airscript/")
            XCTAssertEqual(list.status.code, 200)
            XCTAssertEqual(list.header("Content-Type"), "text/html; charset=utf-8")
            XCTAssertNotNil(list.header("Content-Security-Policy"))
            guard let path = Self.firstDelivery(list.text) else { return XCTFail(list.text) }
            let page = try await client.send(.get, path).text
            for html in [list.text, page] {
                XCTAssertFalse(html.contains("<script>alert"), html)
                XCTAssertFalse(html.contains("\" onmouseover"), html)
                XCTAssertFalse(html.contains("href=\"javascript:"), html)
            }
            XCTAssertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page)
            XCTAssertTrue(page.contains("javascript:alert(2)"), "shown as text")
            // The query over a Text fails: its span is marked in the mapping's source.
            XCTAssertTrue(page.contains("error[R0506]"), page)
            XCTAssertTrue(page.contains("FROM x IN <mark>payload.tasks</mark> SELECT"), page)
        }
    }

    func testWithoutCaptureNeitherBodyNorSlotValuesAreKept() async throws {
        let fixture = try fixture(capture: false)
        try await fixture.test { client in
            _ = try await client.post(
                "/hooks/people", #"{"name": "Secretive", "tasks": [{"t": "private"}]}"#,
                headers: [("Content-Type", "application/json"), ("X-Api-Key", "k-123"), ("Authorization", "Bearer t-456")])
            let rows = try fixture.store.latestDeliveries(limit: 10)
            XCTAssertEqual(rows.count, 1)
            let stored = (rows.first?.output ?? "") + (rows.first?.detail ?? "")
            XCTAssertFalse(stored.contains("private"), stored)
            XCTAssertFalse(stored.contains("k-123") || stored.contains("t-456"), stored)
            let list = try await client.send(.get, "/_airscript/").text
            guard let path = Self.firstDelivery(list) else { return XCTFail(list) }
            let page = try await client.send(.get, path).text
            XCTAssertTrue(page.contains("The body was not captured"), page)
            XCTAssertFalse(page.contains("id=\"replay\""), "nothing to replay")
        }
    }

    func testFiltersAndRows() async throws {
        let fixture = try fixture()
        try await fixture.test { client in
            _ = try await client.post("/hooks/people", #"{"name": "A", "tasks": []}"#, headers: [("Content-Type", "application/json")])
            _ = try await client.post("/hooks/people", #"{"name": "B", "tasks": 3}"#, headers: [("Content-Type", "application/json")])
            let errors = try await client.send(.get, "/_airscript/rows?outcome=error").text
            XCTAssertEqual(errors.components(separatedBy: "<tr ").count - 1, 1, errors)
            let started = try await client.send(.get, "/_airscript/rows?outcome=started&status=200").text
            XCTAssertEqual(started.components(separatedBy: "<tr ").count - 1, 1, started)
            let none = try await client.send(.get, "/_airscript/rows?mapping=nothing").text
            XCTAssertTrue(none.contains("No deliveries yet."), none)
        }
    }

    func testADuplicateIsListedAndPointsAtItsOriginal() async throws {
        let keyed = Self.mapping.replacingOccurrences(of: "    scheme: none\n", with: "    scheme: none\n  dedupe: payload.name\n")
        let fixture = try ServerFixture(["people.yaml": keyed]) { c in c.inspector = true }
        try await fixture.test { client in
            for _ in 0..<2 {
                _ = try await client.post("/hooks/people", #"{"name": "Twice", "tasks": []}"#, headers: [("Content-Type", "application/json")])
            }
            let rows = try await client.send(.get, "/_airscript/rows").text
            XCTAssertEqual(rows.components(separatedBy: "<tr ").count - 1, 2, rows)
            XCTAssertTrue(rows.contains(#"<a href="/_airscript/deliveries/people/Twice" title="answered from Twice">yes</a>"#), rows)
            let duplicate = try fixture.store.latestDeliveries(limit: 1).first
            XCTAssertTrue(duplicate?.key.hasPrefix("request:") ?? false)
            XCTAssertEqual(duplicate?.outcome, "started")
            XCTAssertEqual(fixture.activeByIdentifier, ["Twice": 1], "nothing was mapped twice")
        }
    }

    func testJourneyPage() async throws {
        let fixture = try fixture()
        try await fixture.test { client in
            _ = try await client.post("/hooks/people", #"{"name": "Dana", "tasks": []}"#, headers: [("Content-Type", "application/json")])
            guard let journey = fixture.store.journeys.journeys.first else { return XCTFail("no journey") }
            let page = try await client.send(.get, "/_airscript/journeys/\(journey.id)").text
            XCTAssertTrue(page.contains("<dd>Dana</dd>"), page)
            XCTAssertTrue(page.contains("<dd>active</dd>"), page)
            let missing = try await client.send(.get, "/_airscript/journeys/nope")
            XCTAssertEqual(missing.status.code, 404)
        }
    }

    func testReplayNeedsTheTokenAndThisOrigin() async throws {
        let fixture = try fixture()
        try await fixture.test { client in
            _ = try await client.post("/hooks/people", #"{"name": "R", "tasks": 1}"#, headers: [("Content-Type", "application/json")])
            let list = try await client.send(.get, "/_airscript/").text
            guard let path = Self.firstDelivery(list) else { return XCTFail(list) }
            let page = try await client.send(.get, path).text
            guard let token = page.range(of: #"(?<=name="csrf" value=")[0-9a-f]+"#, options: .regularExpression).map({ String(page[$0]) })
            else { return XCTFail(page) }
            // The testing router's requests are for `localhost`.
            let form = [("Content-Type", "application/x-www-form-urlencoded")]
            let origin = ("Origin", "http://localhost")
            let refused = [
                try await client.post(path + "/replay", "csrf=\(token)&mode=dry-run", headers: form),
                try await client.post(path + "/replay", "csrf=\(token)&mode=dry-run", headers: form + [("Origin", "https://evil.example")]),
                try await client.post(path + "/replay", "csrf=0000&mode=dry-run", headers: form + [origin]),
                try await client.post(path + "/replay", "csrf=\(token)&mode=dry-run", headers: form + [origin, ("Sec-Fetch-Site", "cross-site")]),
            ]
            XCTAssertEqual(refused.map(\.status.code), [403, 403, 403, 403])
            let before = try fixture.store.latestDeliveries(limit: 10).count
            let dry = try await client.post(path + "/replay", "csrf=\(token)&mode=dry-run", headers: form + [origin])
            XCTAssertEqual(dry.status.code, 200, dry.text)
            XCTAssertTrue(dry.text.contains("Nothing was committed"), dry.text)
            XCTAssertEqual(try fixture.store.latestDeliveries(limit: 10).count, before, "a dry run commits nothing")
            let live = try await client.post(path + "/replay", "csrf=\(token)&mode=live", headers: form + [origin])
            XCTAssertEqual(live.status.code, 303)
            XCTAssertTrue(live.header("Location")?.contains("request%3Areplay-") ?? false, "\(String(describing: live.header("Location")))")
            XCTAssertEqual(try fixture.store.latestDeliveries(limit: 10).count, before + 1)
        }
    }

    func testAPublicAddressNeedsTheAdminToken() async throws {
        let open = try fixture(host: "0.0.0.0")
        try await open.test { client in
            let response = try await client.send(.get, "/_airscript/")
            XCTAssertEqual(response.status.code, 404)
        }
        let guarded = try fixture(host: "0.0.0.0", token: "admin-secret")
        try await guarded.test { client in
            let refused = try await client.send(.get, "/_airscript/")
            XCTAssertEqual(refused.status.code, 404)
            let allowed = try await client.send(.get, "/_airscript/", headers: [("Authorization", "Bearer admin-secret")])
            XCTAssertEqual(allowed.status.code, 200)
        }
    }
}
