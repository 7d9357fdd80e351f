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

    /// Writes a batch: one statement a table, the rows as a JSON record set.
    static func write(
        _ c: PostgresConnection, changes: Changes, sequence: Int, events: [JourneyEvent], deliveries: [DeliveryRow]
    ) throws {
        if !changes.updated.isEmpty {
            try c.execute(
                """
                UPDATE journeys SET status = x.status, ended_at = x.ended_at, end_reason = x.end_reason, events = x.events
                FROM json_to_recordset($1::json) AS x(id text, status text, ended_at text, end_reason text, events bigint)
                WHERE journeys.id = x.id
                """, [.text(recordSet(changes.updated.map(row)))])
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
                SELECT x.mapping, x.key, $2, x.outcome, x.status, x.journey_id, x.output, x.fingerprint, x.detail
                FROM json_to_recordset($1::json)
                    AS x(mapping text, key text, outcome text, status bigint, journey_id text, output text, fingerprint text, detail text)
                ON CONFLICT (mapping, key) DO UPDATE SET outcome = excluded.outcome, status = excluded.status,
                    fingerprint = excluded.fingerprint, detail = excluded.detail,
                    journey_id = excluded.journey_id, output = excluded.output
                """, [.text(recordSet(deliveries.map(row))), .double(Date().timeIntervalSince1970)])
        }
    }

    static func insert(_ c: PostgresConnection, journeys: [JourneyStore.Journey]) throws {
        try c.execute(
            """
            INSERT INTO journeys (id, seq, status, identifier, identifier_key, phone, created_at, ended_at, end_reason,
                mapping, source_file, source_line, events)
            SELECT x.id, x.seq, x.status, x.identifier, x.identifier_key, x.phone, x.created_at, x.ended_at, x.end_reason,
                x.mapping, x.source_file, x.source_line, x.events
            FROM json_array_elements($1::json) WITH ORDINALITY AS e(fields, n),
                json_to_record(e.fields) AS x(id text, seq bigint, status text, identifier text, identifier_key text,
                    phone text, created_at text, ended_at text, end_reason text, mapping text, source_file text,
                    source_line bigint, events bigint)
            ORDER BY e.n
            """, [.text(recordSet(journeys.map(row)))])
    }

    static func insert(_ c: PostgresConnection, events: [JourneyEvent]) throws {
        try c.execute(
            """
            INSERT INTO events (journey_id, sequence, kind, time, mapping, delivery_key, start_parameters, event_payload)
            SELECT x.journey_id, x.sequence, x.kind, x.time, x.mapping, x.delivery_key,
                COALESCE(x.start_parameters, 'null'::json), COALESCE(x.event_payload, 'null'::json)
            FROM json_to_recordset($1::json) AS x(journey_id text, sequence bigint, kind text, time text, mapping text,
                delivery_key text, start_parameters json, event_payload json)
            """, [.text(recordSet(events.map(row)))])
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

    static func row(_ j: JourneyStore.Journey) -> Value {
        .object([
            "id": .text(j.id), "seq": number(j.seq), "status": .text(j.active ? "active" : "ended"), "identifier": text(j.identifier),
            "identifier_key": text(j.identifier.map(identifierKey)), "phone": text(j.phone), "created_at": text(j.createdAt),
            "ended_at": text(j.endedAt), "end_reason": text(j.endReason), "mapping": text(j.mapping), "source_file": text(j.sourceFile),
            "source_line": number(j.sourceLine), "events": number(j.events),
        ])
    }

    static func row(_ e: JourneyEvent) -> Value {
        .object([
            "journey_id": .text(e.journeyID), "sequence": number(e.sequence), "kind": .text(e.kind.rawValue), "time": .text(e.time),
            "mapping": .text(e.mapping), "delivery_key": text(e.deliveryKey), "start_parameters": e.startParameters,
            "event_payload": e.eventPayload,
        ])
    }

    static func row(_ d: DeliveryRow) -> Value {
        .object([
            "mapping": .text(d.mapping), "key": .text(d.key), "outcome": .text(d.outcome), "status": number(d.status),
            "journey_id": text(d.journeyID), "output": text(d.output), "fingerprint": text(d.fingerprint), "detail": text(d.detail),
        ])
    }

    static func text(_ s: String?) -> Value { s.map(Value.text) ?? .null }
    static func number(_ n: Int?) -> Value { n.map { .number(Double($0)) } ?? .null }

    /// Rows as one JSON array, for `json_to_recordset`.
    static func recordSet(_ rows: [Value]) -> String {
        JSONWriter.write(.list(rows))
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
