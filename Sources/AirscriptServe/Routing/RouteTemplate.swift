import Foundation

/// A route's path template (serve.md §2, §10 "Routing"): static segments and `{name}` parameters.
/// Matching is on the raw, still percent-encoded segments, so `%2F` stays inside one parameter;
/// parameters are decoded after. Paths are case-sensitive; a trailing slash is not significant.
public struct RouteTemplate: Sendable, Hashable, CustomStringConvertible {
    /// One segment of the template.
    public enum Segment: Sendable, Hashable {
        /// Matches exactly this text.
        case literal(String)
        /// Matches any one non-empty segment, given to the mapping under this name.
        case parameter(String)

        /// The segment as a template writes it.
        var written: String {
            switch self {
            case .literal(let text): text
            case .parameter(let name): "{\(name)}"
            }
        }
    }

    /// The segments, without the empty ones a leading or trailing slash makes.
    public let segments: [Segment]
    /// How specific the template is, for choosing among several that match: a static segment
    /// beats a parameter, earliest segment first. Kept, not computed at every request.
    let specificity: [Bool]

    init(segments: [Segment]) {
        self.segments = segments
        self.specificity = segments.map { if case .literal = $0 { true } else { false } }
    }

    /// The template as written, normalised: `/leads/{id}`.
    public var description: String {
        "/" + segments.map(\.written).joined(separator: "/")
    }

    /// Reads a template; the reason it is not one (S0104) otherwise.
    public static func parse(_ text: String) -> Result<RouteTemplate, RouteTemplateError> {
        guard text.hasPrefix("/") else { return .failure(RouteTemplateError(reason: "it must start with `/`")) }
        if text.contains("?") || text.contains("#") {
            return .failure(RouteTemplateError(reason: "a route has no query or fragment"))
        }
        var segments: [Segment] = []
        var names = Set<String>()
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (k, part) in parts.enumerated() {
            if part.isEmpty {
                // Only a trailing slash may make an empty segment.
                if k == parts.count - 1 { continue }
                return .failure(RouteTemplateError(reason: "it has an empty segment (`//`)"))
            }
            if part.hasPrefix("{") || part.hasSuffix("}") {
                let name = String(part.dropFirst().dropLast())
                guard part.hasPrefix("{") && part.hasSuffix("}"), !name.isEmpty,
                    name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
                else {
                    return .failure(RouteTemplateError(reason: "`\(part)` is not a parameter: write `{name}` with letters, digits and `_`"))
                }
                guard names.insert(name).inserted else {
                    return .failure(RouteTemplateError(reason: "parameter `{\(name)}` appears twice"))
                }
                segments.append(.parameter(name))
            } else {
                if part.contains("{") || part.contains("}") {
                    return .failure(RouteTemplateError(reason: "`\(part)` mixes text and a parameter; a parameter is a whole segment"))
                }
                segments.append(.literal(String(part)))
            }
        }
        return .success(RouteTemplate(segments: segments))
    }

    /// Whether it lies under the server's own `/_airscript/` (S0103).
    public var isReserved: Bool {
        if case .literal("_airscript")? = segments.first { return true }
        return false
    }

    /// The parameters when `path` (raw, without the query) matches, decoded; nil otherwise.
    public func match(_ path: [Substring]) -> [(name: String, value: String)]? {
        guard path.count == segments.count else { return nil }
        var parameters: [(name: String, value: String)] = []
        for (segment, part) in zip(segments, path) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters.append((name, String(part).removingPercentEncoding ?? String(part)))
            }
        }
        return parameters
    }

    /// The segments of a request path: empty ones (a trailing slash) dropped.
    public static func segments(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}

/// Why a route is not a valid path template (S0104).
public struct RouteTemplateError: Error, Sendable, Equatable {
    /// The reason, for the message.
    public var reason: String
}
