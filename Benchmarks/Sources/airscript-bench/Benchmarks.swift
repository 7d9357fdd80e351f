@_spi(Syntax) import Airscript
import Foundation
import MallocCounter

/// Micro-benchmarks of the pipeline stages, printed as a table: median time per operation over
/// several rounds, and allocations per operation.
@main
struct Benchmarks {
    struct Row {
        var name: String
        var nanoseconds: Double
        var allocations: Double
        var target: String
    }

    /// Runs `body` repeatedly; returns the median ns per call and the allocations per call.
    static func measure(_ name: String, target: String = "", iterations: Int, _ body: () throws -> Void) rethrows -> Row {
        // AIRSCRIPT_BENCH_FILTER=text runs only the matching rows (for profiling one of them).
        if let only = ProcessInfo.processInfo.environment["AIRSCRIPT_BENCH_FILTER"], !name.contains(only) {
            return Row(name: name, nanoseconds: .nan, allocations: .nan, target: target)
        }
        // AIRSCRIPT_BENCH_SCALE=n runs 1/n of the iterations (under valgrind, see Benchmarks/instructions).
        let scale = Int(ProcessInfo.processInfo.environment["AIRSCRIPT_BENCH_SCALE"] ?? "") ?? 1
        let iterations = max(1, iterations / max(1, scale))
        for _ in 0..<max(1, iterations / 10) { try body() }  // warm up
        if scale > 1 {
            // The operations this row runs, for Benchmarks/instructions to divide the count by.
            FileHandle.standardError.write(Data("operations \(max(1, iterations / 10) + 7 * iterations)\n".utf8))
        }
        var samples: [Double] = []
        var allocations = 0.0
        for _ in 0..<7 {
            let before = airscript_allocations()
            let start = ContinuousClock.now
            for _ in 0..<iterations { try body() }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            samples.append(seconds * 1e9 / Double(iterations))
            allocations = Double(airscript_allocations() - before) / Double(iterations)
        }
        samples.sort()
        return Row(name: name, nanoseconds: samples[samples.count / 2], allocations: allocations, target: target)
    }

    static func format(_ ns: Double) -> String {
        if ns < 1_000 { return String(format: "%.0f ns", ns) }
        if ns < 1_000_000 { return String(format: "%.2f µs", ns / 1_000) }
        return String(format: "%.2f ms", ns / 1_000_000)
    }

    static func main() throws {
        let context = EvaluationContext(now: 1_714_670_469_000, timeZone: "UTC", locale: "en-US", seed: 0)
        var rows: [Row] = []

        // Parsing and checking a mapping-sized expression.
        let lead = try JSONReader.read(Fixtures.leadJSON)
        let mappingExpression =
            #"IF(payload.body.Status = "Open" AND LENGTH(payload.body.Tasks) > 0, CONCAT(UPPERCASE(payload.body.FirstName), " ", payload.body.LastName), payload.body.Email)"#
        rows.append(
            measure("parse (\(mappingExpression.count) chars)", iterations: 20_000) {
                _ = Parser.parse(Source(mappingExpression))
            })
        let leadEnvironment = Environment(samples: [("payload", lead)])
        // The checked expressions must be free of diagnostics, or the row measures the error path.
        precondition(leadEnvironment.check(Source(mappingExpression)).diagnostics.isEmpty)
        rows.append(
            measure("parse + check (\(mappingExpression.count) chars)", target: "< 20 µs", iterations: 20_000) {
                _ = leadEnvironment.check(Source(mappingExpression))
            })
        let wide = Fixtures.wideSample(fields: 1_000)
        let wideEnvironment = Environment(samples: [("payload", wide)])
        let wideExpression =
            #"IF(payload.field_17 > 10 AND payload.field_999 <> "x" AND NOT(ISNUMBER(payload.field_250)), CONCAT(payload.field_3, "-", UPPERCASE(payload.field_501)), FORMAT_NUMBER(payload.field_43, ",.2f"))"#
        precondition(wideEnvironment.check(Source(wideExpression)).diagnostics.isEmpty)
        rows.append(
            measure("parse + check (\(wideExpression.count) chars, 1,000-field sample)", target: "≪ 1 ms", iterations: 10_000) {
                _ = wideEnvironment.check(Source(wideExpression))
            })

        // Evaluating compiled programs.
        let vars = Environment(samples: [("a", "x"), ("b", 11), ("c", "y"), ("d", false)])
        let boolean = try vars.compile(#"a = "x" AND b > 10 AND c <> NULL AND NOT(d)"#)
        let varRoots: [Value] = ["x", 11, "y", false]
        rows.append(
            try measure("eval (a) boolean over four variables", target: "< 150 ns", iterations: 500_000) {
                _ = try boolean.evaluate(roots: varRoots, context: context)
            })
        let path = try leadEnvironment.compile("payload.body.Address.city")
        // Callers that evaluate many times hold their roots array; building it is not the evaluation.
        let leadRoots: [Value] = [lead]
        rows.append(
            try measure("eval (b) three-level path", target: "< 60 ns", iterations: 1_000_000) {
                _ = try path.evaluate(roots: leadRoots, context: context)
            })
        let concat = try leadEnvironment.compile(#"CONCAT(UPPERCASE(payload.body.FirstName), payload.body.LastName)"#)
        rows.append(
            try measure("eval (c) CONCAT of two fields with UPPERCASE", iterations: 300_000) {
                _ = try concat.evaluate(roots: leadRoots, context: context)
            })
        let people = Fixtures.people(100)
        let peopleEnvironment = Environment(samples: [("people", people)])
        let query = try peopleEnvironment.compile(#"FROM p IN people WHERE p.age >= 30 AND p.active SELECT {name: p.name, city: p.address.city}"#)
        let peopleRoots: [Value] = [people]
        rows.append(
            try measure("eval (d) query over 100 objects, WHERE + SELECT", target: "< 10 µs", iterations: 20_000) {
                _ = try query.evaluate(roots: peopleRoots, context: context)
            })
        let dateEnvironment = Environment(samples: [("dt", try JSONReader.read(Fixtures.dateTimeJSON))])
        let formatDate = try dateEnvironment.compile(#"FORMAT_DATETIME(dt, "dddd, MMMM Do YYYY, h:mm A z", "en-US", "America/New_York")"#)
        let dateRoots: [Value] = [try JSONReader.read(Fixtures.dateTimeJSON)]
        rows.append(
            try measure("eval (e) FORMAT_DATETIME", iterations: 50_000) {
                _ = try formatDate.evaluate(roots: dateRoots, context: context)
            })

        // JSON in and out, which dominates `airscript map`.
        let bytes = Array(Fixtures.leadJSON.utf8)
        rows.append(
            try measure("JSON read (\(bytes.count) bytes)", iterations: 50_000) {
                _ = try JSONReader.read(bytes)
            })
        var out: [UInt8] = []
        rows.append(
            measure("JSON write (\(bytes.count) bytes)", iterations: 50_000) {
                out.removeAll(keepingCapacity: true)
                JSONWriter.write(lead, into: &out)
            })

        let nameWidth = rows.map(\.name.count).max() ?? 40
        print("| benchmark".padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0) + " | time/op    | allocs/op | target   |")
        print("|" + String(repeating: "-", count: nameWidth + 2) + "|------------|-----------|----------|")
        for row in rows where !row.nanoseconds.isNaN {
            let name = ("| " + row.name).padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
            let time = format(row.nanoseconds).padding(toLength: 10, withPad: " ", startingAt: 0)
            let allocs = String(format: "%.1f", row.allocations).padding(toLength: 9, withPad: " ", startingAt: 0)
            print("\(name) | \(time) | \(allocs) | \(row.target.padding(toLength: 8, withPad: " ", startingAt: 0)) |")
        }
    }
}
