import Airscript
import AirscriptMapping
import Crypto
import Foundation
import PostgresNIO

/// The journey store in PostgreSQL (`postgres://…`, store.md §2), which several processes share.
///
/// How it serialises: every batch's transaction first locks the `sequence` row of `meta`
/// (`SELECT … FOR UPDATE`), so batches commit one at a time across every process on the database.
/// The journey-id sequence is global (ids are made from it, mapping.md §7.2), so batches that
/// create journeys would wait for that row anyway; one lock taken first cannot deadlock, and
/// decisions always see every earlier commit. The unique indexes stay as the last guard: a commit
/// that would break them fails whole. (Finer locks, one per identifier, would only help batches
/// that create nothing; the benchmark has not asked for them.)
///
/// Each batch is three steps on one connection: lock and load the working set, decide (the
/// caller's code, on the caller's thread), write the changes with one statement a table (rows as a
/// JSON record set) and commit.
public final class PostgresJourneyStore: StoreAdministration, @unchecked Sendable {
    public let location: StoreLocation
    public let seed: UInt64
    public let isDatabase = true
    let session: PostgresSession

    /// Connects to the store at `url`, creating or migrating its tables when needed. `seed` is the
    /// seed a new store is created with; an existing store keeps its own, and a different one asked
    /// of it is a usage error. Nil: the store's seed, or `newSeed` (0 by default) for a new store.
    public init(url: String, seed requested: UInt64? = nil, newSeed: UInt64 = 0) throws(StoreError) {
        let location = try StoreLocation(parsing: url)
        self.location = location
        let session = PostgresSession(location: location, configuration: try .parse(url))
        self.session = session
        seed = try session.exclusively { connection in
            try PostgresJourneyStore.migrate(connection, location: location, seed: requested, newSeed: newSeed)
        }
    }

    /// Applies the migrations this binary knows and returns the store's seed, in one transaction
    /// under an advisory lock, so that two processes opening a new store at once migrate it once.
    static func migrate(_ c: PostgresConnection, location: StoreLocation, seed requested: UInt64?, newSeed: UInt64) throws -> UInt64 {
        try c.transaction {
            try c.execute("SELECT pg_advisory_xact_lock(7319402118)")
            try c.execute("CREATE TABLE IF NOT EXISTS airscript_schema (version integer NOT NULL)")
            var version = try c.rows("SELECT version FROM airscript_schema").first?["version"].decode(Int.self)
            if version == nil {
                try c.execute("INSERT INTO airscript_schema (version) VALUES (0)")
                version = 0
            }
            let known = PostgresSchema.migrations.count
            guard let applied = version, applied <= known else {
                throw StoreError(
                    .incompatible,
                    "store `\(location)` was written by a newer airscript (schema \(version ?? 0), this one knows \(known)); use that version")
            }
            for migration in PostgresSchema.migrations.dropFirst(applied) {
                for statement in migration { try c.execute(statement) }
            }
            try c.execute("UPDATE airscript_schema SET version = $1", [.integer(known)])
            let seed: UInt64
            if let stored = try c.rows("SELECT value FROM meta WHERE key = 'seed'").first?["value"].decode(String.self) {
                guard let number = UInt64(stored) else {
                    throw StoreError(.incompatible, "store `\(location)` has a seed that is not a number: `\(stored)`")
                }
                if let requested, requested != number {
                    throw StoreError(
                        .usage, "store `\(location)` was created with seed \(number); --seed \(requested) would make other journey ids")
                }
                seed = number
            } else {
                seed = requested ?? newSeed
                try c.execute("INSERT INTO meta (key, value) VALUES ('seed', $1), ('sequence', '0')", [.text(String(seed))])
            }
            return seed
        }
    }

    // MARK: - Committing a batch

    public func commit<Result>(
        touching keys: JourneyKeys, _ body: (inout JourneyStore, inout BatchLog) -> Result
    ) throws(StoreError) -> Result {
        try session.exclusively { connection in
            try connection.transaction {
                let (loaded, sequence) = try PostgresJourneyStore.workingSet(connection, keys)
                var store = JourneyStore(workingSet: loaded, sequence: sequence)
                var log = BatchLog()
                if !keys.deliveryKeys.isEmpty {
                    log.earlier = try PostgresJourneyStore.deliveries(
                        connection, keyed: Array(keys.deliveryKeys), mapping: keys.deliveryMapping)
                }
                let result = body(&store, &log)
                try PostgresJourneyStore.write(
                    connection, changes: PostgresJourneyStore.changes(loaded: loaded, store: store), sequence: store.sequence,
                    events: log.events, deliveries: log.deliveries)
                return result
            }
        }
    }

    /// The sequence row locked, and the working set: the active holders of the batch's identifiers
    /// and phones, and the journeys its session ids name.
    static func workingSet(_ c: PostgresConnection, _ keys: JourneyKeys) throws -> ([JourneyStore.Journey], Int) {
        let sequence = try c.rows("SELECT value FROM meta WHERE key = 'sequence' FOR UPDATE").first?["value"].decode(
            String.self)
        var journeys: [JourneyStore.Journey] = []
        if !keys.identifiers.isEmpty {
            journeys += try c.rows(
                "SELECT \(journeyColumns) FROM journeys WHERE status = 'active' AND identifier_key = ANY($1) ORDER BY position",
                [.texts(keys.identifiers.map(identifierKey))]
            ).map(journey)
        }
        if !keys.phones.isEmpty {
            journeys += try c.rows(
                "SELECT \(journeyColumns) FROM journeys WHERE status = 'active' AND phone = ANY($1) ORDER BY position",
                [.texts(Array(keys.phones))]
            ).map(journey)
        }
        if !keys.journeyIDs.isEmpty {
            journeys += try c.rows(
                "SELECT \(journeyColumns) FROM journeys WHERE id = ANY($1) ORDER BY position", [.texts(Array(keys.journeyIDs))]
            ).map(journey)
        }
        var seen = Set<String>()
        return (journeys.filter { seen.insert($0.id).inserted }, Int(sequence ?? "0") ?? 0)
    }

    /// What a batch changed: the loaded journeys it changed, and the journeys it created.
    struct Changes: Sendable {
        var updated: [JourneyStore.Journey]
        var created: [JourneyStore.Journey]
    }

    static func changes(loaded: [JourneyStore.Journey], store: JourneyStore) -> Changes {
        let journeys = store.journeys
        return Changes(
            updated: zip(loaded, journeys).filter { $0 != $1 }.map(\.1), created: Array(journeys.dropFirst(loaded.count)))
    }

    /// Writes a batch: one statement a table, each column of its rows one array parameter.
    static func write(
        _ c: PostgresConnection, changes: Changes, sequence: Int, events: [JourneyEvent], deliveries: [DeliveryRow]
    ) throws {
        if !changes.updated.isEmpty {
            let rows = changes.updated
            try c.execute(
                """
                UPDATE journeys SET status = x.status, ended_at = x.ended_at, end_reason = x.end_reason, events = x.events
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[]) AS x(id, status, ended_at, end_reason, events)
                WHERE journeys.id = x.id
                """,
                [
                    .textColumn(rows.map(\.id)), .textColumn(rows.map(\.status)), .textColumn(rows.map(\.endedAt)),
                    .textColumn(rows.map(\.endReason)), .integerColumn(rows.map(\.events)),
                ])
        }
        if !changes.created.isEmpty {
            try insert(c, journeys: changes.created)
        }
        try c.execute("UPDATE meta SET value = $1 WHERE key = 'sequence'", [.text(String(sequence))])
        if !events.isEmpty { try insert(c, events: events) }
        if !deliveries.isEmpty {
            try c.execute(
                """
                INSERT INTO deliveries (mapping, key, first_seen, outcome, status, journey_id, output, fingerprint, detail)
                SELECT x.mapping, x.key, $9, x.outcome, x.status, x.journey_id, x.output, x.fingerprint, x.detail
                FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::text[], $8::text[])
                    AS x(mapping, key, outcome, status, journey_id, output, fingerprint, detail)
                ON CONFLICT (mapping, key) DO UPDATE SET outcome = excluded.outcome, status = excluded.status,
                    fingerprint = excluded.fingerprint, detail = excluded.detail,
                    journey_id = excluded.journey_id, output = excluded.output
                """,
                [
                    .textColumn(deliveries.map(\.mapping)), .textColumn(deliveries.map(\.key)), .textColumn(deliveries.map(\.outcome)),
                    .integerColumn(deliveries.map(\.status)), .textColumn(deliveries.map(\.journeyID)),
                    .textColumn(deliveries.map(\.output)), .textColumn(deliveries.map(\.fingerprint)),
                    .textColumn(deliveries.map(\.detail)), .double(Date().timeIntervalSince1970),
                ])
        }
    }

    /// New journeys, numbered (`position`) in the order given.
    static func insert(_ c: PostgresConnection, journeys: [JourneyStore.Journey]) throws {
        try c.execute(
            """
            INSERT INTO journeys (id, seq, status, identifier, identifier_key, phone, created_at, ended_at, end_reason,
                mapping, source_file, source_line, events)
            SELECT x.id, x.seq, x.status, x.identifier, x.identifier_key, x.phone, x.created_at, x.ended_at, x.end_reason,
                x.mapping, x.source_file, x.source_line, x.events
            FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                    $9::text[], $10::text[], $11::text[], $12::int8[], $13::int8[])
                WITH ORDINALITY AS x(id, seq, status, identifier, identifier_key, phone, created_at, ended_at, end_reason,
                    mapping, source_file, source_line, events, n)
            ORDER BY x.n
            """,
            [
                .textColumn(journeys.map(\.id)), .integerColumn(journeys.map(\.seq)), .textColumn(journeys.map(\.status)),
                .textColumn(journeys.map(\.identifier)), .textColumn(journeys.map { $0.identifier.map(identifierKey) }),
                .textColumn(journeys.map(\.phone)), .textColumn(journeys.map(\.createdAt)), .textColumn(journeys.map(\.endedAt)),
                .textColumn(journeys.map(\.endReason)), .textColumn(journeys.map(\.mapping)), .textColumn(journeys.map(\.sourceFile)),
                .integerColumn(journeys.map(\.sourceLine)), .integerColumn(journeys.map(\.events)),
            ])
    }

    static func insert(_ c: PostgresConnection, events: [JourneyEvent]) throws {
        try c.execute(
            """
            INSERT INTO events (journey_id, sequence, kind, time, mapping, delivery_key, start_parameters, event_payload)
            SELECT x.journey_id, x.sequence, x.kind, x.time, x.mapping, x.delivery_key, x.start_parameters::json, x.event_payload::json
            FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                AS x(journey_id, sequence, kind, time, mapping, delivery_key, start_parameters, event_payload)
            """,
            [
                .textColumn(events.map(\.journeyID)), .integerColumn(events.map(\.sequence)), .textColumn(events.map(\.kind.rawValue)),
                .textColumn(events.map(\.time)), .textColumn(events.map(\.mapping)), .textColumn(events.map(\.deliveryKey)),
                .textColumn(events.map { JSONWriter.write($0.startParameters) }),
                .textColumn(events.map { JSONWriter.write($0.eventPayload) }),
            ])
    }

    // MARK: - Rows

    static let journeyColumns = """
        id, seq, status, identifier, phone, created_at, ended_at, end_reason, mapping, source_file, source_line, events
        """

    /// An identifier's index key: the hex SHA-256 of its UTF-8.
    static func identifierKey(_ identifier: String) -> String {
        hexText(SHA256.hash(data: Data(identifier.utf8)))
    }

    static func journey(_ row: PostgresRandomAccessRow) throws -> JourneyStore.Journey {
        JourneyStore.Journey(
            id: try row["id"].decode(String.self), active: try row["status"].decode(String.self) == "active",
            identifier: try row["identifier"].decode(String?.self), phone: try row["phone"].decode(String?.self),
            createdAt: try row["created_at"].decode(String?.self), endedAt: try row["ended_at"].decode(String?.self),
            endReason: try row["end_reason"].decode(String?.self), mapping: try row["mapping"].decode(String?.self),
            sourceFile: try row["source_file"].decode(String?.self), sourceLine: try row["source_line"].decode(Int?.self),
            events: try row["events"].decode(Int.self), seq: try row["seq"].decode(Int?.self))
    }

    static func event(_ row: PostgresRandomAccessRow) throws -> JourneyEvent {
        JourneyEvent(
            journeyID: try row["journey_id"].decode(String.self), sequence: try row["sequence"].decode(Int.self),
            kind: try row["kind"].decode(String.self) == "start" ? .start : .event, time: try row["time"].decode(String.self),
            mapping: try row["mapping"].decode(String.self), deliveryKey: try row["delivery_key"].decode(String?.self),
            startParameters: value(try row["start_parameters"].decode(String.self)),
            eventPayload: value(try row["event_payload"].decode(String.self)))
    }

    static func delivery(_ row: PostgresRandomAccessRow) throws -> DeliveryRow {
        DeliveryRow(
            mapping: try row["mapping"].decode(String.self), key: try row["key"].decode(String.self),
            outcome: try row["outcome"].decode(String.self), journeyID: try row["journey_id"].decode(String?.self),
            status: try row["status"].decode(Int?.self), output: try row["output"].decode(String?.self),
            fingerprint: try row["fingerprint"].decode(String?.self), detail: try row["detail"].decode(String?.self))
    }

    static func value(_ text: String) -> Value {
        (try? JSONReader.read(text)) ?? .null
    }

    public func deliveries(keyed keys: [String], mapping: String) throws(StoreError) -> [String: DeliveryRow] {
        try session.exclusively { connection in try PostgresJourneyStore.deliveries(connection, keyed: keys, mapping: mapping) }
    }

    /// The rows of `mapping` stored under `keys`, by key, with when each was first seen.
    static func deliveries(_ c: PostgresConnection, keyed keys: [String], mapping: String) throws -> [String: DeliveryRow] {
        let rows = try c.rows(
            "SELECT mapping, key, outcome, status, journey_id, output, first_seen, fingerprint, detail FROM deliveries WHERE mapping = $1 AND key = ANY($2)",
            [.text(mapping), .texts(keys)])
        var found: [String: DeliveryRow] = [:]
        for row in rows {
            var delivery = try PostgresJourneyStore.delivery(row)
            delivery.firstSeen = try row["first_seen"].decode(Double.self)
            found[delivery.key] = delivery
        }
        return found
    }

    /// One statement outside a batch, in a transaction of its own.
    func query(_ sql: String, _ binds: [Bind] = []) throws(StoreError) -> [PostgresRandomAccessRow] {
        try session.exclusively { connection in try connection.rows(sql, binds) }
    }
}
