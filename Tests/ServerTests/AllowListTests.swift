import AirscriptMapping
import AirscriptServe
import Foundation
import XCTest

@testable import AirscriptServer

/// Address allow-lists and trusted proxies (serve.md §4.1, §10), through the delivery pipeline
/// with the peer's address given.
final class AllowListTests: XCTestCase {
    static let mapping = """
        version: 1
        name: office
        source:
          kind: subscription
          route: /office
          verify:
            scheme: none
            allowIPs: [10.0.0.0/8, 203.0.113.7, "2001:db8::/32"]
        payload:
          sample: {id: a}
        journey:
          behavior: start
          identifier: {type: text, expression: payload.id}
        """

    func answer(peer: String?, forwardedFor: String? = nil, trusting proxies: [String] = []) async throws -> Int {
        let f = try ServerFixture(["office.yaml": Self.mapping]) { configuration in
            configuration.trustedProxies = AddressAllowList(proxies.compactMap(AddressRange.init))
        }
        var headers = [(name: "Content-Type", value: "application/json")]
        if let forwardedFor { headers.append((name: "X-Forwarded-For", value: forwardedFor)) }
        let request = ReceivedRequest(method: "POST", path: "/office", headers: headers, body: Array(#"{"id": "x"}"#.utf8))
        let response = await f.server.state.pipeline.handle(
            DeliveryPipeline.Delivery(
                request: request, peer: peer, requestID: "r", receivedAt: Date().timeIntervalSince1970, arrival: 1,
                deadline: .now + .seconds(5)))
        return response.status
    }

    func testAddressesInsideAndOutsideTheList() async throws {
        let inside = ["10.1.2.3", "203.0.113.7", "::ffff:10.9.9.9", "2001:db8::1"]
        for peer in inside {
            let status = try await answer(peer: peer)
            XCTAssertEqual(status, 200, peer)
        }
        for peer in ["192.168.1.1", "203.0.113.8", "2001:db9::1", "not an address"] {
            let status = try await answer(peer: peer)
            XCTAssertEqual(status, 403, peer)
        }
        let unknown = try await answer(peer: nil)
        XCTAssertEqual(unknown, 403, "no peer address: not allowed")
    }

    func testForwardedForCountsOnlyFromATrustedProxy() async throws {
        // Without trust, the proxy's own address is the caller.
        var status = try await answer(peer: "172.16.0.5", forwardedFor: "10.1.2.3")
        XCTAssertEqual(status, 403)
        // A trusted proxy: the nearest address it did not add itself is the caller.
        status = try await answer(peer: "172.16.0.5", forwardedFor: "10.1.2.3", trusting: ["172.16.0.0/12"])
        XCTAssertEqual(status, 200)
        status = try await answer(peer: "172.16.0.5", forwardedFor: "10.1.2.3, 192.168.7.7", trusting: ["172.16.0.0/12"])
        XCTAssertEqual(status, 403, "a spoofed first hop does not help: the hop the proxy saw is 192.168.7.7")
    }

    func testRangesParse() {
        XCTAssertNotNil(AddressRange("10.0.0.0/8"))
        XCTAssertNotNil(AddressRange("::1"))
        XCTAssertNil(AddressRange("10.0.0.0/33"))
        XCTAssertNil(AddressRange("example.com"))
        XCTAssertTrue(AddressRange("0.0.0.0/0")!.contains("8.8.8.8"))
        XCTAssertFalse(AddressRange("10.0.0.0/8")!.contains("::1"))
    }
}
