import Foundation

/// Everything an evaluation reads besides its bindings (functions.md §0.2). Nothing is read from
/// the machine implicitly: the clock, the time zone, the locale and the random seed are inputs, so a
/// result can be reproduced.
public struct EvaluationContext: Sendable {
    /// The instant NOW() and TODAY() see, in milliseconds since 1970-01-01T00:00:00Z.
    public var now: Double
    /// The context time zone (IANA name, canonical spelling). Defaults to UTC (D29).
    public var timeZone: String
    /// The context locale (BCP-47). Defaults to en-US (D30).
    public var locale: String
    /// Seeds RANDOM and UUID.
    public var seed: UInt64
    public var limits: EvaluationLimits

    public init(now: Double = 0, timeZone: String = "UTC", locale: String = "en-US", seed: UInt64 = 0,
                limits: EvaluationLimits = EvaluationLimits()) {
        self.now = now
        self.timeZone = timeZone
        self.locale = locale
        self.seed = seed
        self.limits = limits
    }

    /// A context whose clock is the machine's current time; for interactive use only.
    public static func wallClock(timeZone: String = "UTC", locale: String = "en-US", seed: UInt64? = nil) -> EvaluationContext {
        EvaluationContext(now: (Date().timeIntervalSince1970 * 1000).rounded(), timeZone: timeZone, locale: locale,
                          seed: seed ?? UInt64.random(in: 0...UInt64.max))
    }
}

/// Guardrails on one evaluation (D40). Exceeding one is R0511.
public struct EvaluationLimits: Sendable {
    /// Wall time for one evaluation, in seconds.
    public var timeLimit: Double = 5
    /// Nested calls of user-defined functions.
    public var maxCallDepth = 256
    /// Work units (list elements visited, calls made) before the evaluation is stopped.
    public var maxSteps = 50_000_000
    /// Elements in one produced list, or members in one object.
    public var maxCollectionSize = 10_000_000
    /// Length of one produced text, in UTF-8 bytes.
    public var maxTextBytes = 64 << 20
    /// Nesting of lists and objects built at run time (by user-defined functions).
    public var maxValueDepth = 512
    public init() {}
}

/// A small, fast, seedable generator (SplitMix64) for RANDOM and UUID.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
