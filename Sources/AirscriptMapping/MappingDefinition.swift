import Airscript

/// A journey mapping as written in a mapping file (spec/mapping.md §5), before compilation: the
/// mapping layer's own reading of the file, not a public API (`Mapping` is).
package struct MappingDefinition: Sendable {
    public enum Behavior: String, Sendable, CaseIterable {
        case start, replace, abort, lookup
    }

    public enum IdentifierType: String, Sendable, CaseIterable {
        case text
        case journeyID = "journey-id"
        case phone
    }

    public enum InputFormat: String, Sendable, CaseIterable {
        case payload, envelope
    }

    /// An expression and where it stands in the file.
    public struct Expression: Sendable {
        public var source: Source
        /// The slot it fills: what messages and diagnostics name, and its random stream.
        public var slot: Slot
        /// How the file writes it: plain, quoted or a block (formatting keeps the style).
        package var style = ScalarStyle.plain
        /// Written in YAML double quotes, which YAML took as its own: `"pr-{{…}}"` reaches Airscript
        /// without them.
        var yamlDoubleQuoted: Bool { style == .doubleQuoted }
    }

    public struct Header: Sendable {
        /// A literal name (map form), or an expression (list form).
        public var literalName: String?
        public var name: Expression?
        public var value: Expression
    }

    public struct Settings: Sendable {
        public var timezone = "UTC"
        public var locale = "en-US"
        public var defaultRegion: String?
        public var canvasBaseUrl = "https://app.airkit.com/u"
        /// `allow` and `strict`: what the mapping's own checks hide or fail on.
        public var policy = DiagnosticPolicy()
    }

    public var path: String
    public var name = ""
    public var description: String?
    public var sourceKind = "app-api"
    public var method: String?
    public var route: String?
    /// What `serve` needs beyond the route (serve.md §2–§5).
    public var serve = ServeSource()
    /// `source.dedupe`: the delivery key, over `payload` and `request` (serve.md §5).
    public var dedupe: Expression?
    /// `source.when`: deliveries for which it is not TRUE are ignored (serve.md §10).
    public var when: Expression?
    public var settings = Settings()
    public var inputFormat = InputFormat.payload
    public var payloadSample: Value?
    package var payloadTypes: [(path: String, segments: [TypeAnnotations.Segment], type: StaticType, span: SourceSpan)] = []
    public var payloadClosed = false
    public var validationInputs: [(name: String, expression: Expression)] = []
    public var connectionSample: Value?
    public var connectionType: StaticType?
    public var connectionValue: Value?
    public var validation: Expression?
    public var hasValidation = false
    public var behavior = Behavior.start
    public var onNoMatchStart = false
    public var onNoMatchSpan: SourceSpan?
    public var identifierType = IdentifierType.text
    public var identifier: Expression?
    public var identifierRegion: String?
    public var startParameters: Expression?
    public var eventPayload: Expression?
    public var multiple: Expression?
    public var status: Expression?
    public var headers: [Header] = []
    public var body: Expression?
    public var functions: [UserFunction] = []
    /// Where each function's declaration starts, for M0314.
    public var functionSpans: [String: SourceSpan] = [:]
    /// How the file writes each user-defined function's body, by upper-cased name.
    package var functionStyles: [String: ScalarStyle] = [:]
    /// The files the mapping's samples were read from (an editor re-checks when one changes).
    public var sampleFiles: [String] = []
    /// Where `journey.behavior` is written, for cross-field messages.
    public var behaviorSpan = SourceSpan.none
    public var routeSpan = SourceSpan.none
    /// Where the `source` section stands, for serve's messages about it.
    public var sourceSpan = SourceSpan.none
}
