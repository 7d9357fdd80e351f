import AirscriptMapping
import AirscriptPostgres
import AirscriptSQLite
import Foundation
import Testing

/// The backends the behaviour suite runs on. Each test makes a fresh, empty store of its kind.
enum StoreBackendKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The PostgreSQL server the tests may use (`scripts/with-postgres.sh`, which `make test`
    /// runs the tests under, starts one and sets it).
    static let postgresURL = ProcessInfo.processInfo.environment["AIRSCRIPT_TEST_POSTGRES"]

    /// The backends this run can test: PostgreSQL only with a server. On CI a missing server is
    /// a failure (`PostgresPresenceTests`), never a quiet skip.
    static var available: [StoreBackendKind] {
        postgresURL == nil ? [.memory, .sqlite] : allCases
    }

    /// A fresh empty store, and a way to open it again (what a later process would see).
    func makeStore(seed: UInt64 = 0) throws -> FreshStore {
        switch self {
        case .memory:
            let store = MemoryJourneyStore(seed: seed)
            return FreshStore(backend: store, reopen: { store })
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("journeys.sqlite").path
            return FreshStore(
                backend: try SQLiteJourneyStore(path: path, seed: seed),
                reopen: { try SQLiteJourneyStore(path: path) }, folder: folder)
        case .postgres:
            let url = try PostgresTestDatabase.create()
            return FreshStore(
                backend: try PostgresJourneyStore(url: url, seed: seed), reopen: { try PostgresJourneyStore(url: url) },
                dropDatabase: url)
        }
    }
}

/// A store made for one test; its files go when the test is done.
final class FreshStore {
    let backend: any JourneyStoreBackend
    let reopen: () throws -> any JourneyStoreBackend
    let folder: URL?
    let dropDatabase: String?

    init(
        backend: any JourneyStoreBackend, reopen: @escaping () throws -> any JourneyStoreBackend, folder: URL? = nil,
        dropDatabase: String? = nil
    ) {
        self.backend = backend
        self.reopen = reopen
        self.folder = folder
        self.dropDatabase = dropDatabase
    }

    deinit {
        if let folder { try? FileManager.default.removeItem(at: folder) }
        if let url = dropDatabase, let server = StoreBackendKind.postgresURL, let slash = url.lastIndex(of: "/") {
            try? PostgresTestDatabase.psql(server, "DROP DATABASE \(url[url.index(after: slash)...]) WITH (FORCE)")
        }
    }
}

extension JourneyStoreBackend {
    /// Every journey, in creation order, whatever the backend.
    func allJourneys() throws -> [JourneyStore.Journey] {
        if let memory = self as? MemoryJourneyStore { return memory.journeys.journeys }
        guard let administered = self as? any StoreAdministration else { return [] }
        return try administered.journeys(matching: JourneyFilter())
    }

    /// The journey-id sequence, whatever the backend.
    func sequence() throws -> Int {
        if let memory = self as? MemoryJourneyStore { return memory.journeys.sequence }
        guard let administered = self as? any StoreAdministration else { return -1 }
        return try administered.snapshot(deliveries: false).sequence
    }
}

/// Databases of their own for the PostgreSQL tests, made on the test server with `psql`.
enum PostgresTestDatabase {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// A new empty database on the test server; its URL.
    static func create() throws -> String {
        guard let server = StoreBackendKind.postgresURL, let slash = server.lastIndex(of: "/") else {
            throw Failed(description: "AIRSCRIPT_TEST_POSTGRES is not set: run the tests under scripts/with-postgres.sh")
        }
        let name = "airscript_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql(server, "CREATE DATABASE \(name)")
        return String(server[...slash]) + name
    }

    /// Runs one SQL command with `psql` against `url`.
    static func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "psql failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}
