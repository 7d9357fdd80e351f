import Foundation
import TestSupport
import XCTest

/// The `airscript` command as scripts use it: outputs and exit statuses (cli.md §1.4).
final class CommandTests: XCTestCase {
    /// The built command, beside the test bundle.
    static var binary: URL {
        var url = Bundle(for: CommandTests.self).bundleURL
        while url.pathExtension == "xctest" || url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        return url.appendingPathComponent("airscript")
    }
    static let root = Repository.root

    struct BinaryMissing: Error, CustomStringConvertible {
        var description: String {
            "the airscript binary is not built beside the tests (\(CommandTests.binary.path)): run `swift build` first"
        }
    }

    /// The built command. A missing binary fails the test: a skipped command test would let CI pass
    /// without ever running the command.
    static func requireBinary() throws -> URL {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw BinaryMissing() }
        return binary
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func airscript(_ arguments: [String], stdin: String? = nil) throws -> Result {
        try Self.airscript(arguments, stdin: stdin)
    }

    /// Runs the command in the repository's root and waits for it.
    static func airscript(_ arguments: [String], stdin: String? = nil, in folder: URL = root) throws -> Result {
        let process = Process()
        process.executableURL = try Self.requireBinary()
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `--version` names the allocator the command runs on: jemalloc on Linux, linked in for `map`'s
    /// speed (README, "Decisions beyond the spec").
    func testVersionNamesTheAllocator() throws {
        let r = try airscript(["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.hasPrefix("airscript 0.1.0 (allocator: "), r.stdout)
        #if os(Linux)
        XCTAssertTrue(r.stdout.contains("(allocator: jemalloc "), r.stdout)
        #endif
    }

    /// `--now` takes ISO 8601 with or without a time, seconds, a fraction and an offset (a value
    /// without an offset is read in `--timezone`); anything else is a usage error (64). `--locale`
    /// takes a BCP 47 tag (`_` read as `-`).
    func testNowAndLocaleOptions() throws {
        let instants: [(now: String, zone: String?, milliseconds: String?)] = [
            ("2024-05-02T17:21:09Z", nil, "1714670469000"),
            ("2024-05-02T17:21:09.5+02:00", nil, "1714663269500"),
            ("2024-05-02T17:21:09.123456789-0130", nil, "1714675869123"),
            ("2024-05-02 17:21", "America/New_York", "1714684860000"),
            ("2024-05-02", nil, "1714608000000"),
            ("2024-02-29T23:59:59Z", nil, "1709251199000"),
            ("2024-02-30", nil, nil), ("2023-02-29", nil, nil), ("2024-13-01", nil, nil), ("2024-05-02T24:00", nil, nil),
            // The REPL's `:now` and envelope records read the same grammar (ISO8601InstantTests has its table).
            ("2024-05-02T17", nil, "1714669200000"), ("20240502T172109Z", nil, "1714670469000"),
            ("2024-05-02T17:60", nil, nil), ("2024-05-02T17:21:09.", nil, nil),
            ("2024-05-02T17:21:09.1234567890Z", nil, nil), ("2024-05-02T17:21:09+2", nil, nil), ("2024-05-02Z ", nil, nil),
            ("24-05-02", nil, nil), ("2024-5-2", nil, nil), ("２０２４-05-02", nil, nil), ("", nil, nil),
        ]
        for (now, zone, expected) in instants {
            let r = try airscript(["eval", "--now", now] + (zone.map { ["--timezone", $0] } ?? []) + ["FORMAT_DATETIME(NOW(), \"x\")"])
            if let expected {
                XCTAssertEqual(r.status, 0, "\(now): \(r.stderr)")
                XCTAssertEqual(r.stdout, "\"\(expected)\"\n", now)
            } else {
                XCTAssertEqual(r.status, 64, now)
                XCTAssertTrue(r.stderr.contains("cannot read --now"), "\(now): \(r.stderr)")
            }
        }
        let locales: [(tag: String, valid: Bool)] = [
            ("en-US", true), ("en_us", true), ("fr", true), ("zh-Hant-TW", true), ("de-CH-1996", true),
            ("e", false), ("engl-US", false), ("en-", false), ("en--US", false), ("en-U", false), ("en-US-abcdefghi", false),
            ("en US", false), ("", false), ("é-FR", false), ("en-US\n", false),
        ]
        for (tag, valid) in locales {
            let r = try airscript(["eval", "--locale", tag, "1"])
            XCTAssertEqual(r.status, valid ? 0 : 64, tag)
            if !valid { XCTAssertTrue(r.stderr.contains("invalid locale"), "\(tag): \(r.stderr)") }
        }
    }

    func testEvalStatuses() throws {
        var r = try airscript(["eval", "1 + 1 * 2"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "3\n")
        r = try airscript(["eval", "10 / (3 - 3)"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("error[R0501]: division by zero"))
        XCTAssertTrue(r.stderr.contains(" --> <expr>:1:4"))
        r = try airscript(["eval", "1 +"])
        XCTAssertEqual(r.status, 2)
        r = try airscript(["eval", "\"a\" + 1"])
        XCTAssertEqual(r.status, 2, "a type error is refused before evaluation")
        r = try airscript(["eval", "--no-check", "\"a\" + 1"])
        XCTAssertEqual(r.status, 1, "without the checker it fails at run time")
        r = try airscript(["eval", "--bogus", "1"])
        XCTAssertEqual(r.status, 64)
        r = try airscript(["eval", "--timezone", "Mars/Olympus", "1"])
        XCTAssertEqual(r.status, 64)
        r = try airscript(["eval", "--payload", "no/such/file.json", "payload"])
        XCTAssertEqual(r.status, 66)
        r = try airscript(["eval", "--format", "text", "--now", "2024-05-02T17:21:09Z", "FORMAT_DATETIME(NOW(), \"MMMM Do, YYYY\")"])
        XCTAssertEqual(r.stdout, "May 2nd, 2024\n")
        r = try airscript(["eval", "--", "-1 - 1"])
        XCTAssertEqual(r.stdout, "-2\n")
        r = try airscript(["eval", "-"], stdin: "[1, 2] + [3]")
        XCTAssertEqual(r.stdout, "[1,2,3]\n")
        r = try airscript(["eval", "UNKNOWN_FN(1)"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("nearest known functions"))
    }

    func testCheckAndParse() throws {
        var r = try airscript(["check", "--payload", "Samples/payloads/salesforce-lead.json", "payload.result.Tasks[*].Subject"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "List<Text>\n")
        r = try airscript(["check", "--payload", "Samples/payloads/salesforce-lead.json", "--strict", "payload.result.Lastname"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("did you mean `LastName`?"))
        r = try airscript(["check", "Samples/twilio-sms.yaml", "--payload", "Samples/payloads/twilio-sms.json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("\"outcome\":\"started\""))
        r = try airscript(["parse", "a OR b AND c"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.hasPrefix("Binary(AND) 1:1-1:13"))
        r = try airscript(["parse", "a <"])
        XCTAssertEqual(r.status, 2)
    }

    func testMapStatusesStateAndOutput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("state.json").path
        try FileManager.default.copyItem(atPath: "\(Self.root.path)/Samples/state/zendesk-journeys.json", toPath: state)
        let output = dir.appendingPathComponent("out.ndjson").path
        var r = try airscript([
            "map", "Samples/zendesk-ticket.yaml", "Samples/streams/zendesk-ticket.ndjson",
            "--state", state, "--output", output, "--now", "2024-05-02T17:21:09Z", "--summary",
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("4 records"), r.stderr)
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        let saved = try String(contentsOfFile: state, encoding: .utf8)
        XCTAssertTrue(saved.contains("\"events\": 2"), "the state file records the delivered events")
        // Records with outcome error: exit 1, all records still written.
        r = try airscript(["map", "Samples/salesforce-lead.yaml", "Samples/streams/salesforce-lead.ndjson", "--jobs", "4"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout.split(separator: "\n").count, 6)
        // Standard input, and the same output for any --jobs.
        let stream = try String(contentsOfFile: "\(Self.root.path)/Samples/streams/twilio-sms.ndjson", encoding: .utf8)
        let one = try airscript(["map", "Samples/twilio-sms.yaml", "--jobs", "1", "--now", "2024-05-02T17:21:09Z"], stdin: stream)
        let two = try airscript(["map", "Samples/twilio-sms.yaml", "-", "--jobs", "2", "--now", "2024-05-02T17:21:09Z"], stdin: stream)
        XCTAssertEqual(one.stdout, two.stdout)
        XCTAssertEqual(one.stdout.split(separator: "\n").count, 5)
        // A mapping with errors is refused before any input is read.
        let bad = dir.appendingPathComponent("bad.yaml").path
        try "version: 1\nname: x\njourney: {behavior: sideways}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        r = try airscript(["map", bad, "Samples/streams/twilio-sms.ndjson"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("M0105"))
        r = try airscript(["map", "Samples/twilio-sms.yaml", "no-such-input.ndjson"])
        XCTAssertEqual(r.status, 66)
        r = try airscript(["map", "Samples/twilio-sms.yaml", "Samples", "Samples/streams/twilio-sms.ndjson"])
        XCTAssertEqual(r.status, 66, "a directory is refused before anything is written")
        XCTAssertTrue(r.stderr.contains("it is a directory"))
        XCTAssertEqual(r.stdout, "")
        for arguments in [
            ["map", "Samples", "Samples/streams/twilio-sms.ndjson"],
            ["map", "Samples/twilio-sms.yaml", "--state", "Samples", "Samples/streams/twilio-sms.ndjson"],
            ["eval", "--payload", "Samples", "payload"],
        ] {
            r = try airscript(arguments)
            XCTAssertEqual(r.status, 66, arguments.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains("it is a directory"), r.stderr)
        }
        r = try airscript(["map", "Samples/twilio-sms.yaml", "Samples/streams/twilio-sms.ndjson", "--output", "/proc/forbidden/out"])
        XCTAssertEqual(r.status, 74)
    }

    func testReplReadsExpressionsFromAPipe() throws {
        let r = try airscript(
            ["repl", "--payload", "Samples/payloads/salesforce-lead.json"],
            stdin: "[1, 2] + [3]\npayload.result.FirstName\nFROM t IN payload.result.Tasks WHERE\n  t.Done SELECT\n  t.Subject\n(1 +\n")
        XCTAssertEqual(r.stdout, "[1, 2, 3] : List<Number>\n\"Dana\" : Text\n[\"Send brochure\"] : List<Text>\n")
        XCTAssertEqual(r.status, 2)
    }

    /// `--allow` is one policy for eval, check and map: only warning codes, an unknown code is a
    /// usage error with the nearest code, an allowed warning is neither shown nor counted.
    func testAllowIsOnePolicyForEveryCommand() throws {
        let lead = "Samples/payloads/salesforce-lead.json"
        for command in [["eval"], ["check"]] {
            var r = try airscript(command + ["--allow", "E0301", "foo"])
            XCTAssertEqual(r.status, 64, "\(command): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("`E0301` is an error, and errors cannot be allowed"), r.stderr)
            r = try airscript(command + ["--allow", "W04O1", "1"])
            XCTAssertEqual(r.status, 64, "\(command)")
            XCTAssertTrue(r.stderr.contains("did you mean W0401?"), r.stderr)
            r = try airscript(command + ["--payload", lead, "--allow", "w0401", "--strict", "payload.result.Lastname"])
            XCTAssertEqual(r.status, 0, "\(command): \(r.stderr)")
            XCTAssertEqual(r.stderr, "", "\(command)")
            r = try airscript(command + ["--payload", lead, "--strict", "payload.result.Lastname"])
            XCTAssertEqual(r.status, 2, "\(command)")
            XCTAssertTrue(r.stderr.contains("error[W0401]"), "under --strict a warning is an error: \(r.stderr)")
        }
        let r = try airscript(["map", "Samples/app-api-signup.yaml", "Samples/streams/app-api-signup.ndjson", "--allow", "W9999"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("`W9999` is not a warning code"), r.stderr)
    }

    /// The library names a limit; the command says which option raises it.
    func testLimitMessagesNameTheOption() throws {
        let r = try airscript(["eval", "--max-steps", "5", "FROM x IN [1,2,3,4,5,6,7,8] SELECT x"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("(maxSteps)") && r.stderr.contains("= note: raise the limit with --max-steps"), r.stderr)
        let e = try airscript(["eval", "foo"])
        XCTAssertTrue(e.stderr.contains("bind variables with --bindings FILE"), e.stderr)
    }

    /// Names are resolved once, before types: the same report with and without `--no-check`.
    func testNameErrorsReadTheSameWithoutTheChecker() throws {
        for expression in ["foo", "paylod.x + 1", "CONCAT_WS(1)", "ROUND()", "FROM x IN [1] SELECT y"] {
            let checked = try airscript(["eval", expression]), unchecked = try airscript(["eval", "--no-check", expression])
            XCTAssertEqual(checked.status, 2, expression)
            XCTAssertEqual(unchecked.status, 2, expression)
            XCTAssertEqual(checked.stderr, unchecked.stderr, expression)
        }
    }
}
