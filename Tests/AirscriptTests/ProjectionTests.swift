import Airscript
import Foundation
import TestSupport
import XCTest

/// `airscript map` builds only the parts of a record its mapping reads (`FieldDemand`): what a
/// program reads, what the reader builds under a demand, and that the output never changes.
final class ProjectionTests: XCTestCase {
    func demand(_ expression: String) throws -> FieldDemand? {
        let program = try Environment(roots: ["payload", "other"], checks: false).compile(expression)
        return program.demand(ofRoot: "payload")
    }

    func fields(_ pairs: [(String, FieldDemand)]) -> FieldDemand {
        .fields(WantedFields(Dictionary(uniqueKeysWithValues: pairs.map { (PropertyName($0.0), $0.1) })))
    }

    func testWhatAProgramReads() throws {
        let cases: [(String, FieldDemand?)] = [
            ("other.x", nil),
            ("1 + 2", nil),
            ("payload", .all),
            ("payload.a", fields([("a", .all)])),
            ("payload.a.b", fields([("a", fields([("b", .all)]))])),
            ("CONCAT(payload.a.b, payload.a.c, payload.d)", fields([("a", fields([("b", .all), ("c", .all)])), ("d", .all)])),
            ("IF(payload.a.b, payload.a, NULL)", fields([("a", .all)])),
            // Anything but a path of names straight from the root reads the whole value.
            ("payload[\"a\"]", .all),
            ("payload.a[0].b", fields([("a", .all)])),
            ("payload.list[?(@ > 1)]", fields([("list", .all)])),
            ("LENGTH(payload)", .all),
            ("{x: payload.a, y: \"{{payload.b.c}}\"}", fields([("a", .all), ("b", fields([("c", .all)]))])),
            // A query or a wildcard over a path reads of each element what it uses of its variable.
            ("payload.a[*].b", fields([("a", .each(fields([("b", .all)])))])),
            ("payload[*].b", .each(fields([("b", .all)]))),
            ("FROM t IN payload.tasks WHERE t.done SELECT t.name", fields([("tasks", .each(fields([("done", .all), ("name", .all)])))])),
            ("FROM t IN payload.tasks ORDER BY t.due.year SELECT 1", fields([("tasks", .each(fields([("due", fields([("year", .all)]))])))])),
            ("FROM t IN payload.tasks SELECT {n: t.name, x: payload.x}", fields([("tasks", .each(fields([("name", .all)]))), ("x", .all)])),
            ("FROM t IN payload.tasks SELECT t", fields([("tasks", .each(.all))])),
            ("FROM t IN payload.tasks WHERE t.done", fields([("tasks", .each(.all))])),
            ("FROM t IN payload.tasks SELECT 1", fields([("tasks", .each(.nothing))])),
            ("FROM t, i, c IN payload.tasks SELECT LENGTH(c)", fields([("tasks", .all)])),
            ("FROM t, i IN payload.tasks SELECT i", fields([("tasks", .each(.nothing))])),
            // Read as a list to iterate and through a field or an index: all of it.
            ("CONCAT(payload.tasks[0].name, FROM t IN payload.tasks SELECT t.name)", fields([("tasks", .all)])),
            ("IF(payload.tasks.x, payload.tasks[*].name, NULL)", fields([("tasks", .all)])),
            ("FROM t IN other WHERE t = payload.k SELECT payload.v", fields([("k", .all), ("v", .all)])),
            ("payload.a = NULL OR payload.a.b > 2", fields([("a", .all)])),
        ]
        for (expression, expected) in cases {
            XCTAssertEqual(try demand(expression), expected, expression)
        }
    }

    func testTheReaderBuildsWhatIsAskedFor() throws {
        let json = #"{"a": {"b": 1, "c": [1, 2], "d": {"day": 1, "month": 2, "year": 2024}}, "e": "text", "f": [{"g": 1}]}"#
        let cases: [(FieldDemand, Value)] = [
            (.all, try JSONReader.read(json)),
            (.nothing, [:]),
            (fields([("e", .all)]), ["e": "text"]),
            (fields([("a", fields([("b", .all)]))]), ["a": ["b": 1]]),
            (fields([("a", fields([("c", .all), ("zz", .all)]))]), ["a": ["c": [1, 2]]]),
            (fields([("a", fields([("d", .all)]))]), ["a": ["d": .date(DateValue(year: 2024, month: 2, day: 1))]]),
            // A value asked for fields that is not an object reads NULL, as any path through it does.
            (fields([("e", fields([("x", .all)])), ("f", fields([("g", .all)]))]), ["e": nil, "f": nil]),
            // Each element of a list under a demand; anything else under it is read whole.
            (fields([("f", .each(fields([("zz", .all)])))]), ["f": [[:]]]),
            (fields([("f", .each(fields([("g", .all)]))), ("e", .each(.nothing))]), ["f": [["g": 1]], "e": "text"]),
            (fields([("a", .each(fields([("b", .all)])))]), ["a": try JSONReader.read(json).member("a")]),
        ]
        for (demand, expected) in cases {
            XCTAssertEqual(try JSONReader.read(Array(json.utf8), demand: demand), expected, "\(demand)")
        }
        // Under any demand, a duplicate key keeps the last value.
        XCTAssertEqual(try JSONReader.read(Array(#"{"a": 1, "b": 2, "a": 3}"#.utf8), demand: fields([("a", .all)])), ["a": 3])
    }

    /// What a program gives over the payload read under its own demand is what it gives over the
    /// whole payload: a payload with lists of mixed kinds, special shapes and keys in odd orders.
    func testProgramsGiveTheSameOverTheirProjection() throws {
        let json = #"""
            {"tasks": [{"name": "a", "done": true, "due": {"year": 2024, "month": 5, "day": 1}, "n": 3},
                       {"done": false, "name": "b", "due": {"month": 1, "day": 2, "year": 2023}},
                       7, null, "text", [1, 2], {"name": {"first": "c"}, "done": 1}],
             "when": {"timeZone": "UTC", "time": {"hour": 1, "minute": 2, "second": 3, "millisecond": 4},
                      "date": {"day": 1, "month": 2, "year": 2024}},
             "money": {"amount": 100, "code": "USD", "precision": 2}, "x": {"y": [{"z": 1}, {"z": 2}]}, "s": "str"}
            """#
        let expressions = [
            "FROM t IN payload.tasks WHERE t.done SELECT t.name",
            "FROM t, i IN payload.tasks WHERE t.done SELECT {i: i, n: t.name.first}",
            "FROM t IN payload.tasks ORDER BY t.due SELECT t.name",
            "FROM t IN payload.tasks ORDER BY t.due.year DESC SELECT t.due.month",
            "FROM t IN payload.tasks SELECT DISTINCT t.done",
            "FROM t IN payload.tasks LIMIT 2 SELECT t",
            "FROM t IN payload.tasks SELECT t.name = NULL",
            "FROM t, i, c IN payload.tasks SELECT LENGTH(c) + i",
            "payload.tasks[*].name", "payload.tasks[*].due.day", "payload.x.y[*].z", "payload.tasks[?(@.done)]",
            "FROM v, k IN payload.when SELECT k", "FROM v IN payload.when.date SELECT v", "payload.when.date.day",
            "payload.when.time.hour", "payload.money.amount", "payload.s.length", "payload.tasks.name",
            "FROM t IN payload.s SELECT t", "FROM t IN payload.missing SELECT t.a",
            "CONCAT(payload.tasks[0].name, LENGTH(FROM t IN payload.tasks SELECT t.name))",
        ]
        let whole = try JSONReader.read(json)
        let context = EvaluationContext(now: 0, timeZone: "UTC", locale: "en-US", seed: 0)
        for expression in expressions {
            let program = try Environment(roots: ["payload"], checks: false).compile(expression)
            let demand = program.demand(ofRoot: "payload") ?? .nothing
            let projected = try JSONReader.read(Array(json.utf8), demand: demand)
            let expected = Result { () throws(RuntimeError) -> Value in try program.evaluate(roots: [whole], context: context) }
            let actual = Result { () throws(RuntimeError) -> Value in try program.evaluate(roots: [projected], context: context) }
            switch (expected, actual) {
            case (.success(let a), .success(let b)):
                XCTAssertEqual(JSONWriter.write(a), JSONWriter.write(b), "\(expression) under \(demand)")
            case (.failure(let a), .failure(let b)):
                XCTAssertEqual(a.diagnostic.message, b.diagnostic.message, expression)
            default:
                XCTFail("\(expression): \(expected) whole, \(actual) projected")
            }
        }
    }

    /// A skipped part is checked as strictly as a built one: every malformed document fails with
    /// the same message at the same place whatever is asked of it.
    func testSkippedPartsFailAsBuiltOnesDo() throws {
        let documents = [
            #"{"a": 1, "b": [1, 2,]}"#, #"{"a": 1, "b": {"c" 1}}"#, #"{"a": 1, "b": "\x"}"#, #"{"a": 1, "b": "\u12"}"#,
            #"{"a": 1, "b": 01}"#, #"{"a": 1, "b": tru}"#, #"{"a": 1, "b": [1 2]}"#, #"{"a": 1, "b": {"c": 1,}}"#,
            #"{"a": 1, "b": "x"#, #"{"a": 1, "b": [{"c": -}]}"#, #"{"a": 1, "b": 1.}"#, #"{"a": 1, "b": "\#u{01}"}"#,
            #"{"a": 1, "b": 2} x"#, #"{"a": 1, "b": {"c": [[[[1]]]]}}"#,
            // Brackets that do not match, missing parts, and errors after a string the quick walk
            // hands to the string reader (escapes, bytes beyond ASCII).
            #"{"a": 1, "b": [1}"#, #"{"a": 1, "b": {"c": 1]}"#, #"{"a": 1, "b": [}"#, #"{"a": 1, "b": {,}}"#,
            #"{"a": 1, "b": {"c":}}"#, #"{"a": 1, "b": [1,,2]}"#, #"{"a": 1, "b": nul}"#, #"{"a": 1, "b": []"#,
            #"{"a": 1, "b": ["é", "\n", x]}"#, #"{"a": 1, "b": {"é": 1 "c": 2}}"#, #"{"a": 1, "b": [[[[]]]]}"#,
        ]
        var invalidUTF8 = Array(#"{"a": 1, "b": "xx"}"#.utf8)
        invalidUTF8[16] = 0xFF
        var options = JSONReader.Options()
        options.maxDepth = 4
        for bytes in documents.map({ Array($0.utf8) }) + [invalidUTF8] {
            let label = String(decoding: bytes, as: UTF8.self)
            var whole: JSONError?
            do { _ = try JSONReader.read(bytes, options: options) } catch { whole = error }
            XCTAssertNotNil(whole, label)
            for demand in [FieldDemand.nothing, fields([("a", .all)]), fields([("b", fields([("c", .all)]))])] {
                do {
                    _ = try JSONReader.read(bytes, options: options, demand: demand)
                    XCTFail("\(label) was accepted under \(demand)")
                } catch {
                    XCTAssertEqual(error.description, whole?.description, "\(label) under \(demand)")
                }
            }
        }
    }

    /// What a skipped part may hold, it holds under every demand: the quick walk over skipped values
    /// accepts what reading accepts, hands what it does not vouch for (nesting past its 64 levels)
    /// to the checking walk, and counts each imprecise integer once.
    func testSkippedPartsAcceptWhatReadingAccepts() throws {
        // An imprecise integer, then nesting past the quick walk's 64 levels.
        let deep = "[12345678901234567890, " + String(repeating: "[", count: 70) + "{\"k\": 1}" + String(repeating: "]", count: 71)
        let skippable = [
            "{}", "[]", "[[], {}, [{}], {\"x\": []}]", #"{"c": "é", "d": "\"q\"", "e": [true, false, null, -1.5e3, 0]}"#,
            " { \"c\" : [ 1 , 2 ] , \"d\" : { } } ", #""\u00e9\ud83d\ude00""#, "-0.5E+2", deep,
            #"[12345678901234567890, {"n": 98765432109876543210}]"#,
        ]
        for b in skippable {
            let bytes = Array(#"{"a": 1, "b": \#(b), "z": [2]}"#.utf8)
            let whole = try JSONReader.readWithWarnings(bytes)
            for demand in [FieldDemand.nothing, fields([("a", .all)]), fields([("z", .all)]), fields([("b", fields([("c", .all)]))])] {
                let projected = try JSONReader.readWithWarnings(bytes, demand: demand)
                XCTAssertEqual(projected.impreciseIntegers, whole.impreciseIntegers, "\(b) under \(demand)")
            }
            XCTAssertEqual(try JSONReader.read(bytes, demand: fields([("z", .all)])), ["z": [2]], b)
        }
    }
}
