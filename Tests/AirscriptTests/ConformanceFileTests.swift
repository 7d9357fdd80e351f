import Airscript
import Foundation
import TestSupport
import Testing
import XCTest

/// One test per evaluation case file (Swift Testing's parameterised tests): a failing case names
/// its file and line, and the report says which files pass.
@Suite("Case files")
struct CaseFileTests {
    static let names = (try? ConformanceFileTests.evaluationFiles().map(\.name)) ?? []

    @Test("the case files are there")
    func caseFilesExist() {
        #expect(Self.names.count > 5, "case files are missing from \(CaseFile.folder.path)")
    }

    @Test("case file", arguments: names)
    func caseFile(_ name: String) throws {
        let file = try CaseFile(url: CaseFile.folder.appendingPathComponent(name))
        #expect(!file.cases.isEmpty)
        for c in file.cases {
            if let failure = ConformanceFileTests.run(c) {
                Issue.record("\(file.name):\(c.line): \(c.expression)\n  \(failure)")
            }
        }
    }
}

/// Runs every evaluation case file in Tests/Conformance (all but syntax.txt).
final class ConformanceFileTests: XCTestCase {
    /// A fixed context: 2024-05-02T17:21:09Z, UTC, en-US, seed 0.
    static let context = EvaluationContext(now: 1_714_670_469_000, timeZone: "UTC", locale: "en-US", seed: 0)

    /// The case files that assert run-time semantics (the checker has its own, checker.txt).
    static func evaluationFiles() throws -> [CaseFile] {
        try CaseFile.all().filter { $0.name != "syntax.txt" && $0.name != "checker.txt" }
    }

    /// The case files hold a corpus, not a handful (each file runs as a test of `CaseFileTests`).
    func testEvaluationCaseFilesHoldACorpus() throws {
        XCTAssertGreaterThan(try Self.evaluationFiles().reduce(0) { $0 + $1.cases.count }, 200)
    }

    /// Runs one case; returns a description of the failure, or nil.
    static func run(_ c: CaseFile.Case) -> String? {
        var roots: [(String, Value)] = []
        for (name, json) in c.bindings {
            guard let v = try? JSONReader.read(json) else { return "binding \(name) is not JSON: \(json)" }
            roots.append((name, v))
        }
        let source = Source(c.expression)
        let program: Program
        do {
            // Run-time semantics: the static checker is tested separately (checker.txt and the soundness test).
            program = try Environment(roots: roots.map { RootDeclaration($0.0) }, checks: false).compile(source)
        } catch {
            return compare(diagnostics: error.diagnostics, source: source, expected: c.expected)
        }
        do {
            let value = try program.evaluate(roots: roots.map(\.1), context: context)
            if c.expected.hasPrefix("error ") { return "expected \(c.expected), got \(JSONWriter.write(value))" }
            if c.expected.hasPrefix("text ") {
                let want = String(c.expected.dropFirst(5))
                return value.renderedText == want ? nil : "expected text \(want), got \(value.renderedText)"
            }
            guard let want = try? JSONReader.read(c.expected) else { return "expected part is not JSON: \(c.expected)" }
            return jsonEqual(value, want) ? nil : "expected \(JSONWriter.write(want)), got \(JSONWriter.write(value))"
        } catch {
            return compare(diagnostics: [error.diagnostic], source: source, expected: c.expected)
        }
    }

    /// The checker's contract over every case that expects a value: no error, and the value belongs
    /// to the inferred type (bindings typed from their values, as `airscript eval` does).
    func testCheckerIsSoundOverTheCaseFiles() throws {
        var checked = 0
        for file in try Self.evaluationFiles() {
            for c in file.cases where !c.expected.hasPrefix("error ") {
                let roots = c.bindings.compactMap { name, json in (try? JSONReader.read(json)).map { (name, $0) } }
                let source = Source(c.expression)
                let environment = Environment(samples: roots)
                let program: Program
                do {
                    program = try environment.compile(source)
                } catch {
                    XCTFail(
                        "\(file.name):\(c.line): the checker rejects \(c.expression): \(error.diagnostics.filter(\.isError).map { "\($0.code) \($0.message)" })"
                    )
                    continue
                }
                guard let value = try? program.evaluate(roots: roots.map(\.1), context: Self.context) else { continue }
                XCTAssertTrue(
                    program.resultType.admits(value),
                    "\(file.name):\(c.line): \(c.expression) is typed \(program.resultType) but gave \(JSONWriter.write(value))")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 500)
    }

    /// Equality of the JSON the two values print as: kinds recognised by shape do not matter here,
    /// so a plain object returned by DATE_DELTA matches the Date-shaped JSON written in a case.
    static func jsonEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { jsonEqual($0, $1) }
        default:
            if let x = a.objectFields, let y = b.objectFields {
                return x.count == y.count && x.allSatisfy { key, v in y[key].map { jsonEqual(v, $0) } ?? false }
            }
            return a == b
        }
    }

    static func compare(diagnostics: [Diagnostic], source: Source, expected: String) -> String? {
        let got = diagnostics.map { d -> ExpectedDiagnostic in
            let p = source.position(of: d.span.start)
            return ExpectedDiagnostic(severity: d.severity.rawValue, code: d.code.rawValue, line: p.line, column: p.column)
        }
        guard let want = ExpectedDiagnostic.parseList(expected) else {
            return "expected \(expected), got \(got.map(\.description).joined(separator: "; ")): \(diagnostics.first?.message ?? "")"
        }
        for w in want where !got.contains(w) {
            return "expected \(w), got \(got.map(\.description).joined(separator: "; ")): \(diagnostics.first?.message ?? "")"
        }
        return nil
    }
}
