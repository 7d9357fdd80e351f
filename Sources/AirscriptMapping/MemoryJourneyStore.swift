import Foundation

/// The store of one process (`memory:`, store.md §2): the whole `JourneyStore` is the working set
/// of every batch, so a commit is a lock and the caller's decisions, nothing more. `map` without
/// `--store` runs on it, and `--state FILE` loads it before and saves it after the run.
public final class MemoryJourneyStore: JourneyStoreBackend, @unchecked Sendable {
    /// `memory:`.
    public let location = StoreLocation.memory
    /// The seed journey ids are made with.
    public let seed: UInt64
    /// The memory store counts events on the journeys and keeps no rows: nothing outlives the
    /// process, so nothing is resumed or replayed from it.
    public let isDatabase = false
    // Guarded by `lock`: batches of concurrent callers (a server's requests) commit one at a time.
    private let lock = NSLock()
    private var store: JourneyStore
    private var log = BatchLog()

    /// A store holding `store` (empty by default), making journey ids with `seed`.
    public init(_ store: JourneyStore = JourneyStore(), seed: UInt64) {
        self.store = store
        self.seed = seed
    }

    /// The journeys as they stand.
    public var journeys: JourneyStore {
        lock.withLock { store }
    }

    /// Runs `body` on the whole store, one batch at a time.
    public func commit<Result>(
        touching keys: JourneyKeys, _ body: (inout JourneyStore, inout BatchLog) -> Result
    ) throws(StoreError) -> Result {
        lock.withLock {
            log = BatchLog()
            return body(&store, &log)
        }
    }

    /// None: the memory store keeps no delivery rows.
    public func deliveries(keyed keys: [String], mapping: String) throws(StoreError) -> [String: DeliveryRow] {
        [:]
    }
}
