import Airscript
import AirscriptMapping
import Foundation
import GRDB

private typealias Column = RowWriter.Column

/// The journey store in a SQLite file (`sqlite:PATH`, store.md §2), in WAL mode.
///
/// A batch is one IMMEDIATE transaction: it takes SQLite's write lock first (so batches of every
/// process on the file are serialised, and two deliveries of one identifier are decided one after
/// the other), loads the journeys holding the batch's keys, lets the caller decide, and writes the
/// changes, the events and the delivery rows before committing. `synchronous = NORMAL` in WAL mode:
/// a commit survives the process being killed at any moment (SQLite's documentation: only a power
/// loss may roll back the last transactions).
public final class SQLiteJourneyStore: StoreAdministration, @unchecked Sendable {
    public let location: StoreLocation
    public let seed: UInt64
    public let isDatabase = true
    // GRDB's pool is safe to share between threads; the class holds nothing else that changes.
    private let pool: DatabasePool
    private let checkpointer: WALCheckpointer

    /// Opens (creating and migrating when needed) the store at `path`. `seed` is the seed a new
    /// store is created with; an existing store keeps its own, and a different `seed` asked of it
    /// is a usage error. Nil: the store's seed, or `newSeed` (0 by default) for a new store. Without
    /// `create`, a missing file is not made: commands that only read a store do not leave an empty
    /// one behind.
    public init(path: String, seed requested: UInt64? = nil, newSeed: UInt64 = 0, create: Bool = true) throws(StoreError) {
        let location = StoreLocation.sqlite(path: path)
        self.location = location
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw StoreError(.missing, "store `\(location)` does not exist (no file `\(path)`)")
        }
        let checkpointer = WALCheckpointer(path: path)
        self.checkpointer = checkpointer
        var configuration = Configuration()
        // Another process holding the write lock is waited for, not an error.
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer's commits leave checkpoints to the checkpointer's thread.
            if !db.configuration.readonly, let connection = db.sqliteConnection { checkpointer.install(on: connection) }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = SQLiteSchema.migrator
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                throw StoreError(
                    .incompatible,
                    "store `\(location)` was written by a newer airscript (its schema is past \(SQLiteSchema.newest)); use that version")
            }
            try migrator.migrate(pool)
            seed = try pool.write { db in
                if let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'seed'") {
                    guard let stored = UInt64(stored) else {
                        throw StoreError(.incompatible, "store `\(location)` has a seed that is not a number: `\(stored)`")
                    }
                    if let requested, requested != stored {
                        throw StoreError(
                            .usage,
                            "store `\(location)` was created with seed \(stored); --seed \(requested) would make other journey ids")
                    }
                    return stored
                }
                let seed = requested ?? newSeed
                try db.execute(
                    sql: "INSERT INTO meta (key, value) VALUES ('seed', ?), ('sequence', '0')", arguments: [String(seed)])
                return seed
            }
        } catch {
            checkpointer.stop()
            throw SQLiteJourneyStore.failure(error, location)
        }
    }

    deinit {
        // The writer first, so that its hook no longer fires; then the checkpointer, whose
        // connection, the last to close, checkpoints what is left of the log and removes it.
        try? pool.close()
        checkpointer.stop()
    }

    /// A database error as the store's failure: an unusable file is incompatible, anything else
    /// makes the store unavailable (exit 69).
    static func failure(_ error: any Error, _ location: StoreLocation) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            let message = error.message ?? "\(error.resultCode)"
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return StoreError(.incompatible, "store `\(location)` is not an airscript store: \(message)")
            default:
                return StoreError(.unavailable, "store `\(location)` is unavailable: \(message)")
            }
        }
        return StoreError(.unavailable, "store `\(location)` is unavailable: \(error)")
    }

    /// Runs `work` in a write transaction, mapping errors to `StoreError`.
    func write<T>(_ work: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try work(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw SQLiteJourneyStore.failure(error, location)
        }
    }

    /// Runs `work` on a snapshot of the store, mapping errors to `StoreError`.
    func read<T>(_ work: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(work)
        } catch {
            throw SQLiteJourneyStore.failure(error, location)
        }
    }

    // MARK: - Committing a batch

    public func commit<Result>(
        touching keys: JourneyKeys, _ body: (inout JourneyStore, inout BatchLog) -> Result
    ) throws(StoreError) -> Result {
        try write { db in
            let sequence = try Int.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'sequence'") ?? 0
            let loaded = try SQLiteJourneyStore.workingSet(db, keys)
            var store = JourneyStore(workingSet: loaded, sequence: sequence)
            var log = BatchLog()
            if !keys.deliveryKeys.isEmpty {
                log.earlier = try SQLiteJourneyStore.deliveries(db, keyed: Array(keys.deliveryKeys), mapping: keys.deliveryMapping)
            }
            let result = body(&store, &log)
            try SQLiteJourneyStore.writeChanges(db, loaded: loaded, store: store, log: log)
            return result
        }
    }

    /// The journeys holding the batch's keys: active holders of its identifiers and phones, and
    /// the journeys its session ids name (ended ones too: they are found, and match nothing).
    static func workingSet(_ db: Database, _ keys: JourneyKeys) throws -> [JourneyStore.Journey] {
        var journeys: [JourneyStore.Journey] = []
        func load(_ column: String, _ values: Set<String>, activeOnly: Bool) throws {
            // In slices: SQLite limits the parameters of one statement.
            let all = Array(values)
            for start in stride(from: 0, to: all.count, by: 500) {
                let slice = all[start..<min(start + 500, all.count)]
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM journeys WHERE \(column) IN (\(marks))" + (activeOnly ? " AND status = 'active'" : "")
                        + " ORDER BY rowid",
                    arguments: StatementArguments(slice))
                journeys += rows.map(journey)
            }
        }
        try load("identifier", keys.identifiers, activeOnly: true)
        try load("phone", keys.phones, activeOnly: true)
        try load("id", keys.journeyIDs, activeOnly: false)
        // A journey found twice (by its identifier and by its id) is loaded once.
        var seen = Set<String>()
        return journeys.filter { seen.insert($0.id).inserted }
    }

    /// Writes what the batch changed: new journeys, the loaded ones it ended or delivered to, the
    /// sequence, the events and the delivery rows.
    static func writeChanges(_ db: Database, loaded: [JourneyStore.Journey], store: JourneyStore, log: BatchLog) throws {
        let journeys = store.journeys
        let update = try RowWriter(db, sql: "UPDATE journeys SET status = ?, ended_at = ?, end_reason = ?, events = ? WHERE id = ?")
        for (before, after) in zip(loaded, journeys) where before != after {
            try update.run(
                Column(after.status), Column(after.endedAt), Column(after.endReason), Column(after.events), Column(after.id))
        }
        let insertJourney = try journeyInsert(db)
        for journey in journeys.dropFirst(loaded.count) { try insert(journey, with: insertJourney) }
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'sequence'", arguments: [String(store.sequence)])
        let insertEvent = try eventInsert(db)
        for event in log.events { try insert(event, with: insertEvent) }
        let now = Date().timeIntervalSince1970
        let upsertDelivery = try RowWriter(
            db,
            sql: """
                INSERT INTO deliveries (mapping, key, first_seen, outcome, status, journey_id, output, fingerprint, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (mapping, key) DO UPDATE SET outcome = excluded.outcome, status = excluded.status,
                    fingerprint = excluded.fingerprint, detail = excluded.detail,
                    journey_id = excluded.journey_id, output = excluded.output
                """)
        for row in log.deliveries {
            try upsertDelivery.run(
                Column(row.mapping), Column(row.key), Column(now), Column(row.outcome), Column(row.status), Column(row.journeyID),
                Column(row.output), Column(row.fingerprint), Column(row.detail))
        }
    }

    static func journeyInsert(_ db: Database) throws -> RowWriter {
        try RowWriter(
            db,
            sql: """
                INSERT INTO journeys (id, seq, status, identifier, phone, created_at, ended_at, end_reason, mapping,
                    source_file, source_line, events)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    static func insert(_ j: JourneyStore.Journey, with insert: RowWriter) throws {
        try insert.run(
            Column(j.id), Column(j.seq), Column(j.status), Column(j.identifier), Column(j.phone),
            Column(j.createdAt), Column(j.endedAt), Column(j.endReason), Column(j.mapping), Column(j.sourceFile),
            Column(j.sourceLine), Column(j.events))
    }

    static func eventInsert(_ db: Database) throws -> RowWriter {
        try RowWriter(
            db,
            sql: """
                INSERT INTO events (journey_id, sequence, kind, time, mapping, delivery_key, start_parameters, event_payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    static func insert(_ e: JourneyEvent, with insert: RowWriter) throws {
        try insert.run(
            Column(e.journeyID), Column(e.sequence), Column(e.kind.rawValue), Column(e.time), Column(e.mapping),
            Column(e.deliveryKey), Column(JSONWriter.write(e.startParameters)), Column(JSONWriter.write(e.eventPayload)))
    }

    static func journey(_ row: Row) -> JourneyStore.Journey {
        JourneyStore.Journey(
            id: row["id"], active: row["status"] == "active", identifier: row["identifier"], phone: row["phone"],
            createdAt: row["created_at"], endedAt: row["ended_at"], endReason: row["end_reason"], mapping: row["mapping"],
            sourceFile: row["source_file"], sourceLine: row["source_line"], events: row["events"], seq: row["seq"])
    }

    static func event(_ row: Row) -> JourneyEvent {
        JourneyEvent(
            journeyID: row["journey_id"], sequence: row["sequence"], kind: row["kind"] == "start" ? .start : .event,
            time: row["time"], mapping: row["mapping"], deliveryKey: row["delivery_key"],
            startParameters: value(row["start_parameters"]), eventPayload: value(row["event_payload"]))
    }

    static func delivery(_ row: Row) -> DeliveryRow {
        DeliveryRow(
            mapping: row["mapping"], key: row["key"], outcome: row["outcome"], journeyID: row["journey_id"], status: row["status"],
            output: row["output"], firstSeen: row["first_seen"], fingerprint: row["fingerprint"], detail: row["detail"])
    }

    static func value(_ text: String?) -> Value {
        guard let text else { return .null }
        return (try? JSONReader.read(text)) ?? .null
    }

    public func deliveries(keyed keys: [String], mapping: String) throws(StoreError) -> [String: DeliveryRow] {
        try read { db in try SQLiteJourneyStore.deliveries(db, keyed: keys, mapping: mapping) }
    }

    /// The rows of `mapping` stored under `keys`, by key.
    static func deliveries(_ db: Database, keyed keys: [String], mapping: String) throws -> [String: DeliveryRow] {
        var found: [String: DeliveryRow] = [:]
        for start in stride(from: 0, to: keys.count, by: 500) {
            let slice = keys[start..<min(start + 500, keys.count)]
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM deliveries WHERE mapping = ? AND key IN (\(marks))",
                arguments: StatementArguments([mapping] + slice))
            for row in rows {
                let delivery = SQLiteJourneyStore.delivery(row)
                found[delivery.key] = delivery
            }
        }
        return found
    }
}
