import Foundation
import XCTest

/// `airscript webhook sign` through the binary: the published vectors come out, secrets are named.
final class WebhookSignCommandTests: XCTestCase {
    func sign(_ arguments: [String], body: String, environment: [String: String]) throws -> CommandTests.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-sign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(body.utf8).write(to: folder.appendingPathComponent("body"))
        for (name, value) in environment { setenv(name, value, 1) }
        defer { for name in environment.keys { unsetenv(name) } }
        return try CommandTests.airscript(["webhook", "sign"] + arguments + ["body"], in: folder)
    }

    func testPublishedVectorsComeOut() throws {
        let github = try sign(
            ["--scheme", "github", "--secret", "env:GH_SECRET"], body: "Hello, World!", environment: ["GH_SECRET": "It's a Secret to Everybody"])
        XCTAssertEqual(github.status, 0, github.stderr)
        XCTAssertTrue(
            github.stdout.contains("X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n"), github.stdout)
        let twilio = try sign(
            ["--scheme", "twilio", "--secret", "env:TWILIO_TOKEN", "--url", "https://mycompany.com/myapp.php?foo=1&bar=2"],
            body: "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212",
            environment: ["TWILIO_TOKEN": "12345"])
        XCTAssertEqual(twilio.stdout, "X-Twilio-Signature: RSOYDt4T1cUTdK1PDd93/VVr8B8=\n")
        let stripe = try sign(
            ["--scheme", "stripe", "--secret", "env:STRIPE", "--now", "2023-11-14T22:13:20Z"],
            body: #"{"id":"evt_test_webhook","object":"event"}"#, environment: ["STRIPE": "whsec_test_secret"])
        XCTAssertEqual(stripe.stdout, "Stripe-Signature: t=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990\n")
    }

    func testSecretsAreNamedNotWritten() throws {
        let literal = try sign(["--scheme", "github", "--secret", "s3cr3t"], body: "x", environment: [:])
        XCTAssertEqual(literal.status, 64)
        XCTAssertTrue(literal.stderr.contains("error[S0201]"), literal.stderr)
        XCTAssertFalse(literal.stderr.contains("s3cr3t"), "the secret is not echoed")
        let missing = try sign(["--scheme", "github", "--secret", "env:AIRSCRIPT_NOT_SET"], body: "x", environment: [:])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.contains("error[S0202]"), missing.stderr)
        let scheme = try sign(["--scheme", "gitlab", "--secret", "env:X"], body: "x", environment: [:])
        XCTAssertEqual(scheme.status, 64)
        XCTAssertTrue(scheme.stderr.contains("unknown scheme 'gitlab'"), scheme.stderr)
    }
}
