import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `map` writes nothing it should not (first-week findings 1–4): a link keeps pointing at its file,
/// a FIFO's reader gets the records, a device survives, no file is both read and written, a
/// destination that cannot be written is known before the first record, and an interrupted run
/// leaves no temporary file behind.
extension CommandTests {
    static let signup = ["map", "Samples/app-api-signup.yaml"]

    func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    var stream: String { Repository.samples.appendingPathComponent("streams/app-api-signup.ndjson").path }

    func testOutputThroughASymbolicLinkWritesItsTarget() throws {
        let folder = try scratchFolder()
        let target = folder.appendingPathComponent("records.ndjson"), link = folder.appendingPathComponent("link.ndjson")
        try "old\n".write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let r = try airscript(Self.signup + [stream, "-o", link.path, "--no-summary"])
        XCTAssertEqual(r.status, 1, r.stderr)  // the sample stream has one error record
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), target.path, "the link is still a link")
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8).split(separator: "\n").count, 5)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["link.ndjson", "records.ndjson"])
    }

    func testOutputToAFIFOReachesItsReader() throws {
        let folder = try scratchFolder()
        let fifo = folder.appendingPathComponent("pipe")
        XCTAssertEqual(mkfifo(fifo.path, 0o644), 0)
        let received = OutputBox()
        let reader = Thread {
            received.data = (try? FileHandle(forReadingFrom: fifo).readToEnd()) ?? Data()
            received.done.signal()
        }
        reader.start()
        let r = try airscript(Self.signup + [stream, "-o", fifo.path, "--no-summary"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(received.done.wait(timeout: .now() + 10), .success)
        XCTAssertEqual(String(decoding: received.data, as: UTF8.self).split(separator: "\n").count, 5)
        var status = stat()
        XCTAssertEqual(stat(fifo.path, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "the FIFO is still a FIFO")
    }

    func testOutputToADeviceLeavesTheDevice() throws {
        let r = try airscript(Self.signup + [stream, "-o", "/dev/null", "--state", "/dev/null", "--no-summary"])
        XCTAssertEqual(r.status, 1, r.stderr)
        var status = stat()
        XCTAssertEqual(stat("/dev/null", &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFCHR, "/dev/null is still a character device")
    }

    /// The same file as input and output, or as output and state, however it is spelt: refused
    /// before anything is read (exit 64), the files untouched.
    func testNoFileIsBothReadAndWritten() throws {
        let folder = try scratchFolder()
        let input = folder.appendingPathComponent("in.ndjson"), link = folder.appendingPathComponent("alias.ndjson")
        try FileManager.default.copyItem(atPath: stream, toPath: input.path)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: input)
        let before = try Data(contentsOf: input)
        let dotted = folder.path + "/./in.ndjson"
        let cases: [([String], String?, String)] = [
            ([input.path, "-o", dotted], nil, "is the input"),
            ([input.path, "-o", link.path], nil, "is the input"),
            ([input.path, "--state", link.path], nil, "the state file"),
            (["-o", folder.appendingPathComponent("x").path, "--state", folder.path + "/../\(folder.lastPathComponent)/x"], "", "is the state file"),
        ]
        for (arguments, stdin, message) in cases {
            let r = try airscript(Self.signup + arguments + ["--no-summary"], stdin: stdin)
            XCTAssertEqual(r.status, 64, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
        // Standard input redirected from the output file.
        let process = Process()
        process.executableURL = try Self.requireBinary()
        process.currentDirectoryURL = Self.root
        process.arguments = Self.signup + ["-", "-o", input.path, "--no-summary"]
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardError = Pipe()
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 64)
        XCTAssertEqual(try Data(contentsOf: input), before, "the input is untouched")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path))
    }

    /// A destination that cannot be written is reported before the first record is read: the
    /// input here is a FIFO nobody writes to, which would block a run that opened it.
    func testDestinationsAreCheckedBeforeTheFirstRecord() throws {
        let folder = try scratchFolder()
        let fifo = folder.appendingPathComponent("never")
        XCTAssertEqual(mkfifo(fifo.path, 0o644), 0)
        let cases: [([String], String)] = [
            (["-o", folder.appendingPathComponent("missing/out.ndjson").path], "cannot write output"),
            (["--state", "/proc/airscript-state.json"], "cannot write state file"),
            (["-o", folder.path], "`: it is a directory"),
        ]
        for (arguments, message) in cases {
            let r = try airscript(Self.signup + [fifo.path] + arguments + ["--no-summary"])
            XCTAssertEqual(r.status, 74, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("error[M0402]: ") && r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }

    /// Ctrl-C (SIGINT) or SIGTERM in the middle of a run: the temporary file is removed, the
    /// output keeps what it held, and the process ends by the signal.
    func testAnInterruptedRunLeavesNoTemporaryFile() throws {
        for signalNumber in [SIGINT, SIGTERM] {
            let folder = try scratchFolder()
            let fifo = folder.appendingPathComponent("slow"), output = folder.appendingPathComponent("out.ndjson")
            XCTAssertEqual(mkfifo(fifo.path, 0o644), 0)
            try "kept\n".write(to: output, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = try Self.requireBinary()
            process.currentDirectoryURL = Self.root
            process.arguments = Self.signup + [fifo.path, "-o", output.path, "--no-summary"]
            process.standardError = Pipe()
            try process.run()
            // Open the FIFO and write one record, so the run is under way with its temporary file.
            let writer = try FileHandle(forWritingTo: fifo)
            try writer.write(contentsOf: Data(#"{"body": {"email": "a@example.com"}}"#.utf8 + [0x0A]))
            let deadline = Date().addingTimeInterval(10)
            while try FileManager.default.contentsOfDirectory(atPath: folder.path).count < 3 && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).count, 3, "the temporary file exists")
            kill(process.processIdentifier, signalNumber)
            process.waitUntilExit()
            try? writer.close()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal)
            XCTAssertEqual(process.terminationStatus, signalNumber)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["out.ndjson", "slow"])
            XCTAssertEqual(try String(contentsOf: output, encoding: .utf8), "kept\n")
        }
    }
}

/// What a reader thread received.
final class OutputBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}
