import Foundation
import TestSupport
import XCTest

/// A `map --store sqlite:` killed with SIGKILL at random moments (store.md §4): the store opens,
/// its invariants hold, `--resume` finishes the job, and the output and the store equal those of
/// an uninterrupted run.
final class StoreCrashTests: XCTestCase {
    static let runs = 20

    func testKilledRunsResumeToTheUninterruptedResult() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func run(_ arguments: [String]) throws -> CommandTests.Result {
            try CommandTests.airscript(arguments, in: folder)
        }
        // Leads whose ids repeat, so that records replace the journeys of earlier batches.
        var generator = SystemRandomNumberGenerator()
        let stream = (0..<3000).map { k in
            #"{"body": {"Id": "L\#(k % 1500)", "Name": "Lead \#(k)", "Tasks": [\#(k % 3), \#(k % 5)]}}"#
        }.joined(separator: "\n")
        try Data((stream + "\n").utf8).write(to: folder.appendingPathComponent("leads.ndjson"))
        try Data(
            """
            version: 1
            name: leads
            journey:
              behavior: replace
              identifier: {type: text, expression: payload.body.Id}
              startParameters: '{name: payload.body.Name, tasks: payload.body.Tasks}'
              eventPayload: '{n: LENGTH(payload.body.Tasks)}'
            response:
              body: '{journey: metadata.journey_id, at: NOW()}'
            """.utf8
        ).write(to: folder.appendingPathComponent("leads.yaml"))
        // Small transactions: a kill lands between many of them.
        let common = ["map", "leads.yaml", "leads.ndjson", "--no-summary", "--jobs", "2", "--batch-size", "256"]
        let now = ["--now", "2024-05-02T17:21:09.250Z"]

        let started = Date()
        let reference = try run(common + now + ["--store", "sqlite:reference.sqlite", "-o", "reference.ndjson"])
        let duration = Date().timeIntervalSince(started)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let expected = try Data(contentsOf: folder.appendingPathComponent("reference.ndjson"))
        let expectedStore = try run(["store", "export", "sqlite:reference.sqlite"]).stdout

        var killedMidway = 0
        for k in 0..<Self.runs {
            let store = "sqlite:killed-\(k).sqlite"
            let process = Process()
            process.executableURL = try CommandTests.requireBinary()
            process.arguments = common + now + ["--store", store, "-o", "out-\(k).ndjson"]
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Somewhere in the run: after the start-up (the store's file made: a kill before is a
            // run that never began, whatever the machine's load), before the end.
            let file = folder.appendingPathComponent("killed-\(k).sqlite").path
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: file) && process.isRunning && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.002)
            }
            let delay = duration * Double.random(in: 0.05...0.8, using: &generator)
            Thread.sleep(forTimeInterval: delay)
            let wasRunning = process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if wasRunning && process.terminationReason == .uncaughtSignal { killedMidway += 1 }

            let check = try run(["store", "check", store])
            XCTAssertEqual(check.status, 0, "run \(k) (killed \(delay) s after its store appeared): \(check.stdout)\(check.stderr)")
            // Without --now: a resumed run takes the instant of the run it finishes from the store.
            let resumed = try run(common + ["--store", store, "-o", "out-\(k).ndjson", "--resume"])
            XCTAssertEqual(resumed.status, 0, "run \(k): \(resumed.stderr)")
            let output = try Data(contentsOf: folder.appendingPathComponent("out-\(k).ndjson"))
            XCTAssertEqual(output, expected, "run \(k) (killed \(delay) s after its store appeared): the resumed output differs")
            XCTAssertEqual(try run(["store", "check", store]).status, 0, "run \(k)")
            XCTAssertEqual(try run(["store", "export", store]).stdout, expectedStore, "run \(k): the resumed store differs")
        }
        XCTAssertGreaterThanOrEqual(killedMidway, Self.runs / 2, "most kills must land while the run is going on")
    }
}
