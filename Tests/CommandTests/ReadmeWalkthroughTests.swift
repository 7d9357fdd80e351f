import Foundation
import TestSupport
import XCTest

/// The README's "Receive webhooks live" walk-through, run as printed: the server started as its
/// `airscript serve … &` line says (on a port of its own in place of 8080), every other command run
/// by the shell with the built `airscript` first on the PATH, and its output compared with the
/// lines printed under it.
final class ReadmeWalkthroughTests: XCTestCase {
    struct Step {
        var command: String
        var expected: [String]
    }

    /// The commands and outputs of the block after `<!-- serve walk-through -->`.
    static func steps() throws -> (environment: [String: String], serve: [String], steps: [Step]) {
        let readme = try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let marker = readme.range(of: "<!-- serve walk-through -->\n```console\n"),
            let end = readme.range(of: "\n```", range: marker.upperBound..<readme.endIndex)
        else { throw Missing() }
        var environment: [String: String] = [:]
        var serve: [String] = []
        var steps: [Step] = []
        for line in readme[marker.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("$ export ") {
                for pair in line.dropFirst("$ export ".count).split(separator: " ") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    environment[String(parts[0])] = String(parts[1])
                }
            } else if line.hasPrefix("$ airscript serve ") {
                serve = line.dropFirst("$ airscript serve ".count).split(separator: " ").map(String.init).filter { $0 != "&" }
            } else if line.hasPrefix("$ ") {
                steps.append(Step(command: String(line.dropFirst(2)), expected: []))
            } else if !steps.isEmpty {
                steps[steps.count - 1].expected.append(String(line))
            }
        }
        return (environment, serve, steps)
    }

    struct Missing: Error {}

    func testTheWalkthroughWorksAsPrinted() throws {
        let (environment, serveArguments, steps) = try Self.steps()
        XCTAssertGreaterThanOrEqual(steps.count, 10)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("airscript-walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("Samples"), withDestinationURL: Repository.samples)
        // The shell expands `Samples/*.yaml` as it would have.
        let mappings = try FileManager.default.contentsOfDirectory(atPath: Repository.samples.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { "Samples/\($0)" }
        var arguments = serveArguments.flatMap { $0 == "Samples/*.yaml" ? mappings : [$0] }
        if let port = arguments.firstIndex(of: "--port") { arguments.removeSubrange(port...(port + 1)) }
        let server = try ServedProcess(
            arguments.filter { !["--store", "memory:"].contains($0) }, in: folder, environment: environment)
        defer {
            server.signal(SIGTERM)
            _ = server.waitForExit()
        }
        var shellEnvironment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        shellEnvironment["PATH"] = CommandTests.binary.deletingLastPathComponent().path + ":" + (shellEnvironment["PATH"] ?? "/usr/bin:/bin")
        for step in steps {
            let command = step.command.replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(server.port)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            process.currentDirectoryURL = folder
            process.environment = shellEnvironment
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, command)
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
            XCTAssertEqual(lines, step.expected, command)
        }
    }
}
