import Airscript
import AirscriptMapping
import Foundation

/// Start-up (serve.md §1, §10): the mapping files loaded and checked as `check` does, each
/// mounted on its route with its verification, keys and secrets, and the route table checked for
/// conflicts. Errors stop the server before it listens; SIGHUP runs it again and swaps the result
/// in only when it has none.
public struct ServeSetup: Sendable {
    /// What one mapping file gave: the mapping and every diagnostic of it (the file's own checks,
    /// then serve's S codes).
    public struct FileReport: Sendable {
        /// The mapping as loaded.
        public var mapping: Mapping
        /// Its diagnostics after the policy, in order.
        public var diagnostics: [MappingDiagnostic]
    }

    /// What the server needs of the command line.
    public struct Options: Sendable {
        /// Whether the server is bound to loopback only (S0204 applies otherwise).
        public var loopbackOnly = true
        /// The run options of a mapping (its settings under the command's context and limits).
        public var runOptions: @Sendable (Mapping) -> RunOptions
        /// The command's diagnostic policy over the mapping's own.
        public var policy: DiagnosticPolicy?
        /// Makes the bearer check of an App API's `auth.bearer`, its shared secrets resolved.
        public var bearer: @Sendable (ServeSource.Auth, _ secrets: [String]) throws -> any BearerAuthenticator
        /// The process environment, where `env:` secrets are read.
        public var environment: [String: String] = ProcessInfo.processInfo.environment

        /// Options with the given run options and bearer factory.
        public init(
            runOptions: @escaping @Sendable (Mapping) -> RunOptions,
            bearer: @escaping @Sendable (ServeSource.Auth, [String]) throws -> any BearerAuthenticator
        ) {
            self.runOptions = runOptions
            self.bearer = bearer
        }
    }

    /// The reports, file by file.
    public var reports: [FileReport] = []
    /// Files that could not be read at all, with the reason.
    public var unreadable: [(path: String, reason: String)] = []
    /// The route table, when nothing is in error.
    public var table: RouteTable?

    /// Whether start-up (or a reload) must be refused.
    public var hasErrors: Bool { table == nil }

    /// Loads `paths` and mounts them.
    public static func load(_ paths: [String], options: Options) -> ServeSetup {
        var setup = ServeSetup()
        var served: [ServedMapping] = []
        var names: [String: String] = [:]
        var routes: [String: String] = [:]
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                setup.unreadable.append((path, "no readable file"))
                continue
            }
            let mapping = Mapping(path: path, text: String(decoding: data, as: UTF8.self))
            var diagnostics = mapping.diagnostics
            if let policy = options.policy { diagnostics = diagnostics.applying(policy) }
            var mount = Mounting(mapping: mapping, options: options)
            if let earlier = names.updateValue(path, forKey: mapping.name) {
                mount.report("S0106", "mapping name `\(mapping.name)` is also the name of `\(earlier)`")
            }
            let mounted = diagnostics.hasErrors ? nil : mount.mount()
            if let mounted {
                let shape = "\(mounted.method) \(mounted.template.shape)"
                if let other = routes.updateValue(mapping.name, forKey: shape) {
                    mount.report(
                        "S0102", "`\(mounted.method) \(mounted.template)` is mapped by both `\(other)` and `\(mapping.name)`",
                        at: mapping.definition.routeSpan)
                }
                served.append(mounted)
            }
            setup.reports.append(FileReport(mapping: mapping, diagnostics: diagnostics + mount.diagnostics))
        }
        let failed = !setup.unreadable.isEmpty || setup.reports.contains { $0.diagnostics.hasErrors } || served.isEmpty
        setup.table = failed ? nil : RouteTable(served)
        return setup
    }

    /// The route table's lines for the start-up log: `POST /leads/{id} → lead-intake`.
    public static func routeLines(_ table: RouteTable) -> [String] {
        table.mappings.map { "\($0.method) \($0.template) → \($0.name)" }
    }
}

/// One mapping being mounted: serve's own checks (S codes), with their diagnostics.
struct Mounting {
    let mapping: Mapping
    let options: ServeSetup.Options
    var diagnostics: [MappingDiagnostic] = []

    init(mapping: Mapping, options: ServeSetup.Options) {
        self.mapping = mapping
        self.options = options
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at span: SourceSpan = .none, severity: Severity = .error) {
        diagnostics.append(
            MappingDiagnostic(diagnostic: Diagnostic(code, message, at: span, severity: severity), source: mapping.file, slot: nil))
    }

    /// The mapping on its route, or nil with the reasons reported.
    mutating func mount() -> ServedMapping? {
        let d = mapping.definition
        let isAppAPI = d.sourceKind == "app-api"
        if d.hasValidation {
            report("S0105", "validation of `\(d.name)` is stubbed: `connection` is its sample or value", severity: .warning)
        }
        let routeText: String
        if let route = d.route {
            routeText = route
        } else if isAppAPI {
            report("S0101", "app-api mapping `\(d.name)` has no `source.route`; `serve` needs one")
            return nil
        } else {
            routeText = "/subscriptions/\(d.name)"
        }
        let template: RouteTemplate
        switch RouteTemplate.parse(routeText) {
        case .success(let t): template = t
        case .failure(let e):
            report("S0104", "route `\(routeText)` is not a valid path template: \(e.reason)", at: d.routeSpan)
            return nil
        }
        if template.isReserved {
            report("S0103", "route `\(routeText)` is under the reserved `/_airscript/`", at: d.routeSpan)
            return nil
        }
        let verifier = isAppAPI ? nil : subscriptionVerifier()
        var allowed: [String] = d.serve.verify?.allowIPs ?? []
        var bearer: (any BearerAuthenticator)?
        if isAppAPI, let auth = d.serve.auth {
            allowed += auth.allowIPs
            if auth.requiresBearer {
                let secrets = auth.hs256.compactMap { secret($0, key: "source.auth.bearer.hs256") }
                do {
                    bearer = try options.bearer(auth, secrets)
                } catch {
                    report("S0202", "the bearer keys of `\(d.name)` cannot be used: \(error)")
                }
            }
        }
        var ranges: [AddressRange] = []
        for text in allowed {
            if let range = AddressRange(text) {
                ranges.append(range)
            } else {
                report("S0405", "`\(text)` in an allow-list is not an address or a CIDR block such as 10.0.0.0/8")
            }
        }
        let processor: RecordProcessor
        do {
            processor = try RecordProcessor(mapping: mapping, options: options.runOptions(mapping))
        } catch {
            return nil
        }
        guard !diagnostics.hasErrors else { return nil }
        let scheme = d.serve.verify.flatMap { SignatureScheme(rawValue: $0.scheme) }
        let rule = d.dedupe != nil ? DeliveryKeyRule.expression : .defaultRule(kind: d.sourceKind, provider: d.serve.provider, scheme: scheme)
        return ServedMapping(
            mapping: mapping, processor: processor, method: isAppAPI ? d.method ?? "POST" : "POST", template: template,
            verifier: verifier, bearer: bearer, allowList: AddressAllowList(ranges), keyRule: rule)
    }

    /// A subscription's signature check (serve.md §4.2, §10 "Verification defaults"): `verify`
    /// is required; `scheme: none` gives nil, and on a public address needs an address check.
    mutating func subscriptionVerifier() -> WebhookVerifier? {
        let d = mapping.definition
        guard let verify = d.serve.verify else {
            report(
                "S0203",
                "subscription `\(d.name)` has no `source.verify`; name its provider's scheme, or `scheme: none` to accept unsigned deliveries",
                at: d.sourceSpan)
            return nil
        }
        guard let scheme = SignatureScheme(rawValue: verify.scheme) else {
            let names = SignatureScheme.allCases.map(\.rawValue)
            let near = nearestNames(to: verify.scheme, among: names, limit: 1).first
            report("S0203", "unknown verification scheme `\(verify.scheme)`" + (near.map { "; did you mean `\($0)`?" } ?? ""), at: verify.span)
            return nil
        }
        if verify.organizationId != nil && d.serve.format != "outbound-message" {
            report("S0204", "`organizationId` checks Salesforce outbound messages only; add `source.format: outbound-message`", at: verify.span)
        }
        if scheme == .none {
            if !options.loopbackOnly && verify.allowIPs.isEmpty && verify.organizationId == nil {
                report(
                    "S0204", "`scheme: none` on a public address needs `allowIPs` or `organizationId`: anyone could deliver to `\(d.name)`",
                    at: verify.span)
            }
            return nil
        }
        let secrets = verify.secrets.compactMap { secret($0, key: "source.verify.secrets") }
        if verify.secrets.isEmpty { report("S0202", "`source.verify.secrets` of `\(d.name)` names no secret", at: verify.span) }
        return WebhookVerifier(scheme: scheme, secrets: secrets, tolerance: verify.tolerance ?? 300)
    }

    mutating func secret(_ reference: String, key: String) -> String? {
        do throws(SecretReference.Problem) {
            return try SecretReference.resolve(reference, key: key, environment: options.environment)
        } catch {
            report(DiagnosticCode(rawValue: error.code), error.message)
            return nil
        }
    }
}

extension RouteTemplate {
    /// The template with parameter names blanked: two routes of one shape conflict.
    var shape: String {
        "/" + segments.map { if case .literal(let text) = $0 { text } else { "{}" } }.joined(separator: "/")
    }
}
