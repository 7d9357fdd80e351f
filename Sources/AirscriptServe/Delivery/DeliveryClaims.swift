import Foundation

/// The delivery keys being processed in this process (serve.md §5): a delivery whose key is
/// claimed waits for the holder to finish, then reads what it stored. Two instances sharing a
/// store are kept apart by the store itself: the stored row is read inside the delivery's
/// transaction, which the store serialises.
public final class DeliveryClaims: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var held = Set<String>()

    /// No claims.
    public init() {}

    /// Claims `key`, waiting while another delivery holds it; false if it is still held at
    /// `deadline` (the caller answers 409).
    public func claim(_ key: String, until deadline: ContinuousClock.Instant) async -> Bool {
        while true {
            if lock.withLock({ held.insert(key).inserted }) { return true }
            if ContinuousClock.now >= deadline { return false }
            // A duplicate in flight is rare: polling keeps the common path free of any queue.
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Gives `key` back.
    public func release(_ key: String) {
        _ = lock.withLock { held.remove(key) }
    }
}

/// Runs blocking work (a store's transaction) on a thread of its own, never on the cooperative
/// pool: a database call blocks its thread.
public enum BlockingWork {
    /// `work`'s result, computed on a Dispatch worker thread.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
