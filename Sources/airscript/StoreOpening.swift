import AirscriptMapping
import AirscriptPostgres
import AirscriptSQLite
import ArgumentParser
import Foundation

/// Opens a store by its URL (store.md §2) for the commands, and words its failures with the exit
/// statuses scripts rely on: 64 a wrong URL or request, 65 not a store (or a newer one), 66 no store
/// there to read, 69 the
/// store unavailable, 1 a refusal (an import into a non-empty store).
enum StoreOpening {
    /// The store at `url`; `seed` is the one a new store is created with (nil: the store's own).
    /// Without `create`, a store that does not exist yet is an error (66), not made empty.
    /// `newSeed` is the seed of a store created now when `seed` is nil.
    static func backend(_ url: String, seed: UInt64?, newSeed: UInt64 = 0, create: Bool = true) throws -> any JourneyStoreBackend {
        do throws(StoreError) {
            switch try StoreLocation(parsing: url) {
            case .memory: return MemoryJourneyStore(seed: seed ?? newSeed)
            case .sqlite(let path): return try SQLiteJourneyStore(path: path, seed: seed, newSeed: newSeed, create: create)
            case .postgres(let url): return try PostgresJourneyStore(url: url, seed: seed, newSeed: newSeed)
            }
        } catch {
            throw report(error)
        }
    }

    /// A durable store, for `airscript store` and `map --resume`: `memory:` holds nothing to read.
    static func administered(
        _ url: String, seed: UInt64? = nil, create: Bool = false, for purpose: String
    ) throws -> any StoreAdministration {
        guard let store = try backend(url, seed: seed, create: create) as? any StoreAdministration else {
            throw report(
                StoreError(.usage, "\(purpose) needs a durable store (`sqlite:PATH` or `postgres://…`); `\(url)` lives only in memory"))
        }
        return store
    }

    /// Prints the failure and returns the exit status it has.
    static func report(_ error: StoreError) -> ExitCode {
        printError("error: \(error.message)")
        return status(of: error)
    }

    static func status(of error: StoreError) -> ExitCode {
        switch error.kind {
        case .usage: Status.usage
        case .incompatible: Status.dataError
        case .unavailable: Status.unavailable
        case .missing: Status.cannotOpen
        case .refused: Status.runtimeError
        }
    }
}
