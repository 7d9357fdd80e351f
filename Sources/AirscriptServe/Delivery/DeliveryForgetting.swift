import Synchronization

/// When the server next forgets the delivery rows older than its dedupe window (store.md §1: they
/// are pruned after it). The delivery that finds it due does it, after its own answer is decided,
/// at most once an interval: a busy server forgets a little at a time, an idle one does nothing,
/// and no timer outlives a reload. Shared by every version of the route table, like the claims.
public final class DeliveryForgetting: Sendable {
    private let next = Mutex<Double>(0)

    /// Due at the first delivery.
    public init() {}

    /// Whether a delivery at `now` (seconds since 1970) forgets; if it does, the next one is due
    /// `interval` later.
    func due(at now: Double, every interval: Double) -> Bool {
        next.withLock { next in
            guard now >= next else { return false }
            next = now + interval
            return true
        }
    }

    /// Due at the next delivery: the last one left rows to forget.
    func dueNow() {
        next.withLock { $0 = 0 }
    }
}
