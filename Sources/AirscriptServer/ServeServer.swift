import AirscriptMapping
import AirscriptServe
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `airscript serve` (serve.md): the pipeline behind a Hummingbird HTTP/1.1 server, with the
/// reserved `/_airscript/` paths, the limits, SIGHUP reload and graceful shutdown.
public final class ServeServer: Sendable {
    /// The options.
    public let configuration: ServeConfiguration
    /// The metrics.
    public let metrics = ServeMetrics()
    let logger: Logger
    let backend: any JourneyStoreBackend
    let claims = DeliveryClaims()
    let forgetting = DeliveryForgetting()
    let state: ServeState
    /// The delivery inspector's pages, with `--inspector`.
    let inspector: Inspector?
    /// Loads the mapping files again for SIGHUP: a new table, or nil (the old one stays).
    let reloadTable: @Sendable () -> RouteTable?

    /// A server over `table` and `backend`; `reload` reads the files again on SIGHUP.
    public init(
        configuration: ServeConfiguration, table: RouteTable, backend: any JourneyStoreBackend, logger: Logger,
        reload: @escaping @Sendable () -> RouteTable? = { nil }
    ) {
        self.configuration = configuration
        self.backend = backend
        self.logger = logger
        self.reloadTable = reload
        self.state = ServeState()
        self.inspector = configuration.inspector ? Inspector() : nil
        state.install(pipeline(table, publicURL: configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)"))
    }

    func pipeline(_ table: RouteTable, publicURL: String) -> DeliveryPipeline {
        var settings = DeliveryPipeline.Settings(
            publicURL: publicURL, debugHeaders: configuration.debugHeaders ?? configuration.isLoopback,
            dedupeWindow: configuration.dedupeWindow, trustedProxies: configuration.trustedProxies)
        settings.inspects = configuration.inspector
        settings.captures = configuration.capture
        return DeliveryPipeline(table: table, backend: backend, settings: settings, claims: claims, forgetting: forgetting)
    }

    /// Reads the mapping files again; swaps them in only when all load (serve.md §7 "Reload").
    public func reload() {
        guard let table = reloadTable() else {
            logger.error("reload refused: the mappings have errors; the loaded ones stay")
            return
        }
        let current = state.pipeline
        state.install(pipeline(table, publicURL: current.settings.publicURL))
        logger.info("reloaded", metadata: ["routes": "\(ServeSetup.routeLines(table).joined(separator: "; "))"])
    }

    /// The Hummingbird application; `onListening` gets the URL it listens on.
    public func application(onListening: @escaping @Sendable (String) -> Void = { _ in }) -> some ApplicationProtocol {
        let configuration = self.configuration
        let state = self.state
        let server = self
        // Hummingbird's own lines (its start-up among them) only when something is wrong: the
        // first line of the log is ours, `listening on …`.
        var quiet = logger
        quiet.logLevel = .warning
        return Application(
            responder: ServeResponder(server: self),
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil, backlog: 256, reuseAddress: true),
            services: [ShutdownWatcher(state: state)],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let url = "http://\(configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host):\(port)"
                if configuration.publicURL == nil {
                    let current = state.pipeline
                    state.install(server.pipeline(current.table, publicURL: url))
                }
                state.markReady()
                onListening(url)
            },
            logger: quiet)
    }

    /// Runs until SIGTERM or SIGINT, then lets in-flight deliveries finish for the grace period.
    public func run(onListening: @escaping @Sendable (String) -> Void) async throws {
        let app = application(onListening: onListening)
        var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // In-flight deliveries get the grace period; then the rest is cancelled.
        group.maximumGracefulShutdownDuration = .milliseconds(Int64(configuration.shutdownGrace * 1000))
        group.maximumCancellationDuration = .seconds(2)
        var hangup = ServeSignals.hangup { [weak self] in self?.reload() }
        defer { hangup.cancel() }
        try await ServiceGroup(configuration: group).run()
    }
}
