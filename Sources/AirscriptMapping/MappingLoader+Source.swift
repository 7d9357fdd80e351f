import Airscript
import Yams

/// The `source` section (mapping.md §5.4; serve.md §2–§5, §10): where deliveries come from, and
/// what `serve` needs to receive them.
extension MappingLoader {
    mutating func loadSource(_ node: Yams.Node) {
        definition.sourceSpan = span(node)
        let f = fields(
            node, "source",
            allowed: ["kind", "method", "route", "provider", "event", "format", "verify", "auth", "dedupe", "when", "cors"])
        if let k = f["kind"].flatMap({ string($0, "source.kind") }) {
            if ["app-api", "subscription"].contains(k) {
                definition.sourceKind = k
            } else {
                report("M0105", "`source.kind` must be app-api or subscription", f["kind"])
            }
        }
        if let m = f["method"].flatMap({ string($0, "source.method") }) {
            if ["GET", "POST"].contains(m.uppercased()) {
                definition.method = m.uppercased()
            } else {
                report("M0105", "`source.method` must be GET or POST", f["method"])
            }
        }
        if let r = f["route"] {
            definition.route = string(r, "source.route")
            definition.routeSpan = span(r)
            if let route = definition.route { checkRouteParameters(route, r) }
        }
        if let p = f["provider"], let provider = string(p, "source.provider") {
            if definition.sourceKind == "app-api" {
                report(
                    "M0105", "`source.provider` is only for subscriptions; an App API has no provider", p,
                    help: "remove it, or set `source.kind: subscription`")
            } else {
                definition.serve.provider = provider.lowercased()
            }
        }
        _ = f["event"].flatMap { string($0, "source.event") }
        if let n = f["format"], let format = string(n, "source.format") {
            if format == "outbound-message" {
                definition.serve.format = format
            } else {
                report("M0105", "`source.format` must be outbound-message (Salesforce's SOAP deliveries)", n)
            }
        }
        if let v = f["verify"] { loadVerify(v) }
        if let a = f["auth"] { loadAuth(a) }
        if let c = f["cors"] {
            let cf = fields(c, "source.cors", allowed: ["origins", "headers"])
            var cors = ServeSource.CORS()
            cors.origins = cf["origins"].map { strings($0, "source.cors.origins") } ?? []
            cors.headers = cf["headers"].map { strings($0, "source.cors.headers") } ?? []
            definition.serve.cors = cors
        }
        if let d = f["dedupe"] { definition.dedupe = expression(d, .dedupe) }
        if let w = f["when"] { definition.when = expression(w, .when) }
    }

    mutating func loadVerify(_ node: Yams.Node) {
        let f = fields(node, "source.verify", allowed: ["scheme", "secrets", "tolerance", "allowIPs", "organizationId"])
        guard let scheme = f["scheme"].flatMap({ string($0, "source.verify.scheme") }) else {
            if f["scheme"] == nil { report("M0106", "missing required key `source.verify.scheme`", node) }
            return
        }
        var verify = ServeSource.Verify(scheme: scheme.lowercased())
        verify.span = span(node)
        verify.secrets = f["secrets"].map { strings($0, "source.verify.secrets") } ?? []
        if let t = f["tolerance"] {
            if let seconds = t.string.flatMap(Int.init), seconds >= 0 {
                verify.tolerance = seconds
            } else {
                report("M0105", "`source.verify.tolerance` must be a whole number of seconds (0 turns the check off)", t)
            }
        }
        verify.allowIPs = f["allowIPs"].map { strings($0, "source.verify.allowIPs") } ?? []
        verify.organizationId = f["organizationId"].flatMap { string($0, "source.verify.organizationId") }
        definition.serve.verify = verify
    }

    mutating func loadAuth(_ node: Yams.Node) {
        let f = fields(node, "source.auth", allowed: ["bearer", "allowIPs"])
        var auth = ServeSource.Auth()
        auth.allowIPs = f["allowIPs"].map { strings($0, "source.auth.allowIPs") } ?? []
        if let b = f["bearer"] {
            let bf = fields(b, "source.auth.bearer", allowed: ["hs256", "rs256", "es256", "jwks", "issuer", "audience"])
            auth.requiresBearer = true
            auth.hs256 = bf["hs256"].map { strings($0, "source.auth.bearer.hs256") } ?? []
            auth.rs256 = bf["rs256"].map { strings($0, "source.auth.bearer.rs256") } ?? []
            auth.es256 = bf["es256"].map { strings($0, "source.auth.bearer.es256") } ?? []
            auth.jwks = bf["jwks"].flatMap { string($0, "source.auth.bearer.jwks") }
            auth.issuer = bf["issuer"].flatMap { string($0, "source.auth.bearer.issuer") }
            auth.audience = bf["audience"].flatMap { string($0, "source.auth.bearer.audience") }
            if auth.hs256.isEmpty && auth.rs256.isEmpty && auth.es256.isEmpty && auth.jwks == nil {
                report("M0106", "`source.auth.bearer` needs a key: hs256, rs256, es256 or jwks", b)
            }
        }
        definition.serve.auth = auth
    }

    /// A string or a list of strings.
    mutating func strings(_ node: Yams.Node, _ key: String) -> [String] {
        switch node {
        case .scalar(let s): return [s.string]
        case .sequence(let items):
            return items.compactMap { string($0, key) }
        default:
            report("M0105", "`\(key)` must be a string or a list of strings", node)
            return []
        }
    }
}
