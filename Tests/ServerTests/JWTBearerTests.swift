import Airscript
import AirscriptMapping
import AirscriptServe
import Crypto
import Foundation
import XCTest
import _CryptoExtras

@testable import AirscriptServer

/// Bearer JWTs (serve.md §4.1): each algorithm with a key of its kind, and what must be refused.
final class JWTBearerTests: XCTestCase {
    let now = Date().timeIntervalSince1970

    func claims(_ extra: [String: Any] = [:]) -> [String: Any] {
        ["sub": "user-1", "iss": "https://auth.example", "aud": ["leads", "other"], "exp": now + 300].merging(extra) { $1 }
    }

    func signed(_ claims: [String: Any], algorithm: String, kid: String? = nil, sign: (Data) throws -> Data) rethrows -> String {
        var header: [String: Any] = ["alg": algorithm, "typ": "JWT"]
        if let kid { header["kid"] = kid }
        let input =
            TestTokens.base64url(try! JSONSerialization.data(withJSONObject: header)) + "."
            + TestTokens.base64url(try! JSONSerialization.data(withJSONObject: claims))
        return input + "." + TestTokens.base64url(try sign(Data(input.utf8)))
    }

    func testES256WithAPEMKeyWrittenInPlace() async throws {
        let key = P256.Signing.PrivateKey()
        var auth = ServeSource.Auth()
        auth.requiresBearer = true
        auth.es256 = [key.publicKey.pemRepresentation]
        auth.issuer = "https://auth.example"
        auth.audience = "leads"
        let bearer = try JWTBearer(auth, secrets: [])
        let token = try signed(claims(), algorithm: "ES256") { try key.signature(for: $0).rawRepresentation }
        let verified = try await bearer.claims(of: token, now: now)
        XCTAssertEqual(verified.member("sub"), Value.text("user-1"))
        // Another key's signature; the issuer wrong; HS256 when only ES256 is configured.
        let other = P256.Signing.PrivateKey()
        await assertRefused(bearer, try signed(claims(), algorithm: "ES256") { try other.signature(for: $0).rawRepresentation }, "bad signature")
        await assertRefused(
            bearer, try signed(claims(["iss": "https://evil.example"]), algorithm: "ES256") { try key.signature(for: $0).rawRepresentation },
            "wrong issuer")
        await assertRefused(bearer, TestTokens.make(claims()), "algorithm `HS256` is not accepted")
    }

    func testRS256WithAPEMKeyFromAFile() async throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rs256-\(UUID().uuidString).pem")
        try key.publicKey.pemRepresentation.write(to: file, atomically: true, encoding: .utf8)
        var auth = ServeSource.Auth()
        auth.requiresBearer = true
        auth.rs256 = ["file:\(file.path)"]
        let bearer = try JWTBearer(auth, secrets: [])
        let token = try signed(claims(), algorithm: "RS256") { try key.signature(for: $0, padding: .insecurePKCS1v1_5).rawRepresentation }
        let verified = try await bearer.claims(of: token, now: now)
        XCTAssertEqual(verified.member("sub"), Value.text("user-1"))
        await assertRefused(
            bearer,
            try signed(claims(["exp": now - 61]), algorithm: "RS256") {
                try key.signature(for: $0, padding: .insecurePKCS1v1_5).rawRepresentation
            }, "the token expired")
    }

    func testAJWKSetFindsTheKeyByKid() async throws {
        let key = P256.Signing.PrivateKey()
        let raw = key.publicKey.rawRepresentation  // x ‖ y
        let jwks = """
            {"keys":[{"kty":"EC","crv":"P-256","kid":"k1","alg":"ES256","use":"sig",
            "x":"\(TestTokens.base64url(raw.prefix(32)))","y":"\(TestTokens.base64url(raw.suffix(32)))"}]}
            """
        var auth = ServeSource.Auth()
        auth.requiresBearer = true
        auth.jwks = jwks
        let bearer = try JWTBearer(auth, secrets: [])
        let token = try signed(claims(), algorithm: "ES256", kid: "k1") { try key.signature(for: $0).rawRepresentation }
        let verified = try await bearer.claims(of: token, now: now)
        XCTAssertEqual(verified.member("sub"), Value.text("user-1"))
        await assertRefused(bearer, TestTokens.make(claims(), algorithm: "none"), "bad signature")
    }

    func testHS256KeysShorterThanTheHashAreRefusedAtStartUp() {
        var auth = ServeSource.Auth()
        auth.requiresBearer = true
        XCTAssertThrowsError(try JWTBearer(auth, secrets: ["short"]))
        XCTAssertNoThrow(try JWTBearer(auth, secrets: [String(repeating: "k", count: 32)]))
    }

    func testAMissingExpIsRefused() async throws {
        var auth = ServeSource.Auth()
        auth.requiresBearer = true
        let secret = String(repeating: "k", count: 32)
        let bearer = try JWTBearer(auth, secrets: [secret])
        await assertRefused(bearer, TestTokens.make(["sub": "x"], key: secret), "the token has no `exp`")
        let token = TestTokens.make(["sub": "x", "exp": now + 10], key: secret)
        let verified = try await bearer.claims(of: token, now: now)
        XCTAssertEqual(verified.member("sub"), Value.text("x"))
    }

    func assertRefused(_ bearer: JWTBearer, _ token: String, _ reason: String, file: StaticString = #filePath, line: UInt = #line) async {
        do {
            _ = try await bearer.claims(of: token, now: now)
            XCTFail("accepted", file: file, line: line)
        } catch {
            XCTAssertEqual(error.reason, reason, file: file, line: line)
        }
    }
}
