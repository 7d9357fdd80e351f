@_spi(Syntax) import Airscript
import Foundation
import TestSupport
import XCTest

/// Every limit at its edge: just under it works, just over it is the diagnostic that names it (D40).
final class LimitsTests: XCTestCase {
    func evaluate(_ text: String, roots: [(String, Value)] = [], _ adjust: (inout EvaluationLimits) -> Void) throws -> Value {
        var context = EvaluationContext()
        adjust(&context.limits)
        let program = try Environment(samples: roots).compile(text)
        return try program.evaluate(roots: roots.map(\.1), context: context)
    }

    func assertLimit(
        _ text: String, roots: [(String, Value)] = [], named name: String, under: (inout EvaluationLimits) -> Void,
        over: (inout EvaluationLimits) -> Void, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertNoThrow(try evaluate(text, roots: roots, under), file: file, line: line)
        XCTAssertThrowsError(try evaluate(text, roots: roots, over), file: file, line: line) { error in
            guard let e = error as? RuntimeError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.code, "R0511", file: file, line: line)
            XCTAssertTrue(e.message.contains(name), "\(e.message) names \(name)", file: file, line: line)
        }
    }

    func testSteps() {
        // 10 × 10 inner iterations and the outer ones: 110 steps.
        let text = "FROM a IN xs SELECT FROM b IN xs SELECT a * b"
        let xs: Value = .list((1...10).map { .number(Double($0)) })
        assertLimit(text, roots: [("xs", xs)], named: "maxSteps", under: { $0.maxSteps = 110 }, over: { $0.maxSteps = 109 })
    }

    func testTextSize() {
        assertLimit(#"s + s"#, roots: [("s", "abcde")], named: "maxTextBytes", under: { $0.maxTextBytes = 10 }, over: { $0.maxTextBytes = 9 })
        assertLimit(#""{{s}}{{s}}""#, roots: [("s", "abcde")], named: "maxTextBytes", under: { $0.maxTextBytes = 10 }, over: { $0.maxTextBytes = 9 })
        assertLimit(#"CONCAT(s, s)"#, roots: [("s", "abcde")], named: "maxTextBytes", under: { $0.maxTextBytes = 10 }, over: { $0.maxTextBytes = 9 })
    }

    func testListSize() {
        assertLimit(
            "xs + xs", roots: [("xs", [1, 2, 3])], named: "maxCollectionSize", under: { $0.maxCollectionSize = 6 },
            over: { $0.maxCollectionSize = 5 })
        assertLimit(
            "FLAT([xs, xs])", roots: [("xs", [1, 2, 3])], named: "maxCollectionSize", under: { $0.maxCollectionSize = 6 },
            over: { $0.maxCollectionSize = 5 })
    }

    func testTimeLimit() throws {
        var context = EvaluationContext()
        context.limits.timeLimit = 0.05
        let xs: Value = .list((0..<3_000).map { .number(Double($0)) })
        let program = try Environment(samples: [("xs", xs)]).compile("FROM a IN xs SELECT FROM b IN xs WHERE a = b SELECT b")
        XCTAssertThrowsError(try program.evaluate(roots: [xs], context: context)) { error in
            XCTAssertTrue((error as! RuntimeError).message.contains("timeLimit"))
        }
    }

    func testCallDepthAndValueDepthOfUserFunctions() throws {
        func environment(_ body: String) -> Environment {
            var e = Environment(roots: [RootDeclaration("n", type: .number)])
            e.define([UserFunction(name: "T#F", parameters: [("k", .number)], returns: .any, body: Source(body))])
            return e
        }
        let recursive = try environment("IF(k <= 0, 0, 1 + T#F(k - 1))").compile("T#F(n)")
        var shallow = EvaluationContext()
        shallow.limits.maxCallDepth = 40
        XCTAssertEqual(try recursive.evaluate(roots: [.number(39)], context: shallow), .number(39))
        XCTAssertThrowsError(try recursive.evaluate(roots: [.number(40)], context: shallow)) { error in
            XCTAssertTrue((error as! RuntimeError).message.contains("maxCallDepth"), "\(error)")
        }
        // Unbounded recursion ends in R0511, whichever of the call depth and the stack comes first.
        XCTAssertThrowsError(try recursive.evaluate(roots: [.number(1e6)])) { error in
            XCTAssertEqual((error as! RuntimeError).code, "R0511")
        }
        let nesting = try environment("IF(k <= 0, [], [T#F(k - 1)])").compile("T#F(n)")
        var context = EvaluationContext()
        context.limits.maxValueDepth = 10
        XCTAssertNoThrow(try nesting.evaluate(roots: [.number(9)], context: context))
        XCTAssertThrowsError(try nesting.evaluate(roots: [.number(11)], context: context)) { error in
            XCTAssertTrue((error as! RuntimeError).message.contains("maxValueDepth"), "\(error)")
        }
    }

    func testParseLimitsAtTheirEdges() {
        var limits = ParseLimits()
        limits.maxSourceLength = 5
        XCTAssertNotNil(Parser.parse(Source("1 + 2"), limits: limits).root)
        XCTAssertEqual(Parser.parse(Source("1 + 23"), limits: limits).diagnostics.first?.code, "E0210")
        // The length counts characters, not UTF-8 bytes: five characters in eight bytes fit.
        XCTAssertNotNil(Parser.parse(Source("\"ééé\""), limits: limits).root)
        XCTAssertEqual(Parser.parse(Source("\"éééé\""), limits: limits).diagnostics.first?.code, "E0210")
        limits = ParseLimits()
        limits.maxNodes = 3
        XCTAssertNotNil(Parser.parse(Source("1 + 2"), limits: limits).root)
        XCTAssertEqual(Parser.parse(Source("1 + 2 + 3"), limits: limits).diagnostics.first?.code, "E0210")
        limits = ParseLimits()
        limits.maxDepth = 3
        XCTAssertNotNil(Parser.parse(Source("[[1]]"), limits: limits).root)
        XCTAssertTrue(Parser.parse(Source("[[[1]]]"), limits: limits).diagnostics.first?.message.contains("maxDepth") == true)
    }

    func testRepeatedTextAndPaddingAreBounded() throws {
        XCTAssertThrowsError(try evaluate(#"REPT("x", 1e12)"#) { _ in }) { error in
            XCTAssertEqual((error as! RuntimeError).code, "R0516")
        }
        XCTAssertThrowsError(try evaluate(#"PADSTRING("x", 1e12)"#) { _ in })
        XCTAssertEqual(try evaluate(#"LENGTH(REPT("ab", 5000000))"#) { _ in }, .number(10_000_000))
    }

    func testJSONNestingLimitOfTheReader() {
        var options = JSONReader.Options()
        options.maxDepth = 100
        XCTAssertNoThrow(try JSONReader.read(String(repeating: "[", count: 100) + String(repeating: "]", count: 100), options: options))
        XCTAssertThrowsError(try JSONReader.read(String(repeating: "[", count: 101) + String(repeating: "]", count: 101), options: options))
    }
}
