import Airscript

/// Where a route's delivery key comes from (serve.md §5): a provider's header or payload field,
/// or the mapping's own `source.dedupe` expression; none for routes whose deliveries carry none.
public enum DeliveryKeyRule: Sendable, Equatable {
    /// A request header (its name lower-cased).
    case header(String)
    /// A top-level field of the payload (Stripe's event `id`, Slack's `event_id`).
    case payloadField(String)
    /// `source.dedupe`, evaluated over `payload` and `request`.
    case expression
    /// No key: every delivery is mapped.
    case none

    /// The default for a route: by its verification scheme, else its provider; App APIs by the
    /// `Idempotency-Key` header.
    public static func defaultRule(kind: String, provider: String?, scheme: SignatureScheme?) -> DeliveryKeyRule {
        if kind == "app-api" { return .header("idempotency-key") }
        switch scheme ?? provider.flatMap(SignatureScheme.init(rawValue:)) {
        case .standardWebhooks?: return .header("webhook-id")
        case .github?: return .header("x-github-delivery")
        case .stripe?: return .payloadField("id")
        case .shopify?: return .header("x-shopify-webhook-id")
        case .twilio?: return .header("i-twilio-idempotency-token")
        case .zendesk?: return .header("x-zendesk-webhook-invocation-id")
        case .slack?: return .payloadField("event_id")
        case .none?, nil: return .none
        }
    }

    /// The key of a delivery under a fixed rule: nil for `expression` (the caller evaluates it) and
    /// when the delivery has none. Svix's `svix-id` stands for `webhook-id`.
    public func key(headers: [(name: String, value: String)], payload: Value) -> String? {
        switch self {
        case .header(let name):
            let names = name == "webhook-id" ? ["webhook-id", "svix-id"] : [name]
            let value = headers.last { names.contains($0.name.lowercased()) }?.value
            return value.flatMap { $0.isEmpty ? nil : $0 }
        case .payloadField(let field):
            return DeliveryKeyRule.text(payload.member(field))
        case .expression, .none:
            return nil
        }
    }

    /// A key value as text: Text as is, a number or Boolean rendered; NULL, empty and anything
    /// else are no key.
    public static func text(_ value: Value) -> String? {
        switch value {
        case .text(let s): return s.isEmpty ? nil : s
        case .number, .bool: return value.renderedText
        default: return nil
        }
    }
}
