import TestSupport
import XCTest

@testable import Airscript

/// Every built-in, at every arity it accepts, called with hostile arguments: numbers no integer can
/// hold (1e300, NaN, infinities), empty and huge texts, deep and empty collections, and Date, Time,
/// DateTime and Currency values whose fields are out of range (a payload can hold any of them).
/// Each call must end in a value or a run-time error: a trap kills the test process.
final class HostileArgumentTests: XCTestCase {
    static let pool: [Value] = {
        func date(_ y: Double, _ m: Double, _ d: Double) -> Value { .date(DateValue(year: y, month: m, day: d)) }
        func time(_ h: Double, _ m: Double, _ s: Double, _ ms: Double) -> Value {
            .time(TimeValue(hour: h, minute: m, second: s, millisecond: ms))
        }
        func dateTime(_ d: Value, _ t: Value, _ zone: String) -> Value {
            guard case .date(let dv) = d, case .time(let tv) = t else { return .null }
            return .dateTime(DateTimeValue(date: dv, time: tv, timeZone: zone))
        }
        let goodDate = date(2024, 2, 29), goodTime = time(23, 59, 59, 999)
        return [
            .null, .bool(true), .bool(false),
            .number(0), .number(-0.0), .number(1), .number(-1), .number(0.5), .number(-2.5), .number(1e300), .number(-1e300),
            .number(.nan), .number(.infinity), .number(-.infinity), .number(9_007_199_254_740_993), .number(5e-324),
            .text(""), .text("a"), .text("12"), .text("-1e309"), .text("YYYY-MM-DD HH:mm:ss Z z Do"), .text("0,0.00$"),
            .text("%"), .text("💩e\u{301}"), .text(String(repeating: "ab", count: 600)), .text("America/Los_Angeles"),
            .text("Nowhere/Zone"), .text("+1 (415) 555-0132"), .text("days"),
            // Format strings with widths, precisions and repeats no text can hold.
            .text("-222222222222222222222222,d"), .text("9999999999.9999999999f"), .text("0,0.00000000000000000000000000000000000"),
            .text(String(repeating: "Y", count: 300)), .text("0e+999999999999"), .text("$0,0[.]0000000000000000000000a"),
            .list([]), .list([.number(1), .number(2), .number(3)]), .list([.null]), .list([.list([.list([])])]),
            .list([.text("b"), .number(1), .null]),
            .object([:]), .object(["a": .number(1), "b": .list([])]),
            goodDate, date(1e300, 1e300, 1e300), date(2023, 2, 29), date(-1e300, 0, -1), date(2024, 13, 1),
            goodTime, time(1e300, -1e300, 0.5, .nan), time(24, 0, 0, 0),
            dateTime(goodDate, goodTime, "UTC"), dateTime(goodDate, goodTime, "Nowhere/Zone"),
            dateTime(date(1e300, 1, 1), goodTime, "UTC"), dateTime(date(275_759, 12, 31), time(23, 59, 59, 999), "Pacific/Kiritimati"),
            dateTime(date(2024, 3, 10), time(2, 30, 0, 0), "America/New_York"),
            .currency(CurrencyValue(amount: 150, code: "USD", precision: 2)),
            .currency(CurrencyValue(amount: 1e300, code: "", precision: 1e300)),
            .currency(CurrencyValue(amount: -1, code: "XXX", precision: -3)),
            .currency(CurrencyValue(amount: .nan, code: "EUR", precision: .infinity)),
        ]
    }()

    static let context: EvaluationContext = {
        var limits = EvaluationLimits()
        limits.maxSteps = 100_000
        limits.maxCollectionSize = 10_000
        limits.maxTextBytes = 1 << 16
        limits.timeLimit = 2
        return EvaluationContext(now: 1_714_670_469_000, timeZone: "America/New_York", locale: "en-US", seed: 7, limits: limits)
    }()

    /// Evaluates `name(v0, …)` over argument lists: each position in turn through the whole pool
    /// (the others fixed), then pseudo-random mixes. Returns the number of calls made.
    func callEverywhere(_ function: BuiltinFunction, arity: Int, mixes: Int, generator: inout SeededGenerator) throws -> Int {
        let names = (0..<arity).map { "v\($0)" }
        let environment = Environment(roots: names.map { RootDeclaration($0) }, checks: false)
        let program = try environment.compile("\(function.name)(\(names.joined(separator: ", ")))")
        let pool = Self.pool
        var calls = 0
        func call(_ arguments: [Value]) {
            calls += 1
            do {
                _ = JSONWriter.write(try program.evaluate(roots: arguments, context: Self.context))
            } catch {
                XCTAssertTrue(error.code.rawValue.hasPrefix("R"), "\(function.name) raised \(error.code)")
            }
        }
        for position in 0..<arity {
            for fixed in [Value.number(1), .text("a"), Value.date(DateValue(year: 2024, month: 1, day: 31))] {
                for value in pool {
                    var arguments = Array(repeating: fixed, count: arity)
                    arguments[position] = value
                    call(arguments)
                }
            }
        }
        for _ in 0..<mixes {
            call((0..<arity).map { _ in pool[Int(generator.next() % UInt64(pool.count))] })
        }
        return calls
    }

    func testEveryFunctionWithHostileArguments() throws {
        var generator = SeededGenerator(seed: 2026)
        var calls = 0
        for function in FunctionLibrary.all {
            let most = min(function.maxArguments ?? function.minArguments + 2, 4)
            for arity in function.minArguments...max(function.minArguments, most) {
                calls += try callEverywhere(function, arity: arity, mixes: 2_000, generator: &generator)
            }
        }
        XCTAssertGreaterThan(calls, 300_000)
    }

    /// The traps the fuzzers and this test found, each as it was first seen.
    func testFoundTrapsAreErrors() throws {
        let payload = try JSONReader.read(
            #"""
            {"d": {"day": 1e300, "month": 1e300, "year": 1e300},
             "dt": {"date": {"day": 1, "month": 1, "year": 1e300}, "time": {"hour": 1, "minute": 0, "second": 0, "millisecond": 0}, "timeZone": "UTC"}}
            """#)
        // Unchecked, so that the run-time path is the one tested (the checker refuses some statically).
        let environment = Environment(samples: [("payload", payload)], checks: false)
        let cases: [(String, String?)] = [
            ("TIME(666666666666666666666666660, 60, 0)", "R0510"),
            ("CONCAT(payload.d)", nil),
            ("payload.dt < payload.dt", "R0510"),
            (#"REPT("", 1e300)"#, nil),
            (#"FORMAT_NUMBER(0, "-222222222222222222222222222222,d")"#, "R0513"),
            (#"FORMAT_NUMBER(0, "20000000d")"#, "R0513"),
        ]
        for (expression, code) in cases {
            let program = try environment.compile(expression)
            do {
                let value = try program.evaluate(["payload": payload], context: Self.context)
                XCTAssertNil(code, "\(expression) gave \(JSONWriter.write(value))")
            } catch {
                XCTAssertEqual(error.code.rawValue, code, expression)
            }
        }
    }
}
