import Airscript
import AirscriptMapping
import AirscriptServe
import AirscriptServer
import ArgumentParser
import Foundation
import Logging

/// `airscript serve`: App API requests and provider webhooks, live (serve.md).
struct ServeCommand: ParsableCommand, PolicyOptions {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive App API requests and webhooks over HTTP, run the mappings, answer with their responses.",
        discussion: """
            Each mapping is mounted on its `source.route` (subscriptions default to /subscriptions/NAME). Webhook signatures are checked on the raw bytes before anything is parsed; duplicate deliveries are answered once, from the store. Secrets are named in the mapping files, never written: `env:NAME` or `file:PATH`.

            The first log line is `listening on http://HOST:PORT` (the real port with --port 0). SIGHUP reloads the mapping files (the old ones stay if a new one fails); SIGTERM and SIGINT stop accepting and give in-flight deliveries --shutdown-grace seconds.

            Exit status: 0 after a signal-initiated shutdown; 2 a mapping or the route table has errors; 64 usage; 69 the store cannot be opened; 74 the port cannot be bound.

            Example:
              GH_SECRET=s3cr3t airscript serve Samples/*.yaml --store memory: --port 8080
            """
    )

    @Argument(help: "The mapping files to mount.")
    var mappings: [String]

    @Option(help: ArgumentHelp("Address to bind (0.0.0.0 to accept from other machines).", valueName: "ADDRESS"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port; 0 picks a free one.", valueName: "PORT"))
    var port = 8080

    @Option(help: ArgumentHelp("The journey store: memory:, sqlite:PATH or postgres://…", valueName: "URL"))
    var store = "sqlite:airscript.sqlite"

    @Option(help: ArgumentHelp("The URL callers use (Twilio signs it; default http://HOST:PORT).", valueName: "URL"))
    var publicURL: String?

    @Option(help: ArgumentHelp("Largest body accepted, in bytes; larger ones get 413.", valueName: "BYTES"))
    var maxBody = 5_242_880

    @Option(help: ArgumentHelp("Deliveries processed at once; more get 503 with Retry-After.", valueName: "N"))
    var maxInFlight = 256

    @Option(help: ArgumentHelp("Seconds a delivery may take; later ones get 503 and commit nothing.", valueName: "SECONDS"))
    var requestTimeout = 10.0

    @Option(help: ArgumentHelp("How long a delivery key is remembered: 72h, 30m, 90s or seconds.", valueName: "DURATION"))
    var dedupeWindow = "72h"

    @Option(help: ArgumentHelp("Seconds in-flight deliveries get after SIGTERM or SIGINT.", valueName: "SECONDS"))
    var shutdownGrace = 10.0

    @Flag(
        inversion: .prefixedNo,
        help: "Send Airscript-Outcome and Airscript-Journey (default: on when bound to loopback).")
    var debugHeaders: Bool?

    @Option(help: ArgumentHelp("Peers whose X-Forwarded-* headers are believed, separated by commas.", valueName: "CIDR,…"))
    var trustedProxies: String?

    @Option(
        help: ArgumentHelp(
            "A bearer token (env:NAME or file:PATH) guarding /_airscript/metrics and the inspector on a public address.", valueName: "REF"))
    var adminToken: String?

    @Flag(help: "Serve the delivery inspector at /_airscript/: deliveries, their diagnostics, journeys, replay (loopback, or --admin-token).")
    var inspector = false

    @Flag(help: "Keep request bodies and slot values for the inspector and replay (personal data: opt in).")
    var capture = false

    @Option(help: ArgumentHelp("json or text (default: json when standard error is not a terminal).", valueName: "FORMAT"))
    var logFormat: String?

    @Option(help: ArgumentHelp("Default region for phone identifiers without a country code.", valueName: "CC"))
    var region: String?

    @Flag(help: Self.strictHelp)
    var strict = false

    @Option(help: Self.allowHelp)
    var allow: String?

    @OptionGroup var context: ContextOptions

    @OptionGroup(title: "Limits") var limits: LimitOptions

    func validate() throws {
        _ = try commandLinePolicy()
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, got \(port)") }
        if maxBody < 1 || maxInFlight < 1 { throw ValidationError("--max-body and --max-in-flight must be positive") }
        if requestTimeout <= 0 || shutdownGrace < 0 { throw ValidationError("--request-timeout must be positive, --shutdown-grace not negative") }
        if ServeCommand.seconds(dedupeWindow) == nil {
            throw ValidationError("cannot read --dedupe-window '\(dedupeWindow)'; write 72h, 30m, 90s or a number of seconds")
        }
        if let trustedProxies, ServeCommand.ranges(trustedProxies) == nil {
            throw ValidationError("--trusted-proxies must list addresses or CIDR blocks such as 10.0.0.0/8, separated by commas")
        }
        if let logFormat, ServeLogHandler.Format(rawValue: logFormat) == nil { throw ValidationError("--log-format must be json or text") }
        if inspector, adminToken == nil, !ServeConfiguration.isLoopback(host) {
            throw ValidationError("--inspector on \(host) needs --admin-token: deliveries hold personal data (serve.md §8)")
        }
        if let region, PhoneNumbersRegion.isKnown(region) == false {
            throw ValidationError("unknown region '\(region)'; use an ISO 3166 code such as US")
        }
    }

    func run() throws {
        var configuration = ServeConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        configuration.maxBody = maxBody
        configuration.maxInFlight = maxInFlight
        configuration.requestTimeout = requestTimeout
        configuration.dedupeWindow = ServeCommand.seconds(dedupeWindow) ?? 72 * 3600
        configuration.shutdownGrace = shutdownGrace
        configuration.debugHeaders = debugHeaders
        configuration.trustedProxies = AddressAllowList(trustedProxies.flatMap(ServeCommand.ranges) ?? [])
        configuration.inspector = inspector
        configuration.capture = capture
        if let adminToken {
            do throws(SecretReference.Problem) {
                configuration.adminToken = try SecretReference.resolve(adminToken, key: "--admin-token")
            } catch {
                printError("error[\(error.code)]: \(error.message)")
                throw Status.usage
            }
        }
        let format = logFormat.flatMap(ServeLogHandler.Format.init(rawValue:)) ?? (isatty(2) != 0 ? .text : .json)
        let logger = Logger(label: "airscript.serve") { _ in ServeLogHandler(format: format) }

        let options = try setupOptions(loopbackOnly: configuration.isLoopback)
        let paths = mappings
        let setup = ServeSetup.load(paths, options: options)
        ServeCommand.report(setup)
        guard let table = setup.table else { throw Status.rejected }
        if table.mappings.contains(where: { $0.verifier?.scheme == .twilio }) && publicURL == nil && !configuration.isLoopback {
            printError("error: a twilio route is mounted: --public-url is required (Twilio signs the URL it calls)")
            throw Status.usage
        }
        let backend = try openStore()
        let server = ServeServer(
            configuration: configuration, table: table, backend: backend, logger: logger,
            reload: {
                let again = ServeSetup.load(paths, options: options)
                ServeCommand.report(again, quiet: true)
                return again.table
            })
        let routes = ServeSetup.routeLines(table)
        let outcome = ServeCommand.block {
            try await server.run { url in
                logger.info("listening on \(url)")
                for route in routes { logger.info("route \(route)") }
            }
        }
        if case .failure(let error) = outcome {
            printError("error: cannot serve on \(host):\(port): \(error)")
            throw Status.cannotWrite
        }
    }

    /// The store: a memory store that remembers deliveries, or a durable one with its own seed. A
    /// new store gets a random seed unless `--seed` names one: its journey ids are not guessable.
    func openStore() throws -> any JourneyStoreBackend {
        let random = UInt64.random(in: 0...UInt64.max)
        if case .memory? = try? StoreLocation(parsing: store) {
            return MemoryJourneyStore(seed: context.seed ?? random, keepsDeliveries: true)
        }
        return try StoreOpening.backend(store, seed: context.seed, newSeed: random)
    }

    /// The mapping layer's view of the command line: each mapping's context and limits.
    func setupOptions(loopbackOnly: Bool) throws -> ServeSetup.Options {
        let context = self.context, limits = self.limits, region = self.region
        var options = ServeSetup.Options(
            runOptions: { mapping in
                let settings = mapping.definition.settings
                let made =
                    (try? context.makeContext(defaultZone: settings.timezone, defaultLocale: settings.locale, defaultSeed: 0))
                    ?? EvaluationContext(now: 0)
                var run = RunOptions(
                    now: made.now, timeZone: made.timeZone, locale: made.locale,
                    region: region?.uppercased() ?? settings.defaultRegion, seed: context.seed ?? UInt64.random(in: 0...UInt64.max))
                run.limits = made.limits
                limits.apply(to: &run.limits)
                return run
            },
            bearer: { auth, secrets in try JWTBearer(auth, secrets: secrets) })
        options.loopbackOnly = loopbackOnly
        options.policy = try commandLinePolicy()
        return options
    }

    /// Prints every diagnostic and unreadable file; `quiet` leaves out files without any (reload).
    static func report(_ setup: ServeSetup, quiet: Bool = false) {
        for (path, reason) in setup.unreadable { printError("airscript: cannot open mapping '\(path)': \(reason)") }
        for file in setup.reports where !(quiet && file.diagnostics.isEmpty) {
            if !file.diagnostics.isEmpty || setup.hasErrors { MappingReport.print(file.mapping, file.diagnostics, format: .text) }
        }
    }

    /// Runs async work to its end from the synchronous command.
    static func block(_ work: @escaping @Sendable () async throws -> Void) -> Result<Void, any Error> {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<Void, any Error> = .success(())
        Task {
            do { try await work() } catch { result = .failure(error) }
            done.signal()
        }
        done.wait()
        return result
    }

    /// `72h`, `30m`, `90s`, `2d` or plain seconds.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let unit = text.last.flatMap({ units[$0] }), let n = Double(text.dropLast()), n >= 0 { return n * unit }
        return Double(text).flatMap { $0 >= 0 ? $0 : nil }
    }

    static func ranges(_ text: String) -> [AddressRange]? {
        let ranges = text.split(separator: ",").map { AddressRange($0.trimmingCharacters(in: .whitespaces)) }
        return ranges.contains { $0 == nil } ? nil : ranges.compactMap { $0 }
    }
}
