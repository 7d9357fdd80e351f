/// The routes of the mounted mappings (serve.md §2): what a request's method and path reach.
public struct RouteTable: Sendable {
    /// The mounted mappings, in the order their files were given.
    public let mappings: [ServedMapping]

    /// What a request reaches.
    public enum Match: Sendable {
        /// A mapping, and the route's parameters (decoded).
        case mapping(ServedMapping, parameters: [(name: String, value: String)])
        /// The path is routed, the method is not: the methods it takes, for `Allow`.
        case methodNotAllowed(allowed: [String])
        /// No route has this path.
        case notFound
    }

    /// A table of `mappings`, already checked for conflicts (`ServeSetup` does).
    public init(_ mappings: [ServedMapping]) {
        self.mappings = mappings
    }

    /// The route `method` and `path` (raw, without the query) reach: among the templates that
    /// match the path, the most specific (a static segment beats a parameter, from the left).
    public func match(method: String, path: String) -> Match {
        let segments = RouteTemplate.segments(of: path)
        let method = method.uppercased()
        var best: (mapping: ServedMapping, parameters: [(name: String, value: String)])?
        var allowed: [String] = []
        var specific: [Bool]?
        for served in mappings {
            guard let parameters = served.template.match(segments) else { continue }
            let specificity = served.template.specificity
            if let current = specific, specificity != current {
                // A static segment beats a parameter, from the left: keep the more specific.
                guard current.lexicographicallyPrecedes(specificity, by: { !$0 && $1 }) else { continue }
                best = nil
                allowed = []
            }
            specific = specificity
            allowed.append(served.method)
            if served.method == method { best = (served, parameters) }
        }
        if let best { return .mapping(best.mapping, parameters: best.parameters) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed.sorted())
    }
}
