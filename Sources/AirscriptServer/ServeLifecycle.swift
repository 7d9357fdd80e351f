import Foundation
import ServiceLifecycle

/// Marks the state as stopping when graceful shutdown begins: `/ready` turns 503 and new
/// deliveries get 503 (S0504) while the running ones finish.
struct ShutdownWatcher: Service {
    let state: ServeState

    func run() async throws {
        try? await gracefulShutdown()
        state.markStopping()
    }
}

/// SIGHUP, caught on a Dispatch source rather than by the process's default (which ends it).
enum ServeSignals {
    struct Handle {
        let source: any DispatchSourceSignal
        mutating func cancel() { source.cancel() }
    }

    static func hangup(_ action: @escaping @Sendable () -> Void) -> Handle {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue.global())
        source.setEventHandler(handler: action)
        source.resume()
        return Handle(source: source)
    }
}
