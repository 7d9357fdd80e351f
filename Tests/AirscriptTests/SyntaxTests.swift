@_spi(Syntax) import Airscript
import Foundation
import TestSupport
import XCTest

final class SyntaxTests: XCTestCase {
    /// Every case of Tests/Conformance/syntax.txt: the grouped tree, or the diagnostics at their positions.
    func testSyntaxCaseFile() throws {
        let file = try CaseFile(url: CaseFile.folder.appendingPathComponent("syntax.txt"))
        XCTAssertGreaterThan(file.cases.count, 150)
        for c in file.cases {
            let text = c.expression.replacingOccurrences(of: "⏎", with: "\n")
            let source = Source(text)
            let tree = Parser.parse(source)
            if let expected = ExpectedDiagnostic.parseList(c.expected) {
                let got = tree.diagnostics.map { d -> ExpectedDiagnostic in
                    let p = source.position(of: d.span.start)
                    return ExpectedDiagnostic(severity: d.severity.rawValue, code: d.code.rawValue, line: p.line, column: p.column)
                }
                for e in expected where !got.contains(e) {
                    XCTFail("syntax.txt:\(c.line): \(c.expression)\n  expected \(e), got \(got)")
                }
                continue
            }
            guard let root = tree.root else {
                XCTFail("syntax.txt:\(c.line): \(c.expression)\n  unexpected \(tree.diagnostics.map { "\($0.code) \($0.message)" })")
                continue
            }
            XCTAssertEqual(Printer.printGrouped(root), c.expected, "syntax.txt:\(c.line)")
        }
    }

    /// Grammar/airscript.ebnf and the parser cases stay in step: every production has cases.
    func testEveryGrammarProductionHasCases() throws {
        let grammarURL = CaseFile.folder.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Grammar/airscript.ebnf")
        let grammar = try String(contentsOf: grammarURL, encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"^([A-Z][A-Za-z]*)\s*="#, options: .anchorsMatchLines)
        let productions = Set(
            regex.matches(in: grammar, range: NSRange(grammar.startIndex..., in: grammar)).compactMap {
                Range($0.range(at: 1), in: grammar).map { String(grammar[$0]) }
            })
        XCTAssertGreaterThan(productions.count, 30)
        let file = try CaseFile(url: CaseFile.folder.appendingPathComponent("syntax.txt"))
        let tested = file.productions
        // Productions whose cases are the lexical ones that stand for them.
        let lexicalOnly: Set<String> = []
        for p in productions.subtracting(lexicalOnly).sorted() where !tested.contains(p) {
            XCTFail("grammar production \(p) has no cases in syntax.txt")
        }
        for p in tested.sorted() where !productions.contains(p) {
            XCTFail("syntax.txt names production \(p), which the grammar does not define")
        }
    }

    /// parse → print → parse yields the same tree, for every shared and local conformance expression.
    func testPrintedTreesParseBackToTheSameTree() throws {
        var expressions: [String] = []
        let shared = CaseFile.folder.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/conformance/cases")
        if let files = try? FileManager.default.contentsOfDirectory(at: shared, includingPropertiesForKeys: nil) {
            for url in files where url.pathExtension == "jsonl" {
                for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                    guard case .object(let o) = try JSONReader.read(String(line)) else { continue }
                    if case .text(let e)? = o["expr"] {
                        if case .bool(true)? = o["expect_error"] { continue }
                        expressions.append(e)
                    }
                }
            }
        }
        for file in try CaseFile.all() {
            expressions += file.cases.map { $0.expression.replacingOccurrences(of: "⏎", with: "\n") }
        }
        var checked = 0
        for e in expressions {
            let first = Parser.parse(Source(e))
            guard let root = first.root else { continue }
            let printed = Printer.print(root)
            let second = Parser.parse(Source(printed))
            guard let again = second.root else {
                XCTFail("printed form does not parse: \(e)\n  printed: \(printed)\n  \(second.diagnostics.map(\.message))")
                continue
            }
            XCTAssertEqual(
                TreeDump.dump(root, source: nil, showSpans: false), TreeDump.dump(again, source: nil, showSpans: false),
                "round trip changed the tree of \(e)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 400)
    }

    /// Every shared conformance expression parses, except those that expect an error.
    func testSharedConformanceExpressionsParse() throws {
        let shared = CaseFile.folder.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/conformance/cases")
        guard let files = try? FileManager.default.contentsOfDirectory(at: shared, includingPropertiesForKeys: nil) else {
            throw XCTSkip("../shared/conformance is not beside this checkout")
        }
        var count = 0
        for url in files where url.pathExtension == "jsonl" {
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                guard case .object(let o) = try JSONReader.read(String(line)), case .text(let e)? = o["expr"] else { continue }
                if case .bool(true)? = o["expect_error"] { continue }
                let tree = Parser.parse(Source(e))
                XCTAssertFalse(tree.diagnostics.hasErrors, "\(url.lastPathComponent): \(e)\n  \(tree.diagnostics.map(\.message))")
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 700)
    }

    func testSpansAreExact() throws {
        let source = Source("foo.bar + [1, 2][0]")
        let root = try XCTUnwrap(Parser.parse(source).root)
        XCTAssertEqual(
            TreeDump.dump(root, source: source),
            """
            Binary(+) 1:1-1:20
              Property(bar) 1:1-1:8
                Variable(foo) 1:1-1:4
              Index 1:11-1:20
                List 1:11-1:17
                  Number(1) 1:12-1:13
                  Number(2) 1:15-1:16
                index: Number(0) 1:18-1:19
            """)
    }

    func testColumnsCountCharactersNotBytes() {
        let source = Source("\"é😀\" + )")
        let tree = Parser.parse(source)
        let d = tree.diagnostics.first
        XCTAssertEqual(d?.code, "E0201")
        XCTAssertEqual(d.map { source.position(of: $0.span.start) }, SourcePosition(line: 1, column: 8))
    }

    func testRecoveryReportsSeveralErrors() {
        let tree = Parser.parse(Source("[1 +, f(,), {a 1}, 2]"))
        XCTAssertNil(tree.root)
        XCTAssertEqual(tree.diagnostics.map(\.code.rawValue), ["E0201", "E0201", "E0201", "E0201"])
    }

    // MARK: - Hostile input ends in diagnostics, never a crash

    func testDeepNestingIsRefused() {
        for open in ["(", "[", "-", "{a: "] {
            let text = String(repeating: open, count: 10_000) + "1"
            let tree = Parser.parse(Source(text))
            XCTAssertNil(tree.root)
            XCTAssertTrue(tree.diagnostics.contains { $0.code == "E0210" }, "nesting with \(open)")
        }
        let holes = String(repeating: "\"{{", count: 5_000) + "1" + String(repeating: "}}\"", count: 5_000)
        XCTAssertTrue(Parser.parse(Source(holes)).diagnostics.contains { $0.code == "E0210" })
    }

    func testNestingAtTheLimitIsAccepted() {
        var limits = ParseLimits()
        limits.maxDepth = 64
        let ok = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        XCTAssertNotNil(Parser.parse(Source(ok), limits: limits).root)
        let tooDeep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        XCTAssertEqual(Parser.parse(Source(tooDeep), limits: limits).diagnostics.first?.code, "E0210")
    }

    func testSizeLimits() {
        let long = "\"" + String(repeating: "x", count: 1_000_000) + "\""
        XCTAssertEqual(Parser.parse(Source(long)).diagnostics.first?.code, "E0210")
        var limits = ParseLimits()
        limits.maxSourceLength = 2_000_000
        XCTAssertNotNil(Parser.parse(Source(long), limits: limits).root, "a 1 MB string parses when the limit allows")
        let many = "[" + Array(repeating: "1", count: 60_000).joined(separator: ",") + "]"
        limits.maxNodes = 50_000
        XCTAssertEqual(Parser.parse(Source(many), limits: limits).diagnostics.first?.code, "E0210")
    }

    func testRandomBytesEndInDiagnostics() {
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array("()[]{}\"'{{}}.,:@#?*+-/%=<>!&|ab1 \n\\u0FROM IN SELECT WHERE é😀".utf8)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let tree = Parser.parse(Source(text))
            XCTAssertTrue(tree.root != nil || tree.diagnostics.hasErrors, "no tree and no error for \(text.debugDescription)")
            if let root = tree.root {
                XCTAssertNotNil(Parser.parse(Source(Printer.print(root))).root, "printed form of \(text.debugDescription)")
            }
        }
    }

    func testInvalidUTF8BecomesReplacementCharacters() {
        let text = String(decoding: [0x22, 0xFF, 0xFE, 0x22, 0x20, 0xC3], as: UTF8.self)
        let tree = Parser.parse(Source(text))
        XCTAssertTrue(tree.diagnostics.hasErrors)  // the stray byte after the string
    }

    func testDiagnosticRendering() {
        let source = Source("10 / (3 - 3)")
        let d = Diagnostic("R0501", "division by zero", at: SourceSpan(start: 3, end: 4), label: "the divisor is 0")
        XCTAssertEqual(
            DiagnosticRenderer().render(d, in: source),
            """
            error[R0501]: division by zero
             --> <expr>:1:4
              |
            1 | 10 / (3 - 3)
              |    ^ the divisor is 0

            """)
    }

    func testPositionsInsideALargerFileUseItsLines() {
        let source = Source(
            "a +\n  )", name: "m.yaml (identifier)", origin: SourcePosition(line: 12, column: 15),
            continuationColumn: 5)
        let d = Parser.parse(source).diagnostics[0]
        XCTAssertEqual(source.position(of: d.span.start), SourcePosition(line: 13, column: 7))
        XCTAssertTrue(DiagnosticRenderer().render(d, in: source).contains("--> m.yaml (identifier):13:7"))
    }
}
