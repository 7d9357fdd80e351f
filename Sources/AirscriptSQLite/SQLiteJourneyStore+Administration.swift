import Airscript
import AirscriptMapping
import Foundation
import GRDB

/// `airscript store` on a SQLite store: export, import, listings, pruning, the invariants.
extension SQLiteJourneyStore {
    public func snapshot(deliveries: Bool) throws(StoreError) -> StoreSnapshot {
        try read { db in
            var snapshot = StoreSnapshot()
            snapshot.seed = seed
            snapshot.sequence = try Int.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'sequence'") ?? 0
            snapshot.journeys = try Row.fetchAll(db, sql: "SELECT * FROM journeys ORDER BY rowid").map(SQLiteJourneyStore.journey)
            // Journey by journey, in the journeys' order, each in its sequence.
            snapshot.events = try Row.fetchAll(
                db,
                sql: """
                    SELECT events.* FROM events JOIN journeys ON journeys.id = events.journey_id
                    ORDER BY journeys.rowid, events.sequence
                    """
            ).map(SQLiteJourneyStore.event)
            if deliveries {
                snapshot.deliveries = try Row.fetchAll(db, sql: "SELECT * FROM deliveries ORDER BY first_seen, rowid").map(
                    SQLiteJourneyStore.delivery)
            }
            return snapshot
        }
    }

    public func restore(_ snapshot: StoreSnapshot) throws(StoreError) -> [String] {
        if let other = snapshot.seed, other != seed {
            throw StoreError(.usage, "the snapshot was made with seed \(other); store `\(location)` has seed \(seed)")
        }
        return try write { db in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM journeys") ?? 0
            guard count == 0 else {
                throw StoreError(
                    .refused,
                    "store `\(location)` already holds \(count) journey\(count == 1 ? "" : "s"); import fills an empty store only")
            }
            // The first holder of an identifier or phone keeps it (mapping.md §7.1, M0403).
            var warnings: [String] = []
            let indexed = JourneyStore(snapshot: snapshot, warnings: &warnings)
            let insertJourney = try SQLiteJourneyStore.journeyInsert(db)
            for journey in indexed.journeys { try SQLiteJourneyStore.insert(journey, with: insertJourney) }
            let insertEvent = try SQLiteJourneyStore.eventInsert(db)
            for event in snapshot.events { try SQLiteJourneyStore.insert(event, with: insertEvent) }
            let now = Date().timeIntervalSince1970
            let insertDelivery = try RowWriter(
                db,
                sql: """
                    INSERT OR REPLACE INTO deliveries (mapping, key, first_seen, outcome, status, journey_id, output, fingerprint, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for row in snapshot.deliveries {
                try insertDelivery.run(
                    .init(row.mapping), .init(row.key), .init(now), .init(row.outcome), .init(row.status), .init(row.journeyID),
                    .init(row.output), .init(row.fingerprint), .init(row.detail))
            }
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'sequence'", arguments: [String(snapshot.sequence)])
            return warnings
        }
    }

    public func journeys(matching filter: JourneyFilter) throws(StoreError) -> [JourneyStore.Journey] {
        try read { db in
            var conditions: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = []
            if filter.activeOnly { conditions.append("status = 'active'") }
            if let identifier = filter.identifier {
                conditions.append("identifier = ?")
                arguments.append(identifier)
            }
            if let phone = filter.phone {
                conditions.append("phone = ?")
                arguments.append(phone)
            }
            if let mapping = filter.mapping {
                conditions.append("mapping = ?")
                arguments.append(mapping)
            }
            let clause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM journeys\(clause) ORDER BY rowid", arguments: StatementArguments(arguments))
                .map(SQLiteJourneyStore.journey)
        }
    }

    public func journey(id: String) throws(StoreError) -> (JourneyStore.Journey, [JourneyEvent])? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM journeys WHERE id = ?", arguments: [id]) else { return nil }
            let events = try Row.fetchAll(
                db, sql: "SELECT * FROM events WHERE journey_id = ? ORDER BY sequence", arguments: [id]
            ).map(SQLiteJourneyStore.event)
            return (SQLiteJourneyStore.journey(row), events)
        }
    }

    public func latestDeliveries(limit: Int) throws(StoreError) -> [DeliveryRow] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM deliveries ORDER BY first_seen DESC, rowid DESC LIMIT ?", arguments: [limit])
                .map(SQLiteJourneyStore.delivery)
        }
    }

    public func deliveryLog(mapping: String?, since: Double?) throws(StoreError) -> [(row: DeliveryRow, firstSeen: Double)] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM deliveries WHERE (? IS NULL OR mapping = ?) AND (? IS NULL OR first_seen >= ?)
                    ORDER BY first_seen, rowid
                    """, arguments: [mapping, mapping, since, since])
            return rows.map { (SQLiteJourneyStore.delivery($0), $0["first_seen"]) }
        }
    }

    public func forgetDeliveries(of mappings: [String], firstSeenBefore time: Double, limit: Int) throws(StoreError) -> Int {
        try write { db in
            let marks = Array(repeating: "?", count: mappings.count).joined(separator: ",")
            try db.execute(
                sql: """
                    DELETE FROM deliveries WHERE rowid IN (SELECT rowid FROM deliveries
                        WHERE first_seen < ? AND mapping IN (\(marks))
                            AND mapping NOT IN (SELECT mapping FROM runs WHERE NOT finished)
                        ORDER BY first_seen LIMIT ?)
                    """, arguments: StatementArguments([time] + mappings + [limit]))
            return db.changesCount
        }
    }

    public func prune(deliveriesBefore: Double?, endedBefore: String?) throws(StoreError) -> (deliveries: Int, journeys: Int) {
        try write { db in
            var deliveries = 0
            var journeys = 0
            if let deliveriesBefore {
                try db.execute(sql: "DELETE FROM deliveries WHERE first_seen < ?", arguments: [deliveriesBefore])
                deliveries = db.changesCount
            }
            if let endedBefore {
                try db.execute(
                    sql: """
                        DELETE FROM events WHERE journey_id IN
                            (SELECT id FROM journeys WHERE status = 'ended' AND ended_at < ?)
                        """, arguments: [endedBefore])
                try db.execute(sql: "DELETE FROM journeys WHERE status = 'ended' AND ended_at < ?", arguments: [endedBefore])
                journeys = db.changesCount
            }
            return (deliveries, journeys)
        }
    }

    public func violations() throws(StoreError) -> [String] {
        try read { db in
            var found: [String] = []
            for (column, word) in [("identifier", "identifier"), ("phone", "phone")] {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(column) AS held, group_concat(id, ', ') AS holders FROM journeys
                        WHERE status = 'active' AND \(column) IS NOT NULL GROUP BY \(column) HAVING count(*) > 1
                        """)
                for row in rows {
                    found.append("\(word) `\(row["held"] as String)` is held by several active journeys: \(row["holders"] as String)")
                }
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT journey_id FROM events WHERE journey_id NOT IN (SELECT id FROM journeys)
                    """)
            {
                found.append("events of journey \(row["journey_id"] as String), which the store does not hold")
            }
            let sequence = try Int.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'sequence'") ?? 0
            if let top = try Int.fetchOne(db, sql: "SELECT max(seq) FROM journeys"), top >= sequence {
                found.append("the journey-id sequence is \(sequence), not above journey number \(top): new ids would repeat")
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT journeys.id AS id, journeys.events AS counted, count(events.sequence) AS logged
                    FROM journeys JOIN events ON events.journey_id = journeys.id
                    GROUP BY journeys.id HAVING count(events.sequence) > journeys.events
                    """)
            {
                found.append(
                    "journey \(row["id"] as String) counts \(row["counted"] as Int) events but the store holds \(row["logged"] as Int)")
            }
            return found
        }
    }

    public func beginRun(_ run: MapRun) throws(StoreError) -> Int {
        try write { db in
            try db.execute(
                sql: "INSERT INTO runs (mapping, started, now, seed, inputs) VALUES (?, ?, ?, ?, ?)",
                arguments: [run.mapping, Date().timeIntervalSince1970, run.now, String(run.seed), run.inputs.joined(separator: "\n")])
            return Int(db.lastInsertedRowID)
        }
    }

    public func lastRun(mapping: String, inputs: [String]) throws(StoreError) -> MapRun? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM runs WHERE mapping = ? AND inputs = ? ORDER BY id DESC LIMIT 1",
                    arguments: [mapping, inputs.joined(separator: "\n")])
            else { return nil }
            var run = MapRun(mapping: row["mapping"], now: row["now"], seed: UInt64(row["seed"] as String) ?? 0, inputs: inputs)
            run.id = row["id"]
            run.finished = row["finished"] as Int != 0
            return run
        }
    }

    public func finishRun(id: Int) throws(StoreError) {
        try write { db in try db.execute(sql: "UPDATE runs SET finished = 1 WHERE id = ?", arguments: [id]) }
    }
}
