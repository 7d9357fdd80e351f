import Airscript
import Foundation
import TestSupport
import XCTest

final class RuntimeTests: XCTestCase {
    func testNumbersRenderAsJavaScriptDoes() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (4, "4"), (-17, "-17"), (0.1, "0.1"), (0.30000000000000004, "0.30000000000000004"),
            (1e21, "1e+21"), (1e20, "100000000000000000000"), (5e20, "500000000000000000000"), (1e-7, "1e-7"),
            (1e-6, "0.000001"), (1.5e-5, "0.000015"), (123e-20, "1.23e-18"), (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"), (.nan, "NaN"), (.infinity, "Infinity"), (-.infinity, "-Infinity"),
            (123456789012345680000, "123456789012345680000"), (2.5, "2.5"), (-0.5, "-0.5"), (1e15, "1000000000000000"),
            (9007199254740993, "9007199254740992"), (0.000001234, "0.000001234"),
            (10, "10"), (-1, "-1"), (999_999_999_999_999, "999999999999999"), (-999_999_999_999_999, "-999999999999999"),
            (100_000_000_000_001, "100000000000001"), (-1e15, "-1000000000000000"), (1e16, "10000000000000000"),
        ]
        for (value, text) in cases {
            XCTAssertEqual(NumberRendering.javaScript(value), text, "\(value)")
            // The JSON writer prints integers itself; it must print what JavaScript prints.
            XCTAssertEqual(JSONWriter.write(.number(value)), value.isFinite ? text : "null", "\(value)")
        }
    }

    /// The example of the README, as written there.
    func testReadmeLibraryExample() throws {
        let environment = Environment(roots: ["payload"])
        let program = try environment.compile(#""{{payload.FirstName}} {{payload.LastName}}""#)
        let payload = try JSONReader.read(#"{"FirstName": "Dana", "LastName": "Reyes"}"#)
        let context = EvaluationContext(now: 1_714_670_469_000, timeZone: "UTC", locale: "en-US", seed: 0)
        let value = try program.evaluate(["payload": payload], context: context)
        XCTAssertEqual(JSONWriter.write(value), #""Dana Reyes""#)
    }

    func testJSONRoundTrip() throws {
        let text = #"{"b":1,"a":[true,false,null,"x\n\u0001é😀"],"n":-0.5,"e":1e+21,"o":{}}"#
        let value = try JSONReader.read(text)
        XCTAssertEqual(JSONWriter.write(value), #"{"b":1,"a":[true,false,null,"x\n\u0001é😀"],"n":-0.5,"e":1e+21,"o":{}}"#)
        XCTAssertEqual(JSONWriter.write(try JSONReader.read(#"{"a": 1, "b": 2, "a": 3}"#)), #"{"a":3,"b":2}"#)
        XCTAssertEqual(JSONWriter.write(.list([.number(.nan), .number(.infinity)])), "[null,null]")
        XCTAssertEqual(JSONWriter.write(try JSONReader.read("[1,{\"a\":[]}]"), pretty: true), "[\n  1,\n  {\n    \"a\": []\n  }\n]")
        // Output past the writer's stack buffer (1 KiB) moves to the heap, whole and in order.
        let long = Value.list((0..<2000).map { .text("item \($0)") })
        let expected = "[" + (0..<2000).map { "\"item \($0)\"" }.joined(separator: ",") + "]"
        XCTAssertEqual(JSONWriter.write(long), expected)
        var appended = Array("x".utf8)
        JSONWriter.write(long, into: &appended)
        XCTAssertEqual(String(decoding: appended, as: UTF8.self), "x" + expected)
        XCTAssertEqual(JSONWriter.write(.text(String(repeating: "é\"", count: 3000))), "\"" + String(repeating: "é\\\"", count: 3000) + "\"")
        // Lists and objects are written where they are held, at every depth, special kinds included.
        let date = try JSONReader.read(#"{"year": 2021, "day": 30, "month": 12}"#)
        let nested: Value = .list([.object(["d": date, "e": .list([]), "o": .object([:]), "n": .list([.list([.number(-.infinity)])])]), date, .null])
        XCTAssertEqual(
            JSONWriter.write(nested),
            #"[{"d":{"day":30,"month":12,"year":2021},"e":[],"o":{},"n":[[null]]},{"day":30,"month":12,"year":2021},null]"#)
        XCTAssertEqual(
            JSONWriter.write(.list([.object(["a": .list([1, date])])]), pretty: true),
            "[\n  {\n    \"a\": [\n      1,\n      {\n        \"day\": 30,\n        \"month\": 12,\n        \"year\": 2021\n      }\n    ]\n  }\n]")
    }

    func testSpecialKindsAreRecognisedByShapeAndPrintInCanonicalOrder() throws {
        let date = try JSONReader.read(#"{"year": 2022, "day": 16, "month": 6}"#)
        XCTAssertEqual(date.kindName, "Date")
        XCTAssertEqual(JSONWriter.write(date), #"{"day":16,"month":6,"year":2022}"#)
        XCTAssertEqual(try JSONReader.read(#"{"day": 16, "month": 6, "year": 2022, "note": 1}"#).kindName, "Object")
        XCTAssertEqual(try JSONReader.read(#"{"hour": 1, "minute": 2, "second": 3}"#).kindName, "Object")
        XCTAssertEqual(try JSONReader.read(#"{"amount": 1, "code": "USD", "precision": 2}"#).kindName, "Currency")
        XCTAssertEqual(try JSONReader.read(#"{"amount": "1", "code": "USD", "precision": 2}"#).kindName, "Object")
        let dt =
            #"{"timeZone": "UTC", "date": {"day": 1, "month": 1, "year": 2020}, "time": {"hour": 0, "minute": 0, "second": 0, "millisecond": 0}}"#
        XCTAssertEqual(try JSONReader.read(dt).kindName, "DateTime")
    }

    func testInvalidJSONNamesLineAndColumn() {
        XCTAssertThrowsError(try JSONReader.read("{\n  \"a\": tru\n}")) { error in
            let e = error as! JSONError
            XCTAssertEqual(e.line, 2)
            XCTAssertEqual(e.column, 8)
        }
        for bad in ["", "[1,]", "{\"a\" 1}", "01", "\"\u{1}\"", "[1] x", "\"\\x\"", "{\"a\":1,}", "nul", "-"] {
            XCTAssertThrowsError(try JSONReader.read(bad), bad)
        }
        var options = JSONReader.Options()
        options.maxDepth = 10
        XCTAssertThrowsError(try JSONReader.read(String(repeating: "[", count: 11) + String(repeating: "]", count: 11), options: options))
        XCTAssertNoThrow(try JSONReader.read(String(repeating: "[", count: 10) + String(repeating: "]", count: 10), options: options))
    }

    /// The reader and the writer scan strings eight bytes at a time: whatever ends the plain run —
    /// the closing quote, an escape, a control character, a multi-byte or an invalid byte — is found
    /// at every offset within a word, and a key read from the bytes is the key a path names.
    func testStringsAreReadAndWrittenAtEveryAlignment() throws {
        for length in 0...20 {
            let run = String(repeating: "a", count: length)
            XCTAssertEqual(try JSONReader.read("\"\(run)\""), .text(run), "plain, \(length)")
            XCTAssertEqual(try JSONReader.read("\"\(run)\\n\\\"b\""), .text(run + "\n\"b"), "escape after \(length)")
            XCTAssertEqual(try JSONReader.read("\"\(run)é\(run)\""), .text(run + "é" + run), "multi-byte after \(length)")
            XCTAssertEqual(try JSONReader.read("[\"\(run)\", \"\(run)\"]"), .list([.text(run), .text(run)]))
            XCTAssertThrowsError(try JSONReader.read("\"\(run)\u{1}\(run)\""), "control character after \(length)") { error in
                XCTAssertEqual((error as! JSONError).column, length + 2)
                XCTAssertTrue((error as! JSONError).message.contains("control character"))
            }
            XCTAssertThrowsError(try JSONReader.read(Array("\"\(run)".utf8) + [0xFF] + Array("\(run)\"".utf8)), "invalid byte after \(length)")
            XCTAssertThrowsError(try JSONReader.read("\"\(run)"), "unterminated after \(length)")
            // The writer escapes what needs it wherever it falls, and copies the rest.
            for (raw, escaped) in [("\"", "\\\""), ("\\", "\\\\"), ("\n", "\\n"), ("\u{1}", "\\u0001"), ("é", "é"), ("\u{7F}", "\u{7F}")] {
                XCTAssertEqual(JSONWriter.write(.text(run + raw + "b")), "\"\(run)\(escaped)b\"", "\(raw.debugDescription) after \(length)")
            }
            // Keys: read from their bytes, escaped or not, they are the keys paths and members name.
            for key in [run, run + "é", "é" + run, run + "\u{7F}z"] {
                let plain = try JSONReader.read("{\"x\": 0, \"\(key)\": 1}")
                XCTAssertEqual(plain.member(key), .number(1), "key \(key.debugDescription)")
                let escaped = try JSONReader.read("{\"x\": 0, \"\(key)\\u0041\": 2}")
                XCTAssertEqual(escaped.member(key + "A"), .number(2), "escaped key \(key.debugDescription)")
                let program = try Environment(roots: ["p"]).compile("p[\"\(key)\"]")
                XCTAssertEqual(try program.evaluate(["p": plain]), .number(1))
            }
        }
    }

    /// A repeated key keeps its first position and takes the last value, in objects small and large
    /// (past the size where objects get an index), whichever keys share fingerprint bits.
    func testRepeatedKeysKeepTheFirstPositionAndTheLastValue() throws {
        for size in [1, 2, 15, 16, 17, 40, 100] {
            var expected = Value.Object()
            var members: [String] = []
            for k in 0..<size {
                members.append("\"k\(k)\": \(k)")
                expected["k\(k)"] = .number(Double(k))
            }
            for k in stride(from: 0, to: size, by: 3) {
                members.append("\"k\(k)\": \"again \(k)\"")
                expected["k\(k)"] = .text("again \(k)")
            }
            let read = try JSONReader.read("{" + members.joined(separator: ", ") + "}")
            XCTAssertEqual(read, .object(expected), "\(size) keys")
            XCTAssertEqual(read.objectFields?.keys, expected.keys)
            XCTAssertEqual(read.member("k0"), .text("again 0"))
            XCTAssertEqual(
                try JSONReader.read(Array(("{" + members.joined(separator: ", ") + "}").utf8), demand: FieldDemand(path: [PropertyName("k0")])),
                .object(["k0": .text("again 0")]))
        }
    }

    func testLargeIntegersAreReported() throws {
        let (value, imprecise) = try JSONReader.readWithWarnings(Array("[9007199254740993, 12]".utf8))
        XCTAssertEqual(imprecise, ["9007199254740993"])
        XCTAssertEqual(JSONWriter.write(value), "[9007199254740992,12]")
    }

    func testOneProgramEvaluatedFromEightThreads() throws {
        let program = try Environment(roots: ["payload"]).compile(
            """
            FROM t, i IN payload.tasks WHERE t.done = FALSE ORDER BY t.priority DESC SELECT "{{i}}:{{t.name}}"
            """)
        var payloads: [Value] = []
        for n in 0..<8 {
            var tasks: [Value] = []
            for k in 0..<50 {
                var task = Value.Object()
                task["name"] = .text("task\(k)")
                task["done"] = .bool(k % 3 == 0)
                task["priority"] = .number(Double((k * 7 + n) % 11))
                tasks.append(.object(task))
            }
            payloads.append(.object(["tasks": .list(tasks)]))
        }
        let inputs = payloads
        let expected = try inputs.map { try program.evaluate(["payload": $0]) }
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<Value>.allocate(capacity: 8 * 200)
        results.initialize(repeating: .null)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for round in 0..<200 {
                results[thread * 200 + round] = (try? program.evaluate(["payload": inputs[thread]])) ?? .null
            }
        }
        for thread in 0..<8 {
            for round in 0..<200 {
                XCTAssertEqual(results[thread * 200 + round], expected[thread])
            }
        }
    }

    /// A compiled path remembers where each name was found last. Objects laid out otherwise (keys
    /// moved or missing, values of other kinds, objects large enough to be indexed) must read as if
    /// it did not, in any order and from any number of threads.
    func testPathsReadEveryLayoutAlike() throws {
        func object(_ pairs: [(String, Value)]) -> Value {
            var fields = Value.Object()
            for (k, v) in pairs { fields[k] = v }
            return .object(fields)
        }
        let filler = (0..<20).map { ("f\($0)", Value.number(Double($0))) }
        let program = try Environment(roots: ["p"]).compile("p.customer.address.city")
        let layouts: [(payload: Value, city: Value)] = [
            (object([("customer", object([("address", object([("city", "Paris")]))]))]), "Paris"),
            (object([("id", 1), ("customer", object([("name", "A"), ("address", object([("zip", "1"), ("city", "Oslo")]))]))]), "Oslo"),
            (object([("customer", object([("address", object([("zip", "1"), ("cityName", "Lima")]))]))]), .null),
            (object([("customer", object([("address", object([]))]))]), .null),
            (object([("customer", .null)]), .null),
            (object([("customer", 3)]), .null),
            (object([("customer", .list([object([("address", 1)])]))]), .null),
            (object([("customer", object([("address", "Main St")]))]), .null),
            (.null, .null),
            (object(filler + [("customer", object(filler + [("address", object(filler + [("city", "Rome")]))]))]), "Rome"),
            (try JSONReader.read(#"{"customer": {"address": {"zip": "2", "city": "Kyiv"}}, "id": 2}"#), "Kyiv"),
        ]
        for order in [Array(layouts.indices), layouts.indices.reversed(), [0, 1, 0, 9, 1, 9, 2, 0, 10, 10, 3, 1]] {
            for k in order { XCTAssertEqual(try program.evaluate(roots: [layouts[k].payload]), layouts[k].city, "layout \(k)") }
        }
        nonisolated(unsafe) let mismatches = UnsafeMutableBufferPointer<Int>.allocate(capacity: 4)
        mismatches.initialize(repeating: 0)
        defer { mismatches.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for round in 0..<500 {
                let k = (round * (thread + 1) + thread) % layouts.count
                if (try? program.evaluate(roots: [layouts[k].payload])) != layouts[k].city { mismatches[thread] += 1 }
            }
        }
        XCTAssertEqual(Array(mismatches), [0, 0, 0, 0])

        // A name longer than a small string, built apart from the compiled one: the same bytes in
        // other storage, found by comparing bytes.
        let long = String(repeating: "k", count: 40)
        let longPath = try Environment(roots: ["p"]).compile("p.\(long).x")
        let built = String(repeating: "k", count: 20) + String(repeating: "k", count: 20)
        XCTAssertEqual(try longPath.evaluate(roots: [object([("a", 1), (built, object([("x", 7)]))])]), 7)
        XCTAssertEqual(try longPath.evaluate(roots: [object([(built + "k", object([("x", 7)]))])]), .null)
    }

    /// Roots the caller leaves out read NULL; query bindings and user-defined function parameters
    /// live in frames of their own, apart from the roots.
    func testRootsLocalsAndParameters() throws {
        let two = try Environment(roots: ["a", "b"]).compile("[a, b, b.x]")
        XCTAssertEqual(try two.evaluate(roots: [1]), .list([1, .null, .null]))
        XCTAssertEqual(try two.evaluate(roots: []), .list([.null, .null, .null]))
        XCTAssertEqual(try two.evaluate(["b": .object(["x": 2])]), .list([.null, .object(["x": 2]), 2]))

        var environment = Environment(roots: ["xs", "k"])
        environment.define([
            UserFunction(
                name: "T#ABOVE", parameters: [("items", .any), ("k", .number)], returns: .any,
                body: Source("FROM i IN items WHERE i.v > k SELECT i.v"))
        ])
        let program = try environment.compile("[T#ABOVE(xs, 1), T#ABOVE(xs, k), FROM x IN xs SELECT T#ABOVE(xs, x.v), k]")
        let xs: Value = .list([.object(["v": 1]), .object(["v": 2]), .object(["v": 3])])
        XCTAssertEqual(
            try program.evaluate(roots: [xs, 2]),
            .list([.list([2, 3]), .list([3]), .list([.list([2, 3]), .list([3]), .list([])]), 2]))
    }

    func testConstantsAreFoldedAndNamesResolvedOnce() throws {
        XCTAssertTrue(try Environment().compile("1 + 2 * 3 = 7 AND \"a{{1}}\" = \"a1\"").isConstant)
        XCTAssertFalse(try Environment(roots: ["x"]).compile("x + 1").isConstant)
        // A failing constant is not folded away: it fails when run, at its span.
        let failing = try Environment(checks: false).compile("1 / 0")
        XCTAssertThrowsError(try failing.evaluate()) { error in
            XCTAssertEqual((error as! RuntimeError).code, "R0501")
        }
    }

    func testUnknownNamesAreReportedWithSuggestions() {
        XCTAssertThrowsError(try Environment(roots: ["payload"]).compile("paylod.x")) { error in
            let d = (error as! DiagnosticError).diagnostics[0]
            XCTAssertEqual(d.code, "E0301")
            XCTAssertEqual(d.help, "did you mean `payload`?")
        }
        XCTAssertThrowsError(try Environment().compile("FACT_FLOAT(3)")) { error in
            XCTAssertEqual((error as! DiagnosticError).diagnostics[0].help, "renamed to FACTDOUBLE")
        }
    }

    func testEvaluationLimits() throws {
        var context = EvaluationContext()
        context.limits.maxSteps = 1_000
        let program = try Environment().compile(
            "FROM a IN [1,2,3,4,5,6,7,8,9,10] SELECT FROM b IN [1,2,3,4,5,6,7,8,9,10] SELECT FROM c IN [1,2,3,4,5,6,7,8,9,10] SELECT a * b * c")
        XCTAssertThrowsError(try program.evaluate(context: context)) { error in
            XCTAssertEqual((error as! RuntimeError).code, "R0511")
        }
        context.limits.maxSteps = 2_000
        XCTAssertNoThrow(try program.evaluate(context: context))
    }

    func testDaylightSavingOrderingUsesInstants() throws {
        // 01:30 on 2021-11-07 happens twice in Los Angeles; the earlier instant (PDT) is taken.
        let program = try Environment(roots: ["a", "b"]).compile("a < b")
        func dt(_ h: Double, _ m: Double, _ zone: String) -> Value {
            .dateTime(
                DateTimeValue(
                    date: DateValue(year: 2021, month: 11, day: 7),
                    time: TimeValue(hour: h, minute: m, second: 0, millisecond: 0), timeZone: zone))
        }
        XCTAssertEqual(try program.evaluate(["a": dt(1, 30, "America/Los_Angeles"), "b": dt(9, 0, "UTC")]), .bool(true))
        XCTAssertEqual(try program.evaluate(["a": dt(1, 30, "America/Los_Angeles"), "b": dt(8, 29, "UTC")]), .bool(false))
    }

    /// Property names compare by code units, as in JavaScript: a precomposed "é" and "e" with a
    /// combining accent are two keys (Swift's `==` would call them equal), below and above the
    /// size at which an object gains a hash index.
    func testPropertyNamesCompareByCodeUnits() throws {
        let precomposed = "\u{E9}", combining = "e\u{301}"
        for padding in [0, 20] {
            var fields = Value.Object()
            for k in 0..<padding { fields["f\(k)"] = .number(Double(k)) }
            fields[precomposed] = .number(1)
            fields[combining] = .number(2)
            XCTAssertEqual(fields.count, padding + 2)
            let payload = Value.object(fields)
            XCTAssertEqual(payload.member(precomposed), .number(1))
            XCTAssertEqual(payload.member(combining), .number(2))
            XCTAssertEqual(payload.member("e"), .null)
            let program = try Environment(roots: ["p"]).compile("[p[\"\(precomposed)\"], p[\"\(combining)\"], p.missing]")
            XCTAssertEqual(try program.evaluate(["p": payload]), .list([.number(1), .number(2), .null]))
        }
        // The reader fingerprints keys as it scans them; an escaped spelling is the same key.
        let read = try JSONReader.read(#"{"caf\u00e9": 1, "café": 2, "cafe\u0301": 3}"#)
        XCTAssertEqual(read.objectFields?.count, 2)
        XCTAssertEqual(read.member("café"), .number(2))
        XCTAssertEqual(read.member("cafe\u{301}"), .number(3))
        // Text equality too: `=` is JavaScript's ===.
        XCTAssertEqual(try Environment().compile("\"\(precomposed)\" = \"\(combining)\"").evaluate(), .bool(false))
    }
}
