import GRDB
import GRDBSQLite

/// One of a batch's INSERT or UPDATE statements, bound and run through SQLite's C interface.
///
/// GRDB's `execute(arguments:)` builds an array of existential values for each row, converts each
/// to a `DatabaseValue`, checks them against the statement and binds them: for `map`'s three rows a
/// record that was as much time as SQLite's own work on them (`perf`). Here each column is bound
/// from its Swift value directly; the statement is still prepared and cached by GRDB, and errors
/// are GRDB's `DatabaseError`, as everywhere else in the store.
struct RowWriter {
    private let statement: OpaquePointer
    private let connection: OpaquePointer
    private let sql: String

    /// The connection's cached statement for `sql`.
    init(_ db: Database, sql: String) throws {
        self.statement = try db.cachedStatement(sql: sql).sqliteStatement
        guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "connection closed") }
        self.connection = connection
        self.sql = sql
    }

    /// Runs the statement with `columns` bound to its parameters in order, and makes it ready for
    /// the next row.
    func run(_ columns: Column...) throws {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, column) in columns.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch column {
            case .null: code = sqlite3_bind_null(statement, index)
            case .integer(let n): code = sqlite3_bind_int64(statement, index, Int64(n))
            case .real(let x): code = sqlite3_bind_double(statement, index, x)
            case .text(var text):
                code = text.withUTF8 { bytes in
                    sqlite3_bind_text(statement, index, bytes.baseAddress, Int32(bytes.count), transient)
                }
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    private func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }

    /// A column's value.
    enum Column {
        case null
        case integer(Int)
        case real(Double)
        case text(String)

        /// Text, or NULL for nil.
        init(_ value: String?) { self = value.map(Column.text) ?? .null }
        /// An integer, or NULL for nil.
        init(_ value: Int?) { self = value.map(Column.integer) ?? .null }
        /// A real number.
        init(_ value: Double) { self = .real(value) }
    }
}

/// SQLite copies the bytes bound with this destructor before the call returns: Swift's strings
/// only lend theirs for the length of a closure.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
