/// The store's tables on PostgreSQL (store.md §1, §6), as versioned migrations in order: the
/// database's `airscript_schema` says how many were applied. A database migrated further than this
/// binary knows is refused, never used or downgraded.
enum PostgresSchema {
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE meta (
                key text PRIMARY KEY,
                value text NOT NULL
            )
            """,
            // Journeys in creation order (position); at most one active holder of an identifier and of
            // a phone, by unique partial indexes. Identifiers are indexed by their SHA-256 (hex):
            // PostgreSQL's B-tree refuses entries over about 2.7 kB.
            """
            CREATE TABLE journeys (
                position bigserial PRIMARY KEY,
                id text NOT NULL UNIQUE,
                seq bigint,
                status text NOT NULL CHECK (status IN ('active', 'ended')),
                identifier text,
                identifier_key text,
                phone text,
                created_at text,
                ended_at text,
                end_reason text,
                mapping text,
                source_file text,
                source_line bigint,
                events bigint NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE UNIQUE INDEX journeys_active_identifier ON journeys (identifier_key)
                WHERE status = 'active' AND identifier_key IS NOT NULL
            """,
            """
            CREATE UNIQUE INDEX journeys_active_phone ON journeys (phone) WHERE status = 'active' AND phone IS NOT NULL
            """,
            """
            CREATE INDEX journeys_identifier ON journeys (identifier_key)
            """,
            // What was delivered to each journey: json, not jsonb, which would reorder keys.
            """
            CREATE TABLE events (
                journey_id text NOT NULL,
                sequence bigint NOT NULL,
                kind text NOT NULL CHECK (kind IN ('start', 'event')),
                time text NOT NULL,
                mapping text NOT NULL,
                delivery_key text,
                start_parameters json NOT NULL,
                event_payload json NOT NULL,
                PRIMARY KEY (journey_id, sequence)
            )
            """,
            // Every record that reached a mapping, with its output record (map --resume).
            """
            CREATE TABLE deliveries (
                position bigserial,
                mapping text NOT NULL,
                key text NOT NULL,
                first_seen double precision NOT NULL,
                outcome text NOT NULL,
                status bigint,
                journey_id text,
                output text,
                PRIMARY KEY (mapping, key)
            )
            """,
            """
            CREATE INDEX deliveries_first_seen ON deliveries (first_seen)
            """,
            // Each `map` run over the store, for --resume: its instant, seed and inputs.
            """
            CREATE TABLE runs (
                id bigserial PRIMARY KEY,
                mapping text NOT NULL,
                started double precision NOT NULL,
                now double precision NOT NULL,
                seed text NOT NULL,
                inputs text NOT NULL,
                finished boolean NOT NULL DEFAULT false
            )
            """,
        ],
        // What an App API's Idempotency-Key remembers of the body (serve.md §10).
        ["ALTER TABLE deliveries ADD COLUMN fingerprint text"],
        // What the delivery inspector shows of a request (store.md §5).
        ["ALTER TABLE deliveries ADD COLUMN detail text"],
    ]
}
