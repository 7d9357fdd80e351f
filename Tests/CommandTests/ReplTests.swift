import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The REPL on a real pseudo-terminal (libedit reads the keys), and on a file of expressions.
final class ReplTests: XCTestCase {
    /// Runs `airscript` on a pty, typing `keys` (with a pause after each), and returns what it printed.
    func onTerminal(_ arguments: [String], keys: [String], environment extra: [String: String] = [:]) throws -> String {
        let binary = try CommandTests.requireBinary()
        var master: Int32 = 0, slave: Int32 = 0
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw XCTSkip("no pseudo-terminal here") }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = CommandTests.root
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "xterm"
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        close(slave)
        let output = OutputCollector()
        let masterFD = master
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(masterFD, &buffer, buffer.count)
                if n <= 0 { break }
                output.append(Array(buffer[0..<n]))
            }
        }
        reader.start()
        Thread.sleep(forTimeInterval: 0.8)
        for key in keys {
            if key == Self.interrupt {
                // The pty is no controlling terminal of the child: the signal Ctrl-C would make is sent.
                kill(process.processIdentifier, SIGINT)
            } else {
                _ = key.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
            }
            Thread.sleep(forTimeInterval: 0.35)
        }
        // Leave with Ctrl-D on an empty line.
        _ = "\u{04}".utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, 1) }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        Thread.sleep(forTimeInterval: 0.2)
        close(master)
        return output.text
    }

    /// A key that stands for the SIGINT a terminal sends on Ctrl-C.
    static let interrupt = "<SIGINT>"

    final class OutputCollector: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        func append(_ more: [UInt8]) {
            lock.lock()
            bytes += more
            lock.unlock()
        }
        var text: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    var historyFile: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("airscript-history-\(UUID().uuidString)").path
    }

    func testCompletionOfAPayloadPath() throws {
        let out = try onTerminal(
            ["repl", "--payload", "Samples/payloads/salesforce-lead.json"],
            keys: ["payload.result.Fi\t", "\r"], environment: ["AIRSCRIPT_HISTORY": historyFile])
        // libedit redraws the completed word with cursor moves; the value shows it completed to FirstName.
        XCTAssertTrue(out.contains("rstName"), out)
        XCTAssertTrue(out.contains("\"Dana\" : Text"), out)
    }

    /// Completion knows a query variable's fields, an element's after `[*].`, and a field's after
    /// `["key"].` (finding 19).
    func testCompletionAfterQueryVariablesWildcardsAndKeys() throws {
        let out = try onTerminal(
            ["repl", "--payload", "Samples/payloads/salesforce-lead.json"],
            keys: [
                "FROM t IN payload.result.Tasks WHERE t.Don\t", " SELECT t.Subj\t\r",
                "payload.result.Tasks[*].Subj\t\r", "payload[\"result\"].FirstN\t\r",
            ],
            environment: ["AIRSCRIPT_HISTORY": historyFile])
        // Each line was typed short of its field: a result proves the completion (the screen itself
        // is redrawn with cursor moves, so the completed text is not one run of characters).
        XCTAssertTrue(out.contains("[\"Send brochure\"] : List<Text>"), "t.Don⇥ and t.Subj⇥: \(out)")
        XCTAssertTrue(out.contains("[\"Call back\", \"Send brochure\", \"Schedule visit\"] : List<Text>"), "[*].Subj⇥: \(out)")
        XCTAssertTrue(out.contains("\"Dana\" : Text"), "[\"result\"].FirstN⇥: \(out)")
    }

    func testHistoryIsRecalledInTheNextSession() throws {
        let history = historyFile
        defer { try? FileManager.default.removeItem(atPath: history) }
        _ = try onTerminal(["repl"], keys: ["40 + 2\r"], environment: ["AIRSCRIPT_HISTORY": history])
        XCTAssertTrue((try? String(contentsOfFile: history, encoding: .utf8))?.contains("40") == true, "the history was saved")
        let out = try onTerminal(["repl"], keys: ["\u{1B}[A", "\r"], environment: ["AIRSCRIPT_HISTORY": history])
        XCTAssertTrue(out.contains("42 : Number"), out)
    }

    func testMultiLineQueryTypeAndErrorUnderline() throws {
        let out = try onTerminal(
            ["repl", "--payload", "Samples/payloads/salesforce-lead.json"],
            keys: [
                "FROM t IN payload.result.Tasks WHERE\r", "t.Done SELECT t.Subject\r",
                ":type payload.result.Tasks[0].DueDate\r", "1 + \"a\"\r",
                "abandoned (\u{03}", "7\r",
            ],
            environment: ["AIRSCRIPT_HISTORY": historyFile])
        XCTAssertTrue(out.contains("...> "), "the continuation prompt: \(out)")
        XCTAssertTrue(out.contains("[\"Send brochure\"] : List<Text>"), out)
        XCTAssertTrue(out.contains("Date?"), out)
        XCTAssertTrue(out.contains("error[E0305]"), out)
        XCTAssertTrue(out.contains("  |   ^"), "the caret under `+`: \(out)")
        XCTAssertTrue(out.contains("7 : Number"), "Ctrl-C discarded the pending input: \(out)")
    }

    /// A query written a clause a line continues on a terminal (finding 18): a line that ends a
    /// query without SELECT waits for the next clause, and an empty line submits it as it is.
    func testAQueryWrittenAClauseALine() throws {
        let out = try onTerminal(
            ["repl"],
            keys: ["FROM x IN [3, 1, 2]\r", "WHERE x > 1\r", "ORDER BY x\r", "SELECT x * 10\r", "FROM y IN [5, 6]\r", "\r", "40 + 2\r"],
            environment: ["AIRSCRIPT_HISTORY": historyFile])
        XCTAssertTrue(out.contains("[20, 30] : List<Number>"), out)
        XCTAssertTrue(out.contains("[5, 6] : List<Number>"), "an empty line submits the query: \(out)")
        XCTAssertTrue(out.contains("42 : Number"), out)
    }

    /// Ctrl-C stops a running evaluation at once (finding 19), and the session goes on.
    func testCtrlCCancelsARunningEvaluation() throws {
        let slow = #"LENGTH(FROM a IN SPLIT(REPT("a,", 4000), ",") SELECT FROM b IN SPLIT(REPT("a,", 4000), ",") WHERE a = b SELECT b)"#
        let started = Date()
        let out = try onTerminal(["repl"], keys: [slow + "\r", Self.interrupt, "6 * 7\r"], environment: ["AIRSCRIPT_HISTORY": historyFile])
        XCTAssertTrue(out.contains("error[R0518]: evaluation cancelled"), out)
        XCTAssertTrue(out.contains("42 : Number"), out)
        XCTAssertLessThan(Date().timeIntervalSince(started), 8, "cancelled, not run to its time limit")
    }

    func testAFileOfExpressionsWithoutATerminal() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("exprs-\(UUID().uuidString).txt")
        try """
        :load payload Samples/payloads/salesforce-lead.json
        payload.result.LastName
        [1,
         2]
        :let n = LENGTH(payload.result.Tasks)
        n * 10
        :type n
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = try CommandTests.requireBinary()
        process.currentDirectoryURL = CommandTests.root
        process.standardInput = try FileHandle(forReadingFrom: file)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(
            out,
            """
            payload : {subscription: Text, organizationId: Text, receivedAt: Te…}
            "Reyes" : Text
            [1, 2] : List<Number>
            n = 3 : Number
            30 : Number
            Number

            """)
    }
}
