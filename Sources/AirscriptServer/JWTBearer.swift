import Airscript
import AirscriptMapping
import AirscriptServe
import Foundation
import JWTKit

/// Bearer JWTs for App APIs (serve.md §4.1), through jwt-kit: HS256 secrets, RS256 and ES256
/// public keys (PEM), a JWK set; `exp` and `nbf` with 60 s of leeway, `iss` and `aud` when the
/// mapping names them. Only the configured algorithms are tried: `alg: none`, and any other, is
/// refused before a key is touched.
public struct JWTBearer: BearerAuthenticator {
    /// A key and its algorithm: each is tried in a collection of its own (jwt-kit picks a
    /// collection's default key when a token names no `kid`).
    enum Key: Sendable {
        case hs256(String)
        case rs256(Insecure.RSA.PublicKey)
        case es256(ES256PublicKey)

        var algorithm: String {
            switch self {
            case .hs256: "HS256"
            case .rs256: "RS256"
            case .es256: "ES256"
            }
        }

        func collection() async -> JWTKeyCollection {
            switch self {
            case .hs256(let secret): await JWTKeyCollection().add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
            case .rs256(let key): await JWTKeyCollection().add(rsa: key, digestAlgorithm: .sha256)
            case .es256(let key): await JWTKeyCollection().add(ecdsa: key)
            }
        }
    }

    /// The algorithms configured, for the message of a token signed with another.
    let algorithms: Set<String>
    /// Each key in its collection, built once (jwt-kit's collections are actors: built off the
    /// caller, awaited by the first token).
    let collections: Task<[(algorithm: String, collection: JWTKeyCollection)], Never>
    /// A JWK set, its keys found by the token's `kid`; nil when none is configured.
    let jwks: Task<JWTKeyCollection?, Never>?
    let issuer: String?
    let audience: String?
    static let leeway = 60.0

    /// The check `auth` describes, with its HS256 secrets already resolved; throws when a key
    /// cannot be read.
    public init(
        _ auth: ServeSource.Auth, secrets: [String], readFile: (String) -> Data? = { FileManager.default.contents(atPath: $0) }
    )
        throws
    {
        // RFC 7518 §3.2: an HS256 key must be at least as long as the hash (32 bytes).
        if let short = secrets.first(where: { $0.utf8.count < 32 }) {
            throw KeyProblem(message: "an HS256 secret must be at least 32 bytes (RFC 7518 §3.2); one has \(short.utf8.count)")
        }
        var keys = secrets.map(Key.hs256)
        for pem in auth.rs256 { keys.append(.rs256(try Insecure.RSA.PublicKey(pem: try JWTBearer.text(pem, readFile: readFile)))) }
        for pem in auth.es256 { keys.append(.es256(try ES256PublicKey(pem: try JWTBearer.text(pem, readFile: readFile)))) }
        self.algorithms = Set(keys.map(\.algorithm))
        self.collections = Task { [keys] in
            var collections: [(algorithm: String, collection: JWTKeyCollection)] = []
            for key in keys { collections.append((key.algorithm, await key.collection())) }
            return collections
        }
        if let written = auth.jwks {
            let json = try JWTBearer.text(written, readFile: readFile)
            _ = try JSONDecoder().decode(JWKS.self, from: Data(json.utf8))  // refused at start-up, not at the first token
            self.jwks = Task { try? await JWTKeyCollection().add(jwksJSON: json) }
        } else {
            self.jwks = nil
        }
        self.issuer = auth.issuer
        self.audience = auth.audience
    }

    /// A key written in place (PEM, JSON) or named by `file:PATH`/`env:NAME`.
    static func text(_ written: String, readFile: (String) -> Data?) throws -> String {
        if written.hasPrefix("file:") || written.hasPrefix("env:") {
            do throws(SecretReference.Problem) {
                return try SecretReference.resolve(written, key: "source.auth.bearer", readFile: readFile)
            } catch {
                throw KeyProblem(message: error.message)
            }
        }
        return written
    }

    /// A key that cannot be read.
    struct KeyProblem: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Decodes nothing: the claims are read and checked as Airscript values.
    struct AnyClaims: JWTPayload {
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    public func claims(of token: String, now: Double) async throws(BearerFailure) -> Value {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = JWTBearer.json(parts[0]), let claims = JWTBearer.json(parts[1]) else {
            throw BearerFailure(reason: "the token is not a JWT")
        }
        guard case .text(let algorithm) = header.member("alg") else { throw BearerFailure(reason: "the token names no algorithm") }
        var verified = false
        for key in await collections.value where key.algorithm == algorithm {
            if (try? await key.collection.verify(token, as: AnyClaims.self)) != nil {
                verified = true
                break
            }
        }
        if !verified, let jwks, algorithm.lowercased() != "none", let collection = await jwks.value {
            verified = (try? await collection.verify(token, as: AnyClaims.self)) != nil
        }
        guard verified else {
            if !algorithms.contains(algorithm) && jwks == nil {
                throw BearerFailure(reason: "algorithm `\(algorithm)` is not accepted")
            }
            throw BearerFailure(reason: "bad signature")
        }
        try check(claims, now: now)
        return claims
    }

    /// `exp`, `nbf`, `iss`, `aud` (RFC 7519 §4.1).
    func check(_ claims: Value, now: Double) throws(BearerFailure) {
        guard case .number(let expires) = claims.member("exp") else { throw BearerFailure(reason: "the token has no `exp`") }
        if now > expires + JWTBearer.leeway { throw BearerFailure(reason: "the token expired") }
        if case .number(let notBefore) = claims.member("nbf"), now + JWTBearer.leeway < notBefore {
            throw BearerFailure(reason: "the token is not valid yet")
        }
        if let issuer, claims.member("iss") != .text(issuer) { throw BearerFailure(reason: "wrong issuer") }
        if let audience {
            let audiences: [Value]
            switch claims.member("aud") {
            case .list(let list): audiences = list
            case let one: audiences = [one]
            }
            if !audiences.contains(.text(audience)) { throw BearerFailure(reason: "wrong audience") }
        }
    }

    /// A base64url segment's JSON.
    static func json(_ segment: Substring) -> Value? {
        var text = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return nil }
        return try? JSONReader.read(Array(data))
    }
}
