import AirscriptServe
import Foundation

/// What requests share and reloads change: the pipeline in use, and whether the server is ready
/// or shutting down.
final class ServeState: @unchecked Sendable {
    private let lock = NSLock()
    private var current: DeliveryPipeline?
    private var ready = false
    private var stopping = false
    private var inFlight = 0
    private var arrivals = 0

    var pipeline: DeliveryPipeline { lock.withLock { current! } }
    var isReady: Bool { lock.withLock { ready && !stopping } }
    var isStopping: Bool { lock.withLock { stopping } }

    func install(_ pipeline: DeliveryPipeline) { lock.withLock { current = pipeline } }
    func markReady() { lock.withLock { ready = true } }
    func markStopping() { lock.withLock { stopping = true } }

    /// Takes a slot among `limit`; nil when all are taken. The arrival number otherwise.
    func enter(limit: Int) -> Int? {
        lock.withLock {
            guard inFlight < limit else { return nil }
            inFlight += 1
            arrivals += 1
            return arrivals
        }
    }

    func leave() { lock.withLock { inFlight -= 1 } }
}
