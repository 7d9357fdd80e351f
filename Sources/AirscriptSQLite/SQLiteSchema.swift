import GRDB

/// The store's tables (store.md §1, §6), as versioned migrations. A database migrated by a newer
/// airscript (a migration this one does not know) is refused, never used or downgraded.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    );
                    -- Journeys in creation order (the rowid); at most one active holder of an
                    -- identifier and of a phone, by unique partial indexes, not only by code.
                    CREATE TABLE journeys (
                        id TEXT NOT NULL UNIQUE,
                        seq INTEGER,
                        status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
                        identifier TEXT,
                        phone TEXT,
                        created_at TEXT,
                        ended_at TEXT,
                        end_reason TEXT,
                        mapping TEXT,
                        source_file TEXT,
                        source_line INTEGER,
                        events INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE UNIQUE INDEX journeys_active_identifier ON journeys (identifier)
                        WHERE status = 'active' AND identifier IS NOT NULL;
                    CREATE UNIQUE INDEX journeys_active_phone ON journeys (phone)
                        WHERE status = 'active' AND phone IS NOT NULL;
                    CREATE INDEX journeys_identifier ON journeys (identifier);
                    -- What was delivered to each journey; JSON as text, in the order written.
                    CREATE TABLE events (
                        journey_id TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('start', 'event')),
                        time TEXT NOT NULL,
                        mapping TEXT NOT NULL,
                        delivery_key TEXT,
                        start_parameters TEXT NOT NULL,
                        event_payload TEXT NOT NULL,
                        PRIMARY KEY (journey_id, sequence)
                    );
                    -- Every record that reached a mapping, with its output record (map --resume).
                    CREATE TABLE deliveries (
                        mapping TEXT NOT NULL,
                        key TEXT NOT NULL,
                        first_seen REAL NOT NULL,
                        outcome TEXT NOT NULL,
                        status INTEGER,
                        journey_id TEXT,
                        output TEXT,
                        PRIMARY KEY (mapping, key)
                    );
                    CREATE INDEX deliveries_first_seen ON deliveries (first_seen);
                    -- Each `map` run over the store, for --resume: its instant, seed and inputs.
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY,
                        mapping TEXT NOT NULL,
                        started REAL NOT NULL,
                        now REAL NOT NULL,
                        seed TEXT NOT NULL,
                        inputs TEXT NOT NULL,
                        finished INTEGER NOT NULL DEFAULT 0
                    );
                    """)
        }
        // What an App API's Idempotency-Key remembers of the body (serve.md §10).
        migrator.registerMigration("v2") { db in
            try db.execute(sql: "ALTER TABLE deliveries ADD COLUMN fingerprint TEXT")
        }
        // What the delivery inspector shows of a request (store.md §5).
        migrator.registerMigration("v3") { db in
            try db.execute(sql: "ALTER TABLE deliveries ADD COLUMN detail TEXT")
        }
        return migrator
    }

    /// The newest migration this binary knows, for messages.
    static let newest = "v3"
}
