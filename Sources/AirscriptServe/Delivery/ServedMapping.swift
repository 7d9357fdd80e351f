import Airscript
import AirscriptMapping
import Crypto
import Foundation

/// A mapping as `serve` mounts it (serve.md §2): its route and method, how its callers are
/// checked, where its delivery keys come from, and the processor that maps its deliveries.
public final class ServedMapping: Sendable {
    /// The mapping.
    public let mapping: Mapping
    /// Runs it.
    public let processor: RecordProcessor
    /// `POST`, or `GET` for an App API that says so.
    public let method: String
    /// The route.
    public let template: RouteTemplate
    /// The webhook signature check; nil for App APIs and `scheme: none`.
    public let verifier: WebhookVerifier?
    /// The bearer token check of an App API with `auth.bearer`.
    public let bearer: (any BearerAuthenticator)?
    /// Who may call: empty allows everyone.
    public let allowList: AddressAllowList
    /// Where delivery keys come from.
    public let keyRule: DeliveryKeyRule
    /// The mapping's name.
    public var name: String { mapping.name }
    /// Whether it is an App API (`payload` is the envelope) rather than a subscription.
    public var isAppAPI: Bool { mapping.definition.sourceKind == "app-api" }
    /// CORS (App APIs).
    public var cors: ServeSource.CORS? { mapping.definition.serve.cors }
    /// The file's SHA-256 (hex), for `/_airscript/ready`.
    public var digest: String { hexText(Array(SHA256.hash(data: Array(mapping.file.text.utf8)))) }

    /// A mounted mapping.
    public init(
        mapping: Mapping, processor: RecordProcessor, method: String, template: RouteTemplate, verifier: WebhookVerifier?,
        bearer: (any BearerAuthenticator)?, allowList: AddressAllowList, keyRule: DeliveryKeyRule
    ) {
        self.mapping = mapping
        self.processor = processor
        self.method = method
        self.template = template
        self.verifier = verifier
        self.bearer = bearer
        self.allowList = allowList
        self.keyRule = keyRule
    }
}
