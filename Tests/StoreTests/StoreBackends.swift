import AirscriptMapping
import AirscriptPostgres
import AirscriptSQLite
import Foundation
import TestSupport
import Testing

/// The backends the behaviour suite runs on. Each test makes a fresh, empty store of its kind.
enum StoreBackendKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The PostgreSQL server the tests may use (`scripts/with-postgres.sh`, which `make test`
    /// runs the tests under, starts one and sets it).
    static let postgresURL = TestPostgres.url

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
            let url = try TestPostgres.createDatabase()
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
        if let dropDatabase { TestPostgres.dropDatabase(dropDatabase) }
    }
}

extension JourneyStoreBackend {
    /// Every journey, in creation order, whatever the backend.
    func allJourneys() throws -> [JourneyStore.Journey] {
        if let memory = self as? MemoryJourneyStore { return Array(memory.journeys.journeys) }
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
