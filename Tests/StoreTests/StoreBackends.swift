import AirscriptMapping
import AirscriptSQLite
import Foundation
import Testing

/// The backends the behaviour suite runs on. Each test makes a fresh, empty store of its kind.
enum StoreBackendKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case sqlite

    var testDescription: String { rawValue }

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
        }
    }
}

/// A store made for one test; its files go when the test is done.
final class FreshStore {
    let backend: any JourneyStoreBackend
    let reopen: () throws -> any JourneyStoreBackend
    let folder: URL?

    init(backend: any JourneyStoreBackend, reopen: @escaping () throws -> any JourneyStoreBackend, folder: URL? = nil) {
        self.backend = backend
        self.reopen = reopen
        self.folder = folder
    }

    deinit {
        if let folder { try? FileManager.default.removeItem(at: folder) }
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
