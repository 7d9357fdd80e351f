import Airscript

/// Turns fuzzer bytes into inputs. Invalid UTF-8 is kept as replacement characters, as the CLI does.
public enum FuzzInput {
    public static func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }

    public static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Small limits so that one input cannot take the fuzzer's whole time budget.
    public static var context: EvaluationContext {
        var limits = EvaluationLimits()
        limits.maxSteps = 200_000
        limits.timeLimit = 1
        limits.maxTextBytes = 1 << 20
        return EvaluationContext(now: 1_714_670_469_000, timeZone: "UTC", locale: "en-US", seed: 0, limits: limits)
    }

    /// The roots expressions may read, typed once.
    public static let environment = Environment(samples: [("payload", payload), ("n", .number(1)), ("s", .text("x"))])

    /// A payload with a bit of everything, for expressions to read.
    public static let payload: Value =
        (try? JSONReader.read(
            #"""
            {"body": {"name": "Dana", "age": 41, "tags": ["a", "b"], "items": [{"sku": "x", "qty": 2}],
             "when": {"day": 2, "month": 5, "year": 2024}, "money": {"amount": 150, "code": "USD", "precision": 2},
             "at": {"date": {"day": 2, "month": 5, "year": 2024}, "time": {"hour": 1, "minute": 2, "second": 3, "millisecond": 0}, "timeZone": "America/Los_Angeles"}}}
            """#)) ?? .null
}
