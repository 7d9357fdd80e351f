import Airscript
import AirscriptMapping
import Foundation
import PostgresNIO

/// `airscript store` on a PostgreSQL store: export, import, listings, pruning, the invariants.
extension PostgresJourneyStore {
    /// Decodes rows, a failure as the store's.
    func decode<T>(_ rows: [PostgresRandomAccessRow], _ make: (PostgresRandomAccessRow) throws -> T) throws(StoreError) -> [T] {
        do {
            return try rows.map(make)
        } catch {
            throw session.failure(error)
        }
    }

    public func snapshot(deliveries: Bool) throws(StoreError) -> StoreSnapshot {
        var snapshot = StoreSnapshot()
        snapshot.seed = seed
        let sequence = try query("SELECT value FROM meta WHERE key = 'sequence'")
        snapshot.sequence = try decode(sequence) { Int(try $0["value"].decode(String.self)) ?? 0 }.first ?? 0
        snapshot.journeys = try decode(
            try query("SELECT \(Self.journeyColumns) FROM journeys ORDER BY position"), Self.journey)
        snapshot.events = try decode(
            try query(
                """
                SELECT e.journey_id, e.sequence, e.kind, e.time, e.mapping, e.delivery_key,
                    e.start_parameters::text AS start_parameters, e.event_payload::text AS event_payload
                FROM events e JOIN journeys j ON j.id = e.journey_id ORDER BY j.position, e.sequence
                """), Self.event)
        if deliveries {
            snapshot.deliveries = try decode(
                try query(
                    "SELECT mapping, key, outcome, status, journey_id, output, fingerprint, detail FROM deliveries ORDER BY first_seen, position"),
                Self.delivery)
        }
        return snapshot
    }

    public func restore(_ snapshot: StoreSnapshot) throws(StoreError) -> [String] {
        if let other = snapshot.seed, other != seed {
            throw StoreError(.usage, "the snapshot was made with seed \(other); store `\(location)` has seed \(seed)")
        }
        var warnings: [String] = []
        let indexed = Array(JourneyStore(snapshot: snapshot, warnings: &warnings).journeys)
        let location = self.location
        try session.exclusively { connection in
            try connection.transaction {
                _ = try connection.rows("SELECT value FROM meta WHERE key = 'sequence' FOR UPDATE")
                let count = try connection.rows("SELECT count(*) AS n FROM journeys").first?["n"].decode(Int.self) ?? 0
                guard count == 0 else {
                    throw StoreError(
                        .refused,
                        "store `\(location)` already holds \(count) journey\(count == 1 ? "" : "s"); import fills an empty store only")
                }
                try PostgresJourneyStore.write(
                    connection, changes: Changes(updated: [], created: indexed), sequence: snapshot.sequence,
                    events: snapshot.events, deliveries: snapshot.deliveries)
            }
        }
        return warnings
    }

    public func journeys(matching filter: JourneyFilter) throws(StoreError) -> [JourneyStore.Journey] {
        let rows = try query(
            """
            SELECT \(Self.journeyColumns) FROM journeys
            WHERE (NOT $1::boolean OR status = 'active') AND ($2::text IS NULL OR identifier_key = $2)
                AND ($3::text IS NULL OR phone = $3) AND ($4::text IS NULL OR mapping = $4)
            ORDER BY position
            """,
            [.boolean(filter.activeOnly), .text(filter.identifier.map(Self.identifierKey)), .text(filter.phone), .text(filter.mapping)])
        return try decode(rows, Self.journey)
    }

    public func journey(id: String) throws(StoreError) -> (JourneyStore.Journey, [JourneyEvent])? {
        guard let found = try decode(try query("SELECT \(Self.journeyColumns) FROM journeys WHERE id = $1", [.text(id)]), Self.journey).first
        else { return nil }
        let events = try decode(
            try query(
                """
                SELECT journey_id, sequence, kind, time, mapping, delivery_key, start_parameters::text AS start_parameters,
                    event_payload::text AS event_payload
                FROM events WHERE journey_id = $1 ORDER BY sequence
                """, [.text(id)]), Self.event)
        return (found, events)
    }

    public func latestDeliveries(limit: Int) throws(StoreError) -> [DeliveryRow] {
        let rows = try query(
            """
            SELECT mapping, key, outcome, status, journey_id, output, first_seen, fingerprint, detail FROM deliveries
            ORDER BY first_seen DESC, position DESC LIMIT $1
            """, [.integer(limit)])
        return try decode(rows) { row in
            var delivery = try Self.delivery(row)
            delivery.firstSeen = try row["first_seen"].decode(Double.self)
            return delivery
        }
    }

    public func deliveryLog(mapping: String?, since: Double?) throws(StoreError) -> [(row: DeliveryRow, firstSeen: Double)] {
        let rows = try query(
            """
            SELECT mapping, key, outcome, status, journey_id, output, first_seen, fingerprint, detail FROM deliveries
            WHERE ($1::text IS NULL OR mapping = $1) AND ($2::double precision IS NULL OR first_seen >= $2)
            ORDER BY first_seen, position
            """, [.text(mapping), .double(since)])
        return try decode(rows) { (try Self.delivery($0), try $0["first_seen"].decode(Double.self)) }
    }

    public func forgetDeliveries(of mappings: [String], firstSeenBefore time: Double, limit: Int) throws(StoreError) -> Int {
        let rows = try query(
            """
            WITH gone AS (
                DELETE FROM deliveries WHERE position IN (SELECT position FROM deliveries
                    WHERE mapping = ANY($1) AND first_seen < $2
                        AND mapping NOT IN (SELECT mapping FROM runs WHERE NOT finished)
                    ORDER BY first_seen LIMIT $3) RETURNING 1)
            SELECT count(*) AS deliveries FROM gone
            """, [.texts(mappings), .double(time), .integer(limit)])
        return try decode(rows) { try $0["deliveries"].decode(Int.self) }.first ?? 0
    }

    public func prune(deliveriesBefore: Double?, endedBefore: String?) throws(StoreError) -> (deliveries: Int, journeys: Int) {
        let rows = try query(
            """
            WITH gone_deliveries AS (
                DELETE FROM deliveries WHERE $1::double precision IS NOT NULL AND first_seen < $1 RETURNING 1
            ), gone_journeys AS (
                DELETE FROM journeys WHERE $2::text IS NOT NULL AND status = 'ended' AND ended_at < $2 RETURNING id
            ), gone_events AS (
                DELETE FROM events WHERE journey_id IN (SELECT id FROM gone_journeys) RETURNING 1
            )
            SELECT (SELECT count(*) FROM gone_deliveries) AS deliveries, (SELECT count(*) FROM gone_journeys) AS journeys,
                (SELECT count(*) FROM gone_events) AS events
            """, [.double(deliveriesBefore), .text(endedBefore)])
        return try decode(rows) { (try $0["deliveries"].decode(Int.self), try $0["journeys"].decode(Int.self)) }.first ?? (0, 0)
    }

    public func violations() throws(StoreError) -> [String] {
        var found: [String] = []
        for (column, word) in [("identifier", "identifier"), ("phone", "phone")] {
            let rows = try query(
                """
                SELECT \(column) AS held, string_agg(id, ', ' ORDER BY position) AS holders FROM journeys
                WHERE status = 'active' AND \(column) IS NOT NULL GROUP BY \(column) HAVING count(*) > 1
                """)
            found += try decode(rows) {
                "\(word) `\(try $0["held"].decode(String.self))` is held by several active journeys: \(try $0["holders"].decode(String.self))"
            }
        }
        found += try decode(try query("SELECT DISTINCT journey_id FROM events WHERE journey_id NOT IN (SELECT id FROM journeys)")) {
            "events of journey \(try $0["journey_id"].decode(String.self)), which the store does not hold"
        }
        let top = try decode(
            try query(
                "SELECT (SELECT max(seq) FROM journeys) AS top, (SELECT value FROM meta WHERE key = 'sequence') AS sequence")
        ) { (try $0["top"].decode(Int?.self), Int(try $0["sequence"].decode(String.self)) ?? 0) }
        if let (highest, sequence) = top.first, let highest, highest >= sequence {
            found.append("the journey-id sequence is \(sequence), not above journey number \(highest): new ids would repeat")
        }
        found += try decode(
            try query(
                """
                SELECT j.id, j.events AS counted, count(e.sequence) AS logged FROM journeys j JOIN events e ON e.journey_id = j.id
                GROUP BY j.id, j.events HAVING count(e.sequence) > j.events
                """)
        ) {
            "journey \(try $0["id"].decode(String.self)) counts \(try $0["counted"].decode(Int.self)) events but the store holds \(try $0["logged"].decode(Int.self))"
        }
        return found
    }

    public func beginRun(_ run: MapRun) throws(StoreError) -> Int {
        let rows = try query(
            "INSERT INTO runs (mapping, started, now, seed, inputs) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            [
                .text(run.mapping), .double(Date().timeIntervalSince1970), .double(run.now), .text(String(run.seed)),
                .text(run.inputs.joined(separator: "\n")),
            ])
        return try decode(rows) { try $0["id"].decode(Int.self) }.first ?? 0
    }

    public func lastRun(mapping: String, inputs: [String]) throws(StoreError) -> MapRun? {
        let rows = try query(
            "SELECT id, now, seed, finished FROM runs WHERE mapping = $1 AND inputs = $2 ORDER BY id DESC LIMIT 1",
            [.text(mapping), .text(inputs.joined(separator: "\n"))])
        return try decode(rows) { row in
            var run = MapRun(
                mapping: mapping, now: try row["now"].decode(Double.self), seed: UInt64(try row["seed"].decode(String.self)) ?? 0,
                inputs: inputs)
            run.id = try row["id"].decode(Int.self)
            run.finished = try row["finished"].decode(Bool.self)
            return run
        }.first
    }

    public func finishRun(id: Int) throws(StoreError) {
        _ = try query("UPDATE runs SET finished = true WHERE id = $1", [.integer(id)])
    }
}
