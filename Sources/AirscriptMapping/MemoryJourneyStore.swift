import Foundation

/// The store of one process (`memory:`, store.md §2): the whole `JourneyStore` is the working set
/// of every batch, so a commit is a lock and the caller's decisions, nothing more. `map` without
/// `--store` runs on it, and `--state FILE` loads it before and saves it after the run.
public final class MemoryJourneyStore: InspectableStore, @unchecked Sendable {
    /// `memory:`.
    public let location = StoreLocation.memory
    /// The seed journey ids are made with.
    public let seed: UInt64
    /// The memory store counts events on the journeys: nothing outlives the process, so nothing
    /// is resumed from it.
    public let isDatabase = false
    /// Whether delivery rows are kept (for `serve`'s duplicate deliveries); `map` keeps none.
    public let keepsDeliveries: Bool
    // Guarded by `lock`: batches of concurrent callers (a server's requests) commit one at a time.
    private let lock = NSLock()
    private var store: JourneyStore
    private var log = BatchLog()
    private var rows = ShardedDictionary<DeliveryReference, KeptRow>()
    /// The keys of `rows` in the order they were first seen, the newest last; an entry whose
    /// number is not its row's is a row forgotten (and perhaps kept again, later in the order).
    private var firstSeenOrder = ChunkedArray<(reference: DeliveryReference, number: Int)>()
    private var keptRows = 0
    private var latestFirstSeen = 0.0

    /// A row, and its place in `firstSeenOrder` by number.
    private struct KeptRow {
        var row: DeliveryRow
        var number: Int
    }

    /// A delivery row's place: its mapping and key.
    private struct DeliveryReference: Hashable {
        var mapping: String
        var key: String
    }

    /// A store holding `store` (empty by default), making journey ids with `seed`; with
    /// `keepsDeliveries`, it also remembers the delivery rows batches log.
    public init(_ store: JourneyStore = JourneyStore(), seed: UInt64, keepsDeliveries: Bool = false) {
        self.store = store
        self.seed = seed
        self.keepsDeliveries = keepsDeliveries
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
            for key in keys.deliveryKeys {
                log.earlier[key] = rows[DeliveryReference(mapping: keys.deliveryMapping, key: key)]?.row
            }
            let result = body(&store, &log)
            if keepsDeliveries { keep(log.deliveries) }
            return result
        }
    }

    /// Stores rows as the databases do: a key keeps the time it was first seen.
    private func keep(_ deliveries: [DeliveryRow]) {
        // Never before the last: the clock may step back, the order keys were first seen in does not.
        let now = max(Date().timeIntervalSince1970, latestFirstSeen)
        latestFirstSeen = now
        for var row in deliveries {
            let reference = DeliveryReference(mapping: row.mapping, key: row.key)
            if let kept = rows[reference] {
                row.firstSeen = kept.row.firstSeen
                rows[reference] = KeptRow(row: row, number: kept.number)
            } else {
                row.firstSeen = now
                keptRows += 1
                firstSeenOrder.append((reference, keptRows))
                rows[reference] = KeptRow(row: row, number: keptRows)
            }
        }
    }

    /// The newest rows kept (none unless `keepsDeliveries`), newest first: by the time a key was
    /// first kept, and in one instant the later kept first, as the databases list them.
    public func latestDeliveries(limit: Int) throws(StoreError) -> [DeliveryRow] {
        lock.withLock {
            // The end of the order keys were first seen in, which their times never contradict: no
            // sort of every row while every delivery waits (the inspector asks every two seconds).
            Array(firstSeenOrder.reversed().lazy.compactMap { self.kept($0)?.row }.prefix(max(0, limit)))
        }
    }

    /// Forgets old rows, reading from the front of the order keys were first seen in. The order
    /// loses its front up to the first old row of another mapping, which stays (with the rows
    /// forgotten behind it, skipped when read) until a call that names its mapping.
    public func forgetDeliveries(of mappings: [String], firstSeenBefore time: Double, limit: Int) throws(StoreError) -> Int {
        let forgotten = Set(mappings)
        return lock.withLock {
            var removed = 0
            var front = 0
            var keptOne = false
            for entry in firstSeenOrder {
                guard let row = kept(entry)?.row else {
                    if !keptOne { front += 1 }
                    continue
                }
                guard (row.firstSeen ?? 0) < time, removed < limit else { break }
                if forgotten.contains(row.mapping) {
                    rows[entry.reference] = nil
                    removed += 1
                    if !keptOne { front += 1 }
                } else {
                    keptOne = true
                }
            }
            firstSeenOrder.removeFirst(front)
            return removed
        }
    }

    /// The row an entry of `firstSeenOrder` stands for, unless it was forgotten since.
    private func kept(_ entry: (reference: DeliveryReference, number: Int)) -> KeptRow? {
        guard let kept = rows[entry.reference], kept.number == entry.number else { return nil }
        return kept
    }

    /// A journey; the memory store keeps no events.
    public func journey(id: String) throws(StoreError) -> (JourneyStore.Journey, [JourneyEvent])? {
        lock.withLock { store.journey(id: id).map { ($0, []) } }
    }

    /// The rows kept under `keys` (none unless `keepsDeliveries`).
    public func deliveries(keyed keys: [String], mapping: String) throws(StoreError) -> [String: DeliveryRow] {
        lock.withLock {
            var found: [String: DeliveryRow] = [:]
            for key in keys { found[key] = rows[DeliveryReference(mapping: mapping, key: key)]?.row }
            return found
        }
    }
}
