import AirscriptMapping
import Dispatch
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection to the store's database, for synchronous callers: the record pipeline's ordered
/// stage and the store commands. Each statement waits for its `EventLoopFuture` on the caller's
/// thread while SwiftNIO's threads talk to the server: no task of the cooperative pool is involved,
/// so a caller that blocks there cannot starve it (waiting on an async task from a blocked
/// cooperative thread deadlocked the tests on two cores). Callers must not be event-loop threads.
/// A connection that was lost (the server restarted) is made again at the next call.
final class PostgresSession: @unchecked Sendable {
    let location: StoreLocation
    let configuration: PostgresConnection.Configuration
    // Guarded by `lock`: one transaction at a time on the connection.
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private static let logger = Logger(label: "airscript.store.postgres")

    init(location: StoreLocation, configuration: PostgresConnection.Configuration) {
        self.location = location
        self.configuration = configuration
    }

    deinit {
        if let connection, !connection.isClosed { try? connection.close().wait() }
    }

    /// Runs `work` with the connection held: no other caller's statements interleave.
    func exclusively<T>(_ work: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            let connection = try open()
            return try work(connection)
        } catch {
            // A failed statement may have broken the connection: the next call makes a new one.
            if connection?.isClosed == true { connection = nil }
            throw failure(error)
        }
    }

    private func open() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        let made = try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: Self.logger
        ).wait()
        connection = made
        return made
    }

    /// A PostgreSQL failure as the store's: the server's refusal of a schema it does not know
    /// is incompatible; anything else makes the store unavailable (exit 69).
    func failure(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError {
            let server = error.serverInfo?[.message].map { ": \($0)" } ?? ""
            return StoreError(.unavailable, "store `\(location)` is unavailable (\(error.code))\(server)")
        }
        return StoreError(.unavailable, "store `\(location)` is unavailable: \(error)")
    }
}

/// A value bound to a statement's parameter.
enum Bind: Sendable {
    case text(String?)
    case integer(Int?)
    case double(Double?)
    case boolean(Bool)
    case texts([String])
    /// A column of a batch's rows, NULL where a row has none (`$1::text[]`).
    case textColumn([String?])
    /// A column of integers (`$1::int8[]`).
    case integerColumn([Int?])
}

extension PostgresConnection {
    private static let logger = Logger(label: "airscript.store.postgres")

    /// Runs a statement with positional parameters (`$1`…) and returns its rows.
    func rows(_ sql: String, _ binds: [Bind] = []) throws -> [PostgresRandomAccessRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case .text(let value): bindings.append(value)
            case .integer(let value): bindings.append(value)
            case .double(let value): bindings.append(value)
            case .boolean(let value): bindings.append(value)
            case .texts(let values): bindings.append(values)
            case .textColumn(let values): bindings.append(ArrayParameter(values: values))
            case .integerColumn(let values): bindings.append(ArrayParameter(values: values))
            }
        }
        let result = try completion(of: query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: Self.logger))
        return result.rows.map { $0.makeRandomAccess() }
    }

    /// Runs `work` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ work: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let result = try work()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs a statement whose rows are not wanted.
    func execute(_ sql: String, _ binds: [Bind] = []) throws {
        _ = try rows(sql, binds)
    }

    /// How long a statement may take, lock waits included, before the store counts as unavailable.
    static let statementTimeout = 120.0

    /// Waits for a statement's future on this thread. Not `wait()`: a statement in flight when the
    /// server went away was seen never to complete, though the connection had closed; so the
    /// wait looks at the connection every tenth of a second, and gives up after the timeout.
    func completion<T: Sendable>(of future: EventLoopFuture<T>) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = NIOLockedValueBox<Result<T, any Error>?>(nil)
        future.whenComplete { result in
            outcome.withLockedValue { $0 = result }
            done.signal()
        }
        let deadline = Date().addingTimeInterval(Self.statementTimeout)
        while done.wait(timeout: .now() + 0.1) == .timedOut {
            if isClosed || Date() > deadline {
                let closing: EventLoopFuture<Void> = close()
                _ = closing
                throw ConnectionLost(timedOut: !isClosed)
            }
        }
        return try outcome.withLockedValue { $0! }.get()
    }
}

/// The connection closed (or stopped answering) under a statement.
struct ConnectionLost: Error, CustomStringConvertible {
    var timedOut: Bool
    var description: String {
        timedOut ? "no answer within \(Int(PostgresConnection.statementTimeout)) s" : "the connection was closed"
    }
}

extension PostgresConnection.Configuration {
    /// The configuration a `postgres://` store URL describes (store.md §6, "URLs"): user, host,
    /// port and database; `?host=/folder` for a Unix socket; `?sslmode=disable|prefer|require`;
    /// the password from `?password=env:NAME` or `PGPASSWORD`, never from the URL itself.
    static func parse(_ url: String) throws(StoreError) -> PostgresConnection.Configuration {
        guard let components = URLComponents(string: url), let scheme = components.scheme, scheme.hasPrefix("postgres") else {
            throw StoreError(.usage, "cannot read store URL `\(url)`; write `postgres://USER@HOST:PORT/DB`")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let user = components.user ?? ProcessInfo.processInfo.environment["PGUSER"] ?? "postgres"
        var database = String(components.path.drop(while: { $0 == "/" }))
        if database.isEmpty { database = user }
        var password = ProcessInfo.processInfo.environment["PGPASSWORD"]
        if let reference = query["password"] {
            guard reference.hasPrefix("env:"), let value = ProcessInfo.processInfo.environment[String(reference.dropFirst(4))] else {
                throw StoreError(
                    .usage, "store URL `\(url)`: `password=` takes `env:NAME`, the name of a set environment variable, never the password")
            }
            password = value
        }
        let port = components.port ?? 5432
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            return PostgresConnection.Configuration(
                unixSocketPath: socketFolder + "/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        let tls: PostgresConnection.Configuration.TLS
        switch query["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer", "require":
            do {
                let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                tls = query["sslmode"] == "require" ? .require(context) : .prefer(context)
            } catch {
                throw StoreError(.unavailable, "store `\(url)`: TLS cannot be set up: \(error)")
            }
        case let other:
            throw StoreError(.usage, "store URL `\(url)`: sslmode `\(other)` is not one of disable, prefer, require")
        }
        return PostgresConnection.Configuration(
            host: components.host ?? "localhost", port: port, username: user, password: password, database: database, tls: tls)
    }
}
