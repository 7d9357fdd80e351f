import Airscript

/// Checks an App API's bearer token (serve.md §4.1) and gives its verified claims, which the
/// mapping reads as `request.claims`. The server supplies it (JWTs through jwt-kit); this module
/// only calls it.
public protocol BearerAuthenticator: Sendable {
    /// The token's claims when it is valid at `now`; why not otherwise.
    func claims(of token: String, now: Double) async throws(BearerFailure) -> Value
}

/// Why a bearer token was refused: 401, S0404 (serve.md §4.1).
public struct BearerFailure: Error, Sendable, Equatable {
    /// What was wrong, without the token.
    public var reason: String
    /// Whether there was a token at all: without one, `WWW-Authenticate: Bearer` has no error.
    public var tokenPresent: Bool

    /// A failure.
    public init(reason: String, tokenPresent: Bool = true) {
        self.reason = reason
        self.tokenPresent = tokenPresent
    }
}
