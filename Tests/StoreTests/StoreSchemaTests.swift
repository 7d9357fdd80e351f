import AirscriptMapping
import AirscriptPostgres
import AirscriptSQLite
import Foundation
import GRDB
import TestSupport
import Testing

/// A store migrated by a newer airscript is refused with a message (exit 65 in the command), never
/// used or downgraded; and a store keeps the seed it was created with (store.md §6).
@Suite struct StoreSchemaTests {
    @Test func aNewerSQLiteStoreIsRefused() throws {
        let store = try StoreBackendKind.sqlite.makeStore()
        let path = try #require(store.folder).appendingPathComponent("journeys.sqlite").path
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99')") }
        let error = #expect(throws: StoreError.self) { try SQLiteJourneyStore(path: path) }
        #expect(error?.kind == .incompatible)
        #expect(error?.message.contains("was written by a newer airscript") == true)
    }

    @Test(.enabled(if: TestPostgres.url != nil)) func aNewerPostgresStoreIsRefused() throws {
        let url = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(url) }
        _ = try PostgresJourneyStore(url: url)
        try TestPostgres.psql(url, "UPDATE airscript_schema SET version = 99")
        let error = #expect(throws: StoreError.self) { try PostgresJourneyStore(url: url) }
        #expect(error?.kind == .incompatible)
        #expect(error?.message.contains("newer airscript (schema 99") == true)
    }

    @Test(arguments: StoreBackendKind.available.filter { $0 != .memory })
    func aStoreKeepsItsSeed(_ kind: StoreBackendKind) throws {
        let store = try kind.makeStore(seed: 5)
        #expect(try store.reopen().seed == 5, "opened without a seed, the store's own")
        #expect(store.backend.seed == 5)
    }
}
