import Foundation
import TestSupport
import XCTest

/// The REPL reading a script on standard input (first-week finding 17).
extension CommandTests {
    /// Results and errors come in input order on one stream, errors are located by their line on
    /// standard input, and a failing command makes the exit status non-zero.
    func testAPipedScriptKeepsItsOrderAndItsLines() throws {
        let process = Process()
        process.executableURL = try Self.requireBinary()
        process.currentDirectoryURL = Self.root
        process.arguments = ["repl"]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output  // one stream, as `2>&1` makes it
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data("1 + 1\n\nfoo\n:timezone Mars/X\n\"a\"\n".utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 2, "the worst of an error (2) and a failed command (1)")
        let first = try XCTUnwrap(text.range(of: "2 : Number")), error = try XCTUnwrap(text.range(of: "error[E0301]"))
        let zone = try XCTUnwrap(text.range(of: "unknown time zone `Mars/X`")), last = try XCTUnwrap(text.range(of: "\"a\" : Text"))
        XCTAssertTrue(first.lowerBound < error.lowerBound && error.lowerBound < zone.lowerBound && zone.lowerBound < last.lowerBound, text)
        XCTAssertTrue(text.contains("--> <stdin>:3:1"), "foo is on line 3: \(text)")

        let r = try airscript(["repl"], stdin: "1 + 1\n:timezone Mars/X\n")
        XCTAssertEqual(r.status, 1, "a failed command alone: \(r.stderr)")
        XCTAssertEqual(try airscript(["repl"], stdin: "1 + 1\n:timezone Europe/Paris\n").status, 0)
    }

    /// `:help FUNCTION` shows the function's worked examples from functions.md (finding 19).
    func testHelpShowsAFunctionsExamples() throws {
        let r = try airscript(["repl"], stdin: ":help round\n:help NOT\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Examples:\n    ROUND(1.005, 2) ⇒ 1.01\n"), r.stdout)
        XCTAssertTrue(r.stdout.contains("NOT(NULL) ⇒ TRUE"), r.stdout)
    }
}
