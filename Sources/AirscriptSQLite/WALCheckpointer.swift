import Foundation
import GRDBSQLite

/// Checkpoints the store's write-ahead log on a thread and a connection of its own, so that a
/// commit only appends to the log.
///
/// SQLite's own policy checkpoints inside the commit that takes the log past 1,000 pages: that
/// commit copies the log into the database file and waits for two `fdatasync`s, which for `map`
/// was a quarter of a run's time spent between batches and for `serve` a slow answer every few
/// hundred deliveries. SQLite's documentation names this arrangement for applications that
/// checkpoint elsewhere: a write-ahead-log hook on the writer (`sqlite3_wal_hook`, which replaces
/// the automatic checkpoint) wakes a thread that runs a PASSIVE checkpoint, which never waits for
/// readers or writers; the writer goes on appending meanwhile, and restarts the log from its start
/// once a checkpoint has copied all of it. Commits stay as durable as before (the log is the
/// commit); the database file only catches up later.
final class WALCheckpointer: @unchecked Sendable {
    /// Pages in the log past which a commit asks for a checkpoint: SQLite's own default, 1,000.
    let threshold: Int32
    /// Pages in the log past which the writer finishes the checkpoint itself: 8,000 (32 MB).
    ///
    /// The writer starts the log over from its beginning only when it begins a transaction after
    /// a checkpoint has copied all of it. Under steady writes each of the thread's checkpoints ends
    /// inside the writer's next transaction, which has added to the log meanwhile: the log would
    /// grow without end. Past this bound, the writer's hook checkpoints too, between its
    /// transactions (as SQLite's own policy does at every 1,000 pages): it copies only what the
    /// thread has not yet, and its next transaction starts the log over.
    let restartBound: Int32

    private let path: String
    // Guards `requested` and `stopping`; the thread waits on it.
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the thread for the database at `path`, a file in WAL mode (or about to be: the
    /// thread opens it at the first request).
    init(path: String, threshold: Int32 = 1000, restartBound: Int32 = 8000) {
        self.path = path
        self.threshold = threshold
        self.restartBound = restartBound
        let thread = Thread { [self] in run() }
        thread.name = "airscript-checkpoint"
        thread.start()
    }

    /// Has the writer `connection` ask for checkpoints instead of running them in its commits.
    func install(on connection: OpaquePointer) {
        sqlite3_wal_hook(connection, walHook, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Wakes the thread for a checkpoint (several requests before it wakes make one).
    func request() {
        condition.lock()
        requested = true
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread after the checkpoint it may be running, and closes its connection.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
    }

    private func run() {
        defer { finished.signal() }
        // Opened at the first request, when the file surely exists (a new store is created after
        // this thread starts); closed last, after the writer's connection, so that its close
        // checkpoints what is left and removes the log, as the last connection to a file does.
        var connection: OpaquePointer?
        defer { sqlite3_close(connection) }
        while true {
            condition.lock()
            while !requested && !stopping { condition.wait() }
            let stop = stopping
            requested = false
            condition.unlock()
            if stop { return }
            if connection == nil { connection = open() }
            // Without a connection, the next request tries again; meanwhile the writer's hook
            // checkpoints at the bound, as it would with SQLite's own policy: slower, never wrong.
            guard let connection else { continue }
            // PASSIVE: copies what no reader still needs, waits for nobody; what it could not copy
            // is copied by the next request's checkpoint. A failure (a full disk) leaves the log
            // as it is, for the next request to try again.
            sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }

    /// The thread's connection to the file, ready to checkpoint; nil when it cannot be opened.
    private func open() -> OpaquePointer? {
        var connection: OpaquePointer?
        // A connection reads the file's header, and finds it in WAL mode, only at its first
        // statement: a checkpoint before that finds no log.
        guard sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
            sqlite3_exec(connection, "PRAGMA journal_mode", nil, nil, nil) == SQLITE_OK
        else {
            sqlite3_close(connection)
            return nil
        }
        // A RESTART checkpoint waits for the writer as long as a writer waits for another.
        sqlite3_busy_timeout(connection, 60_000)
        return connection
    }
}

/// The writer's write-ahead-log hook: called after each commit with the log's size in pages.
private func walHook(
    _ context: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ database: UnsafePointer<CChar>?, _ pages: Int32
) -> Int32 {
    guard let context else { return SQLITE_OK }
    let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
    if pages >= checkpointer.restartBound {
        // Busy (the thread is checkpointing): tried again after the next commit.
        sqlite3_wal_checkpoint_v2(connection, database, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
    } else if pages >= checkpointer.threshold {
        checkpointer.request()
    }
    return SQLITE_OK
}
