import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `airscript serve` as a process (serve.md §1, §7): start-up checks before the port is bound,
/// the first log line, graceful shutdown with a delivery in flight, SIGHUP reload, exit statuses.
final class ServeCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func mapping(_ name: String, route: String, body: String = "'{ok: TRUE, n: payload.n}'") -> String {
        """
        version: 1
        name: \(name)
        source:
          kind: subscription
          route: \(route)
          verify: {scheme: none}
        payload:
          sample: {n: 1, key: a}
        journey:
          behavior: start
          identifier: {type: text, expression: payload.key}
        response:
          body: \(body)
        """
    }

    func write(_ text: String, _ name: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    func testStartUpChecksTheMappingsBeforeBinding() throws {
        try write(mapping("a", route: "/same"), "a.yaml")
        try write(mapping("b", route: "/same"), "b.yaml")
        var r = try CommandTests.airscript(["serve", "a.yaml", "b.yaml", "--port", "0", "--store", "memory:"], in: folder)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("S0102"), r.stderr)
        XCTAssertFalse(r.stderr.contains("listening"), r.stderr)
        try write(mapping("c", route: "/_airscript/mine"), "c.yaml")
        r = try CommandTests.airscript(["serve", "c.yaml", "--port", "0", "--store", "memory:"], in: folder)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("S0103"), r.stderr)
        try write(mapping("d", route: "/d", body: "'{n: payload.nope +}'"), "d.yaml")
        r = try CommandTests.airscript(["serve", "d.yaml", "--port", "0", "--store", "memory:"], in: folder)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("error[E"), r.stderr)
        // A secret that is not set stops it too (S0202), as a literal one does (S0201).
        try write(
            mapping("e", route: "/e").replacingOccurrences(
                of: "verify: {scheme: none}", with: "verify: {scheme: github, secrets: [env:NOT_SET_ANYWHERE]}"),
            "e.yaml")
        r = try CommandTests.airscript(["serve", "e.yaml", "--port", "0", "--store", "memory:"], in: folder)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("S0202"), r.stderr)
        try write(
            mapping("f", route: "/f").replacingOccurrences(of: "verify: {scheme: none}", with: "verify: {scheme: github, secrets: [hunter2]}"),
            "f.yaml")
        r = try CommandTests.airscript(["serve", "f.yaml", "--port", "0", "--store", "memory:"], in: folder)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("S0201"), r.stderr)
        XCTAssertFalse(r.stderr.contains("hunter2"), "a secret is never printed")
    }

    /// The inspector shows personal data: on a public address only with an admin token (serve.md §8).
    func testTheInspectorOnAPublicAddressNeedsAnAdminToken() throws {
        try write(mapping("a", route: "/a"), "a.yaml")
        let r = try CommandTests.airscript(["serve", "a.yaml", "--host", "0.0.0.0", "--port", "0", "--inspector"], in: folder)
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--inspector on 0.0.0.0 needs --admin-token"), r.stderr)
    }

    func testTheFirstLogLineNamesThePortAndTheServerAnswers() throws {
        try write(mapping("a", route: "/a"), "a.yaml")
        let server = try ServedProcess(["a.yaml"], in: folder)
        XCTAssertTrue(
            server.logText.split(separator: "\n").first { !$0.contains("S0105") }?.contains("listening on http://127.0.0.1:\(server.port)") == true,
            server.logText)
        let r = try server.request("POST", "/a", body: #"{"n": 5, "key": "k"}"#, headers: ["Content-Type: application/json"])
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertTrue(r.text.hasSuffix(#"{"ok":true,"n":5}"#), r.text)
        XCTAssertEqual(try server.request("GET", "/_airscript/health").status, 200)
        XCTAssertNotNil(server.waitForLog("delivery"), "an access line")
        server.signal(SIGTERM)
        XCTAssertEqual(server.waitForExit(), 0)
    }

    func testAPortInUseExits74() throws {
        try write(mapping("a", route: "/a"), "a.yaml")
        let first = try ServedProcess(["a.yaml"], in: folder)
        let r = try CommandTests.airscript(["serve", "a.yaml", "--port", String(first.port), "--store", "memory:"], in: folder)
        XCTAssertEqual(r.status, 74, r.stderr)
        first.signal(SIGTERM)
        XCTAssertEqual(first.waitForExit(), 0)
    }

    func testShutdownLetsADeliveryInFlightFinish() throws {
        try write(mapping("a", route: "/a"), "a.yaml")
        let server = try ServedProcess(["a.yaml", "--shutdown-grace", "5"], in: folder)
        let body = #"{"n": 7, "key": "k"}"#
        let connection = try ServedProcess.Connection(port: server.port)
        // Headers and half of the body: the delivery is in flight when SIGTERM arrives.
        try connection.send(server.head("POST", "/a", body: body, headers: ["Content-Type: application/json"]) + body.prefix(5))
        usleep(200_000)
        server.signal(SIGTERM)
        usleep(300_000)
        try connection.send(String(body.dropFirst(5)))
        let r = try connection.response()
        XCTAssertEqual(r.status, 200, r.text)
        XCTAssertTrue(r.text.hasSuffix(#"{"ok":true,"n":7}"#), r.text)
        XCTAssertEqual(server.waitForExit(), 0)
    }

    func testShutdownDoesNotWaitLongerThanTheGrace() throws {
        try write(mapping("a", route: "/a"), "a.yaml")
        let server = try ServedProcess(["a.yaml", "--shutdown-grace", "1"], in: folder)
        let connection = try ServedProcess.Connection(port: server.port)
        // A body that never comes.
        try connection.send(server.head("POST", "/a", body: String(repeating: "x", count: 100), headers: ["Content-Type: text/plain"]))
        usleep(200_000)
        let started = Date()
        server.signal(SIGINT)
        XCTAssertEqual(server.waitForExit(seconds: 15), 0)
        XCTAssertLessThan(Date().timeIntervalSince(started), 8, "the grace period (1 s) and the cancellation bound the wait")
        _ = connection
    }

    func testSIGHUPReloadsAndKeepsTheOldMappingsWhenANewOneFails() throws {
        try write(mapping("a", route: "/first"), "a.yaml")
        let server = try ServedProcess(["a.yaml"], in: folder)
        XCTAssertEqual(try server.request("POST", "/first", body: #"{"n":1,"key":"x"}"#, headers: ["Content-Type: application/json"]).status, 200)
        // A broken file: the old mapping stays.
        try write(mapping("a", route: "/second", body: "'{n: +}'"), "a.yaml")
        server.signal(SIGHUP)
        XCTAssertNotNil(server.waitForLog("reload refused"), server.logText)
        XCTAssertEqual(try server.request("POST", "/first", body: #"{"n":1,"key":"y"}"#, headers: ["Content-Type: application/json"]).status, 200)
        // A good one: swapped in.
        try write(mapping("a", route: "/second"), "a.yaml")
        server.signal(SIGHUP)
        XCTAssertNotNil(server.waitForLog("reloaded"), server.logText)
        XCTAssertEqual(try server.request("POST", "/second", body: #"{"n":1,"key":"z"}"#, headers: ["Content-Type: application/json"]).status, 200)
        XCTAssertEqual(try server.request("POST", "/first", body: #"{"n":1,"key":"w"}"#, headers: ["Content-Type: application/json"]).status, 404)
        let ready = try server.request("GET", "/_airscript/ready")
        XCTAssertEqual(ready.status, 200)
        XCTAssertTrue(ready.text.contains("sha256"), ready.text)
        server.signal(SIGTERM)
        XCTAssertEqual(server.waitForExit(), 0)
    }
}
