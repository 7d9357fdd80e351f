import Airscript
import Foundation
import TestSupport
import XCTest

/// The DocC article `Embedding.md`: its examples are the code of these tests, line for line
/// (`testTheArticleShowsThisCode`), so an example that stops compiling fails the build.
final class EmbeddingArticleTests: XCTestCase {
    func testCompileAndEvaluate() throws {
        let sample = try JSONReader.read(#"{"FirstName": "Dana", "LastName": "Reyes", "Tasks": [{"Done": false, "Subject": "Call back"}]}"#)
        let environment = Environment(samples: [("payload", sample)])
        let program = try environment.compile(#"CONCAT(payload.FirstName, " ", payload.LastName)"#)

        let context = EvaluationContext(now: 1_714_670_469_000, timeZone: "UTC", locale: "en-US", seed: 0)
        let name = try program.evaluate(["payload": sample], context: context)
        XCTAssertEqual(JSONWriter.write(name), "\"Dana Reyes\"")

        let open = try environment.compile("FROM t IN payload.Tasks WHERE NOT(t.Done) SELECT t.Subject")
        for payload in [sample, try JSONReader.read(#"{"Tasks": []}"#)] {
            _ = try open.evaluate(roots: [payload], context: context)
        }
        XCTAssertEqual(try open.evaluate(roots: [sample], context: context), ["Call back"])
    }

    func testReportErrors() throws {
        let environment = Environment(samples: [("payload", try JSONReader.read(#"{"LastName": "Reyes"}"#))])
        var rendered = ""
        do throws(DiagnosticError) {
            _ = try environment.compile("payload.LastName * 2 + paylod.x")
        } catch {
            print(error.rendered())
            rendered = error.rendered()
        }
        XCTAssertTrue(rendered.hasPrefix("error[E0305]: cannot apply `*` to Text and Number\n"), rendered)
        XCTAssertTrue(rendered.contains("error[E0301]: unknown variable `paylod`"), rendered)
        XCTAssertTrue(rendered.hasSuffix("= help: did you mean `payload`?\n"), rendered)

        let ratio = try Environment(roots: ["d"]).compile("10 / d", name: "ratio.airscript")
        do {
            _ = try ratio.evaluate(["d": 0])
        } catch {
            print(error.rendered())
            rendered = error.rendered()
        }
        XCTAssertTrue(rendered.hasPrefix("error[R0501]: division by zero\n --> ratio.airscript:1:4\n"), rendered)
    }

    func testAddFunctions() throws {
        var shouting = Environment(roots: ["payload"])
        try shouting.define(
            BuiltinFunction(["SHOUT(text: Text) -> Text"], category: .text, summary: "Upper case and a bang.") {
                arguments, call throws(RuntimeError) in
                .text(try call.text(arguments, 0).uppercased() + "!")
            })
        let shout = try shouting.compile("SHOUT(payload.name)")
        XCTAssertEqual(try shout.evaluate(["payload": ["name": "dana"]]), "DANA!")

        var helpers = Environment(roots: ["n"])
        helpers.define([UserFunction(name: "MATH#TWICE", parameters: [("k", .number)], returns: .number, body: Source("k * 2"))])
        let twice = try helpers.compile("MATH#TWICE(n) + 1")
        XCTAssertEqual(try twice.evaluate(["n": 4]), 9)
    }

    /// Every line of every example in the article stands in this file, in the same order.
    func testTheArticleShowsThisCode() throws {
        let article = try String(
            contentsOf: Repository.root.appendingPathComponent("Sources/Airscript/Airscript.docc/Embedding.md"),
            encoding: .utf8)
        let tests = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let blocks = article.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        XCTAssertEqual(blocks.count, 6)
        for block in blocks {
            var from = 0
            for line in block.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.hasPrefix("//") && !line.isEmpty {
                guard let at = tests[from...].firstIndex(of: line) else { return XCTFail("not in the tests: \(line)") }
                from = at + 1
            }
        }
    }
}
