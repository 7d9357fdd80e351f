import Airscript
import Foundation
import TestSupport
import XCTest

final class FunctionTableTests: XCTestCase {
    /// Every family of spec/functions.md's index.
    static let implementedCategories = [
        "§1 Logic", "§2 Type tests", "§3 Numbers", "§4 Text", "§5 Lists and objects",
        "§6 JSON, encoding, hashing", "§7 Currency", "§8 Phone", "§9 Dates and times",
        "§10 Assets",
    ]

    /// The function names of spec/functions.md's index, by category row.
    func specIndex() throws -> [String: [String]] {
        let url = CaseFile.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/spec/functions.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw XCTSkip("../shared/spec is not beside this checkout")
        }
        var rows: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| §") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            let names = cells[1].components(separatedBy: CharacterSet(charactersIn: ", ()"))
                .filter { !$0.isEmpty && $0 == $0.uppercased() && $0.first!.isLetter }
            rows[cells[0]] = names
        }
        return rows
    }

    func testEveryFunctionOfTheImplementedFamiliesExists() throws {
        let index = try specIndex()
        XCTAssertEqual(Set(index.values.joined()).count, 108, "the spec's index lists 108 functions")
        XCTAssertEqual(FunctionLibrary.all.count, 108)
        for category in Self.implementedCategories {
            let names = try XCTUnwrap(index[category], "category \(category) not in the spec's index")
            XCTAssertFalse(names.isEmpty)
            for name in names {
                XCTAssertNotNil(FunctionLibrary.function(named: name), "\(name) (\(category)) is not implemented")
            }
        }
    }

    func testEveryFunctionHasAtLeastFiveConformanceCases() throws {
        let cases = try CaseFile.all().flatMap { $0.cases.map { $0.expression.uppercased() } }
        for function in FunctionLibrary.all {
            let needle = function.name.uppercased() + "("
            let count = cases.filter { $0.contains(needle) }.count
            XCTAssertGreaterThanOrEqual(count, 5, "\(function.name) has only \(count) cases in Tests/Conformance")
        }
    }

    func testDeclarationsAreConsistent() {
        var seen = Set<String>()
        for f in FunctionLibrary.all {
            XCTAssertTrue(seen.insert(f.name.uppercased()).inserted, "\(f.name) is declared twice")
            XCTAssertFalse(f.summary.isEmpty, "\(f.name) has no summary")
            for s in f.signatures {
                XCTAssertTrue(s.hasPrefix(f.name), "signature \(s) does not name \(f.name)")
                XCTAssertTrue(s.contains("->"), "signature \(s) has no result type")
            }
        }
    }

    func testArityComesFromTheSignatures() throws {
        let join = try XCTUnwrap(FunctionLibrary.function(named: "join"))
        XCTAssertEqual(join.minArguments, 1)
        XCTAssertEqual(join.maxArguments, 2)
        let concat = try XCTUnwrap(FunctionLibrary.function(named: "CONCAT"))
        XCTAssertEqual(concat.minArguments, 1)
        XCTAssertNil(concat.maxArguments)
        let pad = try XCTUnwrap(FunctionLibrary.function(named: "PADSTRING"))
        XCTAssertEqual(pad.minArguments, 2)
        XCTAssertEqual(pad.maxArguments, 4)
        XCTAssertEqual(FunctionLibrary.function(named: "IF")?.arityDescription, "at least 2 arguments")
        XCTAssertEqual(FunctionLibrary.function(named: "ROUND")?.arityDescription, "2 arguments")
    }

    func testOverloadsAcceptTheirArgumentCounts() {
        let cases: [(signature: String, accepts: [Int: Bool])] = [
            ("F() -> Number", [0: true, 1: false]),
            ("F(a: Number, b?: Number) -> Number", [0: false, 1: true, 2: true, 3: false]),
            ("F(...rest: Number) -> Number", [0: true, 1: true, 7: true]),
            ("F(...rest+: Number) -> Number", [0: false, 1: true, 7: true]),
            ("F(a: Text, ...rest+: Number) -> Number", [0: false, 1: false, 2: true, 9: true]),
            ("F(a: Text, b?: Text, ...rest: Number) -> Number", [0: false, 1: true, 2: true, 3: true]),
        ]
        for (signature, accepts) in cases {
            let overload = Signature(parsing: signature)
            for (count, expected) in accepts {
                XCTAssertEqual(overload.accepts(count), expected, "\(signature) with \(count) arguments")
            }
        }
    }

    func testOverloadsKnowTheirArgumentRange() {
        let cases: [(signature: String, name: String, minimum: Int, maximum: Int?)] = [
            ("F() -> Number", "F", 0, 0),
            ("ROUND(number: Number, digits?: Number = 0) -> Number", "ROUND", 1, 2),
            ("F<T>(list: List<T>, f?: (\"a\" | \"b\") = \"a,b\") -> T", "F", 1, 2),
            ("F(...rest: Number) -> Number", "F", 0, nil),
            ("F(a: Text, ...rest+: Number) -> Number", "F", 2, nil),
            ("F(a: {x: Number, y?: Text}, b: List<Number>) -> Number", "F", 2, 2),
        ]
        for (signature, name, minimum, maximum) in cases {
            let overload = Signature(parsing: signature)
            XCTAssertEqual(overload.name, name, signature)
            XCTAssertEqual(overload.minimumArguments, minimum, signature)
            XCTAssertEqual(overload.maximumArguments, maximum, signature)
        }
    }

    func testRandomAndUUIDAreReproducibleWithASeed() throws {
        let program = try Environment().compile("[RANDOM(), UUID(), RANDOM()]")
        let a = try program.evaluate(context: EvaluationContext(seed: 7))
        let b = try program.evaluate(context: EvaluationContext(seed: 7))
        let c = try program.evaluate(context: EvaluationContext(seed: 8))
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertFalse(program.isConstant, "impure calls are never folded")
    }

    func testUnknownFunctionSuggestsNearestNames() {
        XCTAssertThrowsError(try Environment().compile("UNKNOWN_FN(1)")) { error in
            let d = (error as! DiagnosticError).diagnostics[0]
            XCTAssertEqual(d.code, "E0302")
            XCTAssertTrue(d.help?.contains("nearest known functions") == true, d.help ?? "")
        }
        XCTAssertThrowsError(try Environment().compile("SUBSTITUT(\"a\", \"b\", \"c\")")) { error in
            XCTAssertEqual((error as! DiagnosticError).diagnostics[0].help, "did you mean `SUBSTITUTE`?")
        }
    }

    func testWrongKindNamesTheFunctionAndPointsAtTheArgument() throws {
        let source = Source("1 + LENGTH(TRUE)")
        // The checker refuses this call (E0304); without it the run-time error names the argument.
        XCTAssertThrowsError(try Environment().compile(source)) { error in
            let d = (error as! DiagnosticError).diagnostics[0]
            XCTAssertEqual(d.code, "E0304")
            XCTAssertEqual(source.position(of: d.span.start), SourcePosition(line: 1, column: 12))
        }
        let program = try Environment(checks: false).compile(source)
        XCTAssertThrowsError(try program.evaluate()) { error in
            let d = (error as! RuntimeError).diagnostic
            XCTAssertEqual(d.code, "R0506")
            XCTAssertTrue(d.message.contains("`LENGTH`: argument 1"), d.message)
            XCTAssertEqual(source.position(of: d.span.start), SourcePosition(line: 1, column: 5))
            XCTAssertEqual(d.secondary.first.map { source.position(of: $0.span.start) }, SourcePosition(line: 1, column: 12))
        }
    }
}
