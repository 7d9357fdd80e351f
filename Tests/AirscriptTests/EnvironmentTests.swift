import Foundation
import TestSupport
import XCTest

@testable import Airscript

/// The library's front door as an embedder uses it: roots, functions of one's own, the errors it
/// throws and how they render (the DocC article's promises).
final class EnvironmentTests: XCTestCase {
    /// Names are resolved once, by the resolver: the same diagnostics (code, span, message, help)
    /// whether or not the types are checked, and none twice.
    func testNamesAreReportedOnceWithOrWithoutTypeChecks() {
        let environment = Environment(roots: ["payload", RootDeclaration("session", unavailableReason: "the identifier expression")])
        let cases: [(String, [String])] = [
            ("foo", ["E0301"]),
            ("paylod.x", ["E0301"]),
            ("foo + bar", ["E0301", "E0301"]),
            ("session.start", ["E0307"]),
            ("CONCAT_WS(1)", ["E0302"]),
            ("ROUND()", ["E0303"]),
            ("T#F(1)", ["E0302"]),
            ("FROM x IN [1] SELECT y", ["E0301"]),
            ("[FROM x IN [1] SELECT x, x]", ["E0301"]),
            ("IF(foo, NOTT(1))", ["E0301", "E0302"]),
        ]
        for (text, codes) in cases {
            var unchecked = environment
            unchecked.checks = false
            let withChecks = diagnostics(environment, text), withoutChecks = diagnostics(unchecked, text)
            XCTAssertEqual(withChecks.map(\.code.rawValue), codes, text)
            XCTAssertEqual(withChecks, withoutChecks, text)
        }
    }

    func diagnostics(_ environment: Environment, _ text: String) -> [Diagnostic] {
        do throws(DiagnosticError) {
            return try environment.compile(text).warnings
        } catch {
            return error.diagnostics
        }
    }

    /// A query binding sees only its own query; LIMIT and OFFSET see none of it.
    func testQueryBindingsAreScoped() throws {
        let environment = Environment(roots: ["n"])
        XCTAssertEqual(diagnostics(environment, "FROM x IN [1] LIMIT x SELECT x").map(\.code.rawValue), ["E0301"])
        XCTAssertEqual(diagnostics(environment, "FROM n IN [1] SELECT n").map(\.code.rawValue), ["W0416"])
        let program = try environment.compile("[FROM a IN [1, 2] SELECT FROM b IN [10] SELECT a + b, FROM a IN [5] SELECT a, n]")
        XCTAssertEqual(try program.evaluate(["n": 7]), [[[11], [12]], [5], 7])
    }

    /// IF and NOT are forms of their declarations: a function of one's own declared as a
    /// conditional is lazy like IF, whatever its name.
    func testFormsComeFromTheDeclaration() throws {
        var environment = Environment(roots: ["x"])
        try environment.define(
            BuiltinFunction(
                ["WHEN<T>(condition: Any, value: T, ...rest: Any) -> T?"], category: .logic,
                summary: "IF under another name", propagatesNull: false, form: .conditional
            ) { _, _ in .null })
        try environment.define(
            BuiltinFunction(
                ["UNLESS(value: Any) -> Boolean"], category: .logic, summary: "NOT under another name",
                propagatesNull: false, form: .negation
            ) { _, _ in .null })
        let program = try environment.compile("[WHEN(x > 0, 10 / x, 0), WHEN(FALSE, 1 / x), UNLESS(x), UNLESS(\"\")]")
        XCTAssertEqual(try program.evaluate(["x": 0]), [0, nil, true, true])
        XCTAssertEqual(try program.evaluate(["x": 5]), [2, nil, false, true])
    }

    func testFunctionsOfOnesOwn() throws {
        var environment = Environment(roots: ["payload"])
        try environment.define(
            BuiltinFunction(["SHOUT(text: Text) -> Text"], category: .text, summary: "Upper case and a bang.") {
                arguments, call throws(RuntimeError) in
                .text(try call.text(arguments, 0).uppercased() + "!")
            })
        XCTAssertEqual(try environment.compile("shout(payload.name)").evaluate(["payload": ["name": "dana"]]), "DANA!")
        XCTAssertEqual(try environment.compile("SHOUT(payload.missing)").evaluate(["payload": [:]]), nil, "NULL propagates")
        XCTAssertEqual(diagnostics(environment, "SHOUT(1)").map(\.code.rawValue), ["E0304"], "its signature is checked")
        XCTAssertEqual(diagnostics(environment, "SHOUT()").map(\.code.rawValue), ["E0303"])
        XCTAssertThrowsError(try environment.define(BuiltinFunction(["concat(a: Any) -> Text"], category: .text, summary: "") { _, _ in .null }))
        XCTAssertThrowsError(try environment.define(BuiltinFunction(["Shout(a: Any) -> Text"], category: .text, summary: "") { _, _ in .null }))
        XCTAssertEqual(environment.addedFunctions.map(\.name), ["SHOUT"])
    }

    /// User-defined functions are compiled when they are defined: every program, and every copy of
    /// the environment, shares the one table of bodies.
    func testUserFunctionsAreCompiledOnce() throws {
        var environment = Environment(roots: ["n"])
        environment.define([UserFunction(name: "M#TWICE", parameters: [("k", .number)], returns: .number, body: Source("k * 2"))])
        var other = environment
        other.roots = ["m"]
        let a = try environment.compile("M#TWICE(n)"), b = try environment.compile("M#TWICE(n) + 1"), c = try other.compile("M#TWICE(m)")
        XCTAssertTrue(a.userFunctions === b.userFunctions && b.userFunctions === c.userFunctions)
        XCTAssertEqual(try c.evaluate(["m": 4]), 8)
        // A function of one's own defined afterwards is seen by the bodies defined before it.
        environment.define([UserFunction(name: "M#LOUD", parameters: [("t", .text)], returns: .text, body: Source("SHOUT(t)"))])
        XCTAssertThrowsError(try environment.compile("M#LOUD(\"a\")"))
        try environment.define(
            BuiltinFunction(["SHOUT(text: Text) -> Text"], category: .text, summary: "") { a, call throws(RuntimeError) in
                .text(try call.text(a, 0).uppercased())
            })
        XCTAssertEqual(try environment.compile("M#LOUD(\"a\")").evaluate(), "A")
    }

    /// A misspelt root is an error, not a silent NULL.
    func testAnUnknownRootNameIsAnError() throws {
        let program = try Environment(roots: ["payload"]).compile("payload.x")
        XCTAssertEqual(try program.evaluate(["payload": ["x": 1]]), 1)
        XCTAssertEqual(try program.evaluate([:]), nil, "an absent root is NULL")
        XCTAssertThrowsError(try program.evaluate(["paylod": ["x": 1]])) { error in
            guard let error = error as? RuntimeError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.code, "R0517")
            XCTAssertEqual(error.diagnostic.help, "did you mean `payload`?")
        }
    }

    /// A runtime error carries its program's source and renders with a caret on its own.
    func testRuntimeErrorsRenderWithoutTheCallerKeepingTheSource() throws {
        let program = try Environment(roots: ["d"]).compile("10 / d", name: "ratio.airscript")
        XCTAssertThrowsError(try program.evaluate(["d": 0])) { error in
            guard let error = error as? RuntimeError else { return XCTFail("\(error)") }
            XCTAssertEqual(
                error.rendered(),
                """
                error[R0501]: division by zero
                 --> ratio.airscript:1:4
                  |
                1 | 10 / d
                  |    ^ the divisor is 0

                """)
        }
        XCTAssertEqual(RuntimeError("R0501", "division by zero", at: .none).rendered(), "error[R0501]: division by zero\n")
    }

    func testCompileErrorsAreTypedAndRender() {
        do throws(DiagnosticError) {
            _ = try Environment().compile("1 +")
            XCTFail("compiled")
        } catch {
            XCTAssertEqual(error.diagnostics.map(\.code.rawValue), ["E0201"])
            XCTAssertTrue(error.rendered().contains("1 | 1 +"), error.rendered())
        }
    }

    /// The default context is now, not 1970; folding never reads the clock.
    func testTheDefaultContextReadsTheWallClock() throws {
        let before = (Date().timeIntervalSince1970 * 1000).rounded(.down)
        let now = EvaluationContext().now
        XCTAssertGreaterThanOrEqual(now, before)
        XCTAssertLessThan(now - before, 60_000)
        XCTAssertEqual(EvaluationContext(now: 0).now, 0)
        let year = try Environment().compile("YEAR(TODAY())").evaluate()
        XCTAssertEqual(year, .number(Double(Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).year!)))
    }

    /// Limits are data: the library names the limit; how to raise it is the embedding program's.
    func testLimitsAreNamedNotWordedAsOptions() throws {
        var context = EvaluationContext(now: 0)
        context.limits.maxSteps = 10
        let program = try Environment().compile("FROM x IN [1,2,3,4,5,6,7,8,9,10,11,12] SELECT x")
        XCTAssertThrowsError(try program.evaluate(context: context)) { error in
            guard let error = error as? RuntimeError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.diagnostic.limit, .maxSteps)
            XCTAssertFalse(error.message.contains("--"), error.message)
            let renderer = DiagnosticRenderer(raisingLimit: [.maxSteps: "raise it with STEPS=N"])
            XCTAssertTrue(renderer.render(error.diagnostic, in: program.source).contains("= note: raise it with STEPS=N"))
        }
        var tight = ParseLimits()
        tight.maxDepth = 3
        XCTAssertThrowsError(try Environment(parseLimits: tight).compile("[[[[1]]]]")) { error in
            XCTAssertEqual((error as? DiagnosticError)?.diagnostics.first?.limit, .maxDepth)
        }
    }
}
