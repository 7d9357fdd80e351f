import Airscript
import Foundation
import TestSupport
import XCTest

final class CheckerTests: XCTestCase {
    /// Every case of Tests/Conformance/checker.txt: the inferred type, or the diagnostics at their positions.
    func testCheckerCaseFile() throws {
        let file = try CaseFile(url: CaseFile.folder.appendingPathComponent("checker.txt"))
        XCTAssertGreaterThan(file.cases.count, 80)
        for c in file.cases {
            let samples = c.bindings.compactMap { name, json in (try? JSONReader.read(json)).map { (name, $0) } }
            let source = Source(c.expression)
            let (type, diagnostics) = Environment(samples: samples).check(source)
            if c.expected.hasPrefix("type ") {
                let want = String(c.expected.dropFirst(5))
                XCTAssertEqual(type?.description, want, "checker.txt:\(c.line): \(c.expression)")
                XCTAssertFalse(diagnostics.hasErrors, "checker.txt:\(c.line): unexpected \(diagnostics.map { "\($0.code) \($0.message)" })")
                continue
            }
            guard let expected = ExpectedDiagnostic.parseList(c.expected) else {
                XCTFail("checker.txt:\(c.line): cannot read the expectation \(c.expected)")
                continue
            }
            let got = diagnostics.map { d -> ExpectedDiagnostic in
                let p = source.position(of: d.span.start)
                return ExpectedDiagnostic(severity: d.severity.rawValue, code: d.code.rawValue, line: p.line, column: p.column)
            }
            for e in expected where !got.contains(e) {
                XCTFail("checker.txt:\(c.line): \(c.expression)\n  expected \(e), got \(got) \(diagnostics.map(\.message))")
            }
        }
    }

    /// Every code of the catalogue that the resolver or the checker reports has a case that asserts
    /// its position (the codes come from the catalogue and the sources, not from a list of our own).
    func testEveryCheckerCodeHasACase() throws {
        let file = try CaseFile(url: CaseFile.folder.appendingPathComponent("checker.txt"))
        let asserted = Set(file.cases.flatMap { ExpectedDiagnostic.parseList($0.expected) ?? [] }.map(\.code))
        var reported = ""
        for folder in ["Checker", "Resolution"] {
            let url = Repository.root.appendingPathComponent("Sources/Airscript/\(folder)")
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".swift") {
                reported += try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
            }
        }
        let codes = DiagnosticCatalog.entries.map(\.code.rawValue).filter { reported.contains("\"\($0)\"") }
        XCTAssertGreaterThan(codes.count, 15)
        // E0307 needs a root declared unavailable, which a case file cannot declare: asserted by
        // testNamespacesNotVisibleInASlot.
        for code in codes where code != "E0307" {
            XCTAssertTrue(asserted.contains(code), "no checker.txt case asserts \(code)")
        }
    }

    func testNamespacesNotVisibleInASlot() {
        let environment = Environment(roots: [
            "payload", RootDeclaration("session", unavailableReason: "the identifier expression; available: payload"),
        ])
        let (_, diagnostics) = environment.check(Source("session.start"))
        XCTAssertEqual(diagnostics.map(\.code.rawValue), ["E0307"])
    }

    func testSampleInference() throws {
        let sample = try JSONReader.read(
            #"{"a": null, "b": [], "c": [1, 2.5], "d": [{"x": 1}, {"y": "s"}], "e": {"amount": 1, "code": "USD", "precision": 0}}"#)
        XCTAssertEqual(
            StaticType.inferred(from: sample).description,
            "{a: Any, b: List<Any>, c: List<Number>, d: List<{x?: Number, y?: Text, …}>, e: Currency, …}")
    }

    func testSubtypingAndJoins() {
        XCTAssertTrue(StaticType.email.isSubtype(of: .text))
        XCTAssertFalse(StaticType.text.isSubtype(of: .phone))
        XCTAssertTrue(StaticType.list(.never).isSubtype(of: .list(.number)))
        XCTAssertTrue(StaticType.null.isSubtype(of: .optional(.number)))
        XCTAssertTrue(StaticType.date.isSubtype(of: .object))
        XCTAssertEqual(StaticType.null.join(.number), .optional(.number))
        XCTAssertEqual(StaticType.email.join(.phone), .text)
        XCTAssertEqual(StaticType.number.join(.text), .any)
        XCTAssertEqual(StaticType.list(.number).join(.list(.null)), .list(.optional(.number)))
    }

    /// Property-based soundness: random well-typed expressions over a sample payload evaluate to
    /// values of their inferred type (or fail at run time with an R code).
    func testGeneratedExpressionsAreSound() throws {
        let payload = try JSONReader.read(
            #"""
            {"body": {"name": "Dana", "age": 41, "score": 2.5, "vip": true, "tags": ["a", "b"], "items": [{"sku": "x", "qty": 2}, {"sku": "y", "qty": 0}],
             "address": {"city": "Palo Alto", "zip": "94306"}, "joined": {"day": 3, "month": 5, "year": 2021}, "balance": {"amount": 1250, "code": "USD", "precision": 2}}}
            """#)
        var generator = SeededGenerator(seed: 2024)
        let numbers = [
            "payload.body.age", "payload.body.score", "1", "2.5", "LENGTH(payload.body.tags)", "payload.body.items[0].qty",
            "YEAR(payload.body.joined)", "ROUND(payload.body.score, 0)",
        ]
        let texts = [
            "payload.body.name", "\"x\"", "payload.body.address.city", "payload.body.tags[0]", "UPPERCASE(payload.body.name)",
            "payload.body.balance.code", "FORMAT_DATE(payload.body.joined)",
        ]
        let lists = [
            "payload.body.tags", "payload.body.items", "[1, 2, 3]", "payload.body.items[*].sku",
            "(FROM i IN payload.body.items WHERE i.qty > 0 SELECT i.sku)", "SPLIT(payload.body.name, \"a\")",
        ]
        func pick(_ xs: [String]) -> String { xs.randomElement(using: &generator)! }
        func number(_ depth: Int) -> String {
            guard depth > 0 else { return pick(numbers) }
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: return "(\(number(depth - 1)) + \(number(depth - 1)))"
            case 1: return "(\(number(depth - 1)) * \(number(depth - 1)))"
            case 2: return "LENGTH(\(text(depth - 1)))"
            case 3: return "IF(\(boolean(depth - 1)), \(number(depth - 1)), \(number(depth - 1)))"
            default: return "MAX(\(number(depth - 1)), \(number(depth - 1)))"
            }
        }
        func text(_ depth: Int) -> String {
            guard depth > 0 else { return pick(texts) }
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return "CONCAT(\(text(depth - 1)), \(number(depth - 1)))"
            case 1: return "\"{{\(number(depth - 1))}}-{{\(text(depth - 1))}}\""
            case 2: return "LOWERCASE(\(text(depth - 1)))"
            default: return "JOIN(\(list(depth - 1)), \"/\")"
            }
        }
        func boolean(_ depth: Int) -> String {
            guard depth > 0 else { return pick(["payload.body.vip", "TRUE", "ISEMPTY(payload.body.tags)"]) }
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return "(\(number(depth - 1)) > \(number(depth - 1)))"
            case 1: return "(\(text(depth - 1)) = \(text(depth - 1)))"
            case 2: return "(\(boolean(depth - 1)) AND \(boolean(depth - 1)))"
            default: return "CONTAINS(\(list(depth - 1)), \(text(depth - 1)))"
            }
        }
        func list(_ depth: Int) -> String {
            guard depth > 0 else { return pick(lists) }
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: return "(\(list(depth - 1)) + \(list(depth - 1)))"
            case 1: return "(FROM x IN \(list(depth - 1)) WHERE \(boolean(depth - 1)) SELECT x)"
            default: return "\(list(depth - 1))[0:1]"
            }
        }
        let environment = Environment(samples: [("payload", payload)])
        var evaluated = 0
        for k in 0..<600 {
            let expression = [number, text, boolean, list][k % 4](3)
            let program: Program
            do {
                program = try environment.compile(expression)
            } catch {
                XCTFail("generated expression rejected: \(expression)\n  \(error.diagnostics.map { "\($0.code) \($0.message)" })")
                continue
            }
            do {
                let value = try program.evaluate(["payload": payload])
                XCTAssertTrue(program.resultType.admits(value), "\(expression) : \(program.resultType) gave \(JSONWriter.write(value))")
                evaluated += 1
            } catch {
                XCTAssertTrue(error.code.rawValue.hasPrefix("R"), "\(expression): \(error)")
            }
        }
        XCTAssertGreaterThan(evaluated, 500)
    }
}
