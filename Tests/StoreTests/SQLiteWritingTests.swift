import AirscriptMapping
import Foundation
import GRDB
import Testing

@testable import AirscriptSQLite

/// How the SQLite store writes: rows bound through SQLite's C interface (`RowWriter`), and the
/// write-ahead log checkpointed on a thread of its own (`WALCheckpointer`).
@Suite struct SQLiteWritingTests {
    /// A throwaway folder with a WAL-mode database in it.
    struct Scratch {
        let folder: URL
        let path: String

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-sqlite-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            path = folder.appendingPathComponent("test.sqlite").path
        }

        func size(_ suffix: String = "") -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: path + suffix))?[.size] as? Int) ?? 0
        }

        func exists(_ suffix: String) -> Bool { FileManager.default.fileExists(atPath: path + suffix) }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    // MARK: - RowWriter

    @Test(arguments: [
        (RowWriter.Column.null, "null", "NULL"),
        (RowWriter.Column(nil as String?), "null", "NULL"),
        (RowWriter.Column(nil as Int?), "null", "NULL"),
        (RowWriter.Column(0), "integer", "0"),
        (RowWriter.Column(-9_223_372_036_854_775_807), "integer", "-9223372036854775807"),
        (RowWriter.Column(Int.max), "integer", "9223372036854775807"),
        (RowWriter.Column(1.5), "real", "1.5"),
        (RowWriter.Column(-0.25), "real", "-0.25"),
        (RowWriter.Column(""), "text", ""),
        (RowWriter.Column("plain"), "text", "plain"),
        (RowWriter.Column("Zoë 🚀 日本"), "text", "Zoë 🚀 日本"),
        (RowWriter.Column("nul\u{0}inside"), "text", "nul\u{0}inside"),
    ])
    func aColumnIsStoredAsItsType(_ column: RowWriter.Column, type: String, text: String) throws {
        let row = try stored(column)
        #expect(row.type == type)
        // As bytes: a NUL inside text is kept (and would end a C string read back).
        #expect(row.hex == (type == "null" ? "" : hexText(Array(text.utf8)).uppercased()))
    }

    @Test func longTextIsStoredWhole() throws {
        let text = String(repeating: "0123456789", count: 20_000)
        let row = try stored(RowWriter.Column(text))
        #expect(row.type == "text")
        #expect(row.hex.count == 2 * text.utf8.count)
    }

    /// `column` written through a RowWriter and read back: its type and its bytes in hex.
    func stored(_ column: RowWriter.Column) throws -> (type: String, hex: String) {
        try DatabaseQueue().write { db in
            try db.execute(sql: "CREATE TABLE t (v)")
            try RowWriter(db, sql: "INSERT INTO t (v) VALUES (?)").run(column)
            let row = try #require(try Row.fetchOne(db, sql: "SELECT typeof(v) AS type, hex(v) AS hex FROM t"))
            return (row["type"], row["hex"])
        }
    }

    func hexText(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func aStatementRunsAgainForTheNextRowAndAfterAFailure() throws {
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(sql: "CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)")
            let insert = try RowWriter(db, sql: "INSERT INTO t (k, n) VALUES (?, ?)")
            try insert.run(.init("a"), .init(1))
            let error = #expect(throws: DatabaseError.self) { try insert.run(.init("a"), .init(2)) }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.message?.contains("UNIQUE constraint failed: t.k") == true)
            #expect(error?.sql == "INSERT INTO t (k, n) VALUES (?, ?)")
            // Bindings are cleared after each row: a column not bound again is NULL, not the last value.
            try insert.run(.init("b"))
            let rows = try Row.fetchAll(db, sql: "SELECT k, n FROM t ORDER BY k").map {
                [$0["k"] as String, ($0["n"] as Int?).map(String.init) ?? "NULL"]
            }
            #expect(rows == [["a", "1"], ["b", "NULL"]])
        }
    }

    @Test func moreColumnsThanParametersIsAnError() throws {
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(sql: "CREATE TABLE t (v)")
            let error = #expect(throws: DatabaseError.self) { try RowWriter(db, sql: "INSERT INTO t (v) VALUES (?)").run(.init(1), .init(2)) }
            #expect(error?.resultCode == .SQLITE_RANGE)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 0, "nothing half-written")
        }
    }

    // MARK: - WALCheckpointer

    /// Writes `commits` transactions of `rowsEach` rows of `bytes` bytes through `db`, calling
    /// `after` after each.
    func write(_ db: DatabaseQueue, commits: Int, rowsEach: Int, bytes: Int, after: () -> Void = {}) throws {
        let text = String(repeating: "r", count: bytes)
        for _ in 0..<commits {
            try db.write { db in
                for _ in 0..<rowsEach { try db.execute(sql: "INSERT INTO t (v) VALUES (?)", arguments: [text]) }
            }
            after()
        }
    }

    /// A WAL-mode database with a table `t (v TEXT)`, its writer checkpointed by a checkpointer
    /// of `threshold` and `restartBound` pages, handed to `body`.
    func withCheckpointedDatabase(
        threshold: Int32, restartBound: Int32, _ body: (Scratch, DatabaseQueue) throws -> Void
    ) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let checkpointer = WALCheckpointer(path: scratch.path, threshold: threshold, restartBound: restartBound)
        defer { checkpointer.stop() }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            if let connection = db.sqliteConnection { checkpointer.install(on: connection) }
        }
        let queue = try DatabaseQueue(path: scratch.path, configuration: configuration)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (v TEXT)") }
        try body(scratch, queue)
    }

    /// Waits (up to ten seconds) until `condition` holds.
    func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition()
    }

    @Test func theCheckpointerCopiesTheLogIntoTheFileWhileTheWriterGoesOn() throws {
        try withCheckpointedDatabase(threshold: 50, restartBound: 1_000_000) { scratch, queue in
            // About 100 pages of 4 KB: past the threshold of 50, under SQLite's own 1,000.
            try write(queue, commits: 4, rowsEach: 25, bytes: 4000)
            #expect(eventually { scratch.size() > 300_000 }, "the rows reached the database file (\(scratch.size()) bytes)")
            #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 100)
        }
    }

    @Test func underSteadyWritesTheLogIsRestartedNotGrownWithoutEnd() throws {
        try withCheckpointedDatabase(threshold: 20, restartBound: 200) { scratch, queue in
            // 3,000 pages (12 MB) in 300 commits, one after the other.
            var largest = 0
            try write(queue, commits: 300, rowsEach: 10, bytes: 4000) { largest = max(largest, scratch.size("-wal")) }
            // The bound is 200 pages (800 KB); the log passes it by what a commit adds and what
            // the writer's hook finds busy, never by much, and never to the 12 MB written.
            #expect(largest < 2_000_000, "the log reached \(largest) bytes")
            #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 3000)
        }
    }

    @Test func closingTheStoreCheckpointsTheRestAndRemovesTheLog() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        do {
            let store = try SQLiteJourneyStore(path: scratch.path)
            let output = String(repeating: "o", count: 8000)
            // 1,200 rows of 8 KB: about 2,400 pages, past the checkpointer's 1,000.
            for batch in 0..<6 {
                _ = try store.commit(touching: JourneyKeys()) { _, log in
                    for k in 0..<200 {
                        log.deliveries.append(
                            DeliveryRow(mapping: "m", key: "\(batch):\(k)", outcome: "started", journeyID: nil, status: 200, output: output))
                    }
                }
            }
        }
        #expect(!scratch.exists("-wal"), "the last connection's close removed the log")
        #expect(scratch.size() > 9_000_000, "the rows are in the file itself")
        let reopened = try SQLiteJourneyStore(path: scratch.path)
        #expect(try reopened.deliveries(keyed: ["0:0", "5:199"], mapping: "m").count == 2)
    }
}
