import Foundation
import Synchronization

/// Everything an evaluation reads besides its bindings (functions.md §0.2). Nothing is read from
/// the machine implicitly but the clock, and only when no instant is given: the time zone, the
/// locale and the random seed are inputs with fixed defaults, so a result can be reproduced.
public struct EvaluationContext: Sendable {
    /// The instant NOW() and TODAY() see, in milliseconds since 1970-01-01T00:00:00Z.
    public var now: Double
    /// The context time zone (IANA name, canonical spelling). Defaults to UTC (D29).
    public var timeZone: String
    /// The context locale (BCP-47). Defaults to en-US (D30).
    public var locale: String
    /// Seeds RANDOM and UUID.
    public var seed: UInt64
    /// Guardrails on the evaluation (R0511 past them).
    public var limits: EvaluationLimits
    /// A `Cancellation`'s token: cancelled from another thread (or a signal handler), the
    /// evaluation stops within 4096 steps (R0518), as the REPL's Ctrl-C does. A token, not the
    /// object: the context stays a plain value that copies without reference counting (it is
    /// copied for each slot of each record); the `Cancellation` must outlive the evaluations.
    public var cancellation: CancellationToken?

    /// A context at the instant `now` (milliseconds since 1970); without one, at the machine's
    /// current time, read once here, so NOW() gives one instant for the whole evaluation.
    public init(
        now: Double? = nil, timeZone: String = "UTC", locale: String = "en-US", seed: UInt64 = 0,
        limits: EvaluationLimits = EvaluationLimits()
    ) {
        self.now = now ?? EvaluationContext.currentInstant()
        self.timeZone = timeZone
        self.locale = locale
        self.seed = seed
        self.limits = limits
    }

    /// A context at the machine's current time with a random seed unless one is given; for
    /// interactive use, where each evaluation should differ.
    public static func wallClock(timeZone: String = "UTC", locale: String = "en-US", seed: UInt64? = nil) -> EvaluationContext {
        EvaluationContext(timeZone: timeZone, locale: locale, seed: seed ?? UInt64.random(in: 0...UInt64.max))
    }

    /// The machine's current time, in whole milliseconds since 1970.
    public static func currentInstant() -> Double {
        (Date().timeIntervalSince1970 * 1000).rounded()
    }

    /// The context compile-time folding evaluates in: folded functions read no part of it
    /// (`BuiltinFunction.readsContext`), so it need not read the clock.
    static let folding = EvaluationContext(now: 0)
}

/// A flag that stops an evaluation from outside: `cancel()` may be called from any thread and
/// from a signal handler (it stores one atomic Boolean).
public final class Cancellation: @unchecked Sendable {
    // Unchecked: the flag is only read and written atomically.
    private let flag: UnsafeMutablePointer<Atomic<Bool>>

    /// A flag not yet set.
    public init() {
        flag = UnsafeMutablePointer<Atomic<Bool>>.allocate(capacity: 1)
        flag.initialize(to: Atomic<Bool>(false))
    }

    deinit {
        flag.deinitialize(count: 1)
        flag.deallocate()
    }

    /// Stops the evaluations that read this flag, at their next check.
    public func cancel() { flag.pointee.store(true, ordering: .relaxed) }

    /// Clears the flag, for the next evaluation.
    public func reset() { flag.pointee.store(false, ordering: .relaxed) }

    /// Whether `cancel()` was called since the last `reset()`.
    public var isCancelled: Bool { flag.pointee.load(ordering: .relaxed) }

    /// What an `EvaluationContext` holds: the flag's address, valid while this object lives.
    public var token: CancellationToken { CancellationToken(flag: UnsafePointer(flag)) }
}

/// A `Cancellation`'s flag as an evaluation reads it: an address, copied without reference counting.
public struct CancellationToken: @unchecked Sendable {
    // Unchecked: it only reads the atomic flag.
    let flag: UnsafePointer<Atomic<Bool>>

    /// Whether the `Cancellation` was cancelled.
    public var isCancelled: Bool { flag.pointee.load(ordering: .relaxed) }
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
    /// The default limits.
    public init() {}
}

/// A small, fast, seedable generator (SplitMix64) for RANDOM and UUID.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// A generator whose sequence `seed` decides.
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
