import AirscriptMapping
import AirscriptServe
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

@testable import AirscriptServer

/// A server over mapping files written for a test, with its secrets in a test environment and a
/// memory store that remembers deliveries.
struct ServerFixture {
    static let environment = [
        "GH_SECRET": "It's a Secret to Everybody", "JWT_KEY": "jwt-test-key-of-at-least-32-bytes!", "SLACK_SECRET": "slack-secret",
    ]

    let server: ServeServer
    let store: MemoryJourneyStore
    let folder: URL

    /// Mounts `mappings` (file name → YAML); `configure` changes the server's options.
    init(_ mappings: [String: String], configure: (inout ServeConfiguration) -> Void = { _ in }) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var paths: [String] = []
        for (name, text) in mappings.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        var options = ServeSetup.Options(
            runOptions: { mapping in RunOptions(now: 0, timeZone: "UTC", locale: "en-US", seed: 7) },
            bearer: { auth, secrets in try JWTBearer(auth, secrets: secrets) })
        options.environment = ServerFixture.environment
        let setup = ServeSetup.load(paths, options: options)
        guard let table = setup.table else {
            let messages = setup.reports.flatMap { $0.diagnostics.map { "\($0.diagnostic.code) \($0.diagnostic.message)" } }
            throw FixtureError(message: messages.joined(separator: "; "))
        }
        var configuration = ServeConfiguration()
        configuration.port = 0
        configure(&configuration)
        store = MemoryJourneyStore(seed: 7, keepsDeliveries: true)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        server = ServeServer(configuration: configuration, table: table, backend: store, logger: logger)
        server.state.markReady()
    }

    struct FixtureError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs `body` against the router in memory (Hummingbird's testing module).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await server.application().test(.router, body)
    }

    /// Active journeys by identifier.
    var activeByIdentifier: [String: Int] {
        var counts: [String: Int] = [:]
        for journey in store.journeys.journeys where journey.active { counts[journey.identifier ?? "", default: 0] += 1 }
        return counts
    }
}

extension TestClientProtocol {
    /// A POST with `headers` (name, value) and `body`.
    func post(_ uri: String, _ body: String, headers: [(String, String)] = []) async throws -> TestResponse {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return try await execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(string: body))
    }

    /// A request without a body.
    func send(_ method: HTTPRequest.Method, _ uri: String, headers: [(String, String)] = []) async throws -> TestResponse {
        var fields = HTTPFields()
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return try await execute(uri: uri, method: method, headers: fields)
    }
}

extension TestResponse {
    /// A header's value.
    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
    /// The body as text.
    var text: String { String(buffer: body) }
    /// The problem's `code`, for application/problem+json answers.
    var code: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        return object["code"] as? String
    }
}

/// HS256 JWTs made by hand, so that a test can also make the ones a server must refuse.
enum TestTokens {
    static func make(_ claims: [String: Any], algorithm: String = "HS256", key: String = "jwt-test-key-of-at-least-32-bytes!") -> String {
        let header = base64url(try! JSONSerialization.data(withJSONObject: ["alg": algorithm, "typ": "JWT"]))
        let payload = base64url(try! JSONSerialization.data(withJSONObject: claims))
        let input = "\(header).\(payload)"
        guard algorithm == "HS256" else { return input + "." }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(key.utf8)))
        return input + "." + base64url(Data(mac))
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
