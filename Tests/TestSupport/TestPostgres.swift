import Foundation

/// The PostgreSQL server of a test run (`scripts/with-postgres.sh`, which `make test` runs the
/// tests under, starts a throwaway cluster and describes it in the environment): databases of a
/// test's own, and stopping and starting the server for the tests of a store that goes away.
public enum TestPostgres {
    static let environment = ProcessInfo.processInfo.environment

    /// The server's URL (of its `postgres` database), when there is one.
    public static let url = environment["AIRSCRIPT_TEST_POSTGRES"]

    /// Whether this run is on CI, where a missing server is a failure, never a skip.
    public static let onCI = environment["CI"] == "true"

    /// What a test without a server says.
    public static let missing =
        "no PostgreSQL server: run the tests under scripts/with-postgres.sh (make test does), which starts one"

    /// A failure of the test server's tools.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A new empty database on the test server; its URL.
    public static func createDatabase() throws -> String {
        guard let url, let slash = url.lastIndex(of: "/") else { throw Failure(description: missing) }
        let name = "airscript_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql(url, "CREATE DATABASE \(name)")
        return String(url[...slash]) + name
    }

    /// Drops a database made by `createDatabase`, closing its connections.
    public static func dropDatabase(_ database: String) {
        guard let url, let slash = database.lastIndex(of: "/") else { return }
        _ = try? psql(url, "DROP DATABASE IF EXISTS \(database[database.index(after: slash)...]) WITH (FORCE)")
    }

    /// Runs SQL with `psql` against `url`; returns what it printed (unaligned, tuples only).
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        try tool(["/usr/bin/env", "psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-A", "-t", "-c", sql])
    }

    /// Stops the server at once, as a crash would (`pg_ctl stop -m immediate`).
    public static func stopServer() throws {
        try pgctl(["stop", "-m", "immediate", "-w"])
    }

    /// Starts the server again and waits until it accepts connections.
    public static func startServer() throws {
        guard let log = environment["AIRSCRIPT_TEST_POSTGRES_LOG"] else { throw Failure(description: missing) }
        try pgctl(["start", "-w", "-t", "60", "-l", log])
    }

    static func pgctl(_ arguments: [String]) throws {
        guard let pgctl = environment["AIRSCRIPT_TEST_POSTGRES_CTL"], let data = environment["AIRSCRIPT_TEST_POSTGRES_DATA"] else {
            throw Failure(description: missing)
        }
        // The cluster belongs to the `postgres` user when the tests run as root (initdb refuses root).
        let asOwner = getuid() == 0 ? ["/usr/sbin/runuser", "-u", environment["AIRSCRIPT_TEST_POSTGRES_OWNER"] ?? "postgres", "--"] : []
        try spawnAndWait(asOwner + [pgctl, "-D", data] + arguments)
    }

    /// Runs a command with its output to /dev/null and waits for it with `waitpid`. Not through
    /// `Process`: `pg_ctl start` leaves a server behind, and `Process.waitUntilExit` was seen to
    /// wait for ever though `pg_ctl` had exited.
    static func spawnAndWait(_ command: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let arguments = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, arguments, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run \(command[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else { throw Failure(description: "\(command.joined(separator: " ")) failed (status \(status))") }
    }

    @discardableResult
    static func tool(_ command: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(command.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
        return String(decoding: printed, as: UTF8.self)
    }
}
