/// The webhook signature schemes a subscription route can require (serve.md §4.2): how a provider
/// signs the exact bytes it sends.
public enum SignatureScheme: String, Sendable, CaseIterable {
    /// Standard Webhooks (also Svix's `svix-*` header names): `{id}.{timestamp}.{body}`,
    /// HMAC-SHA256, base64; the key is the secret after `whsec_`, base64-decoded.
    case standardWebhooks = "standard-webhooks"
    /// Stripe: `Stripe-Signature: t=…,v1=<hex>`, `{t}.{body}`, HMAC-SHA256; only `v1` counts.
    case stripe
    /// GitHub: `X-Hub-Signature-256: sha256=<hex>` over the body.
    case github
    /// Twilio: `X-Twilio-Signature`, HMAC-SHA1 over the public URL and the sorted form fields (or
    /// the URL with `bodySHA256` for a JSON body).
    case twilio
    /// Zendesk: `X-Zendesk-Webhook-Signature` over `{timestamp}{body}`, HMAC-SHA256, base64.
    case zendesk
    /// Shopify: `X-Shopify-Hmac-SHA256` over the body, base64.
    case shopify
    /// Slack: `X-Slack-Signature: v0=<hex>` over `v0:{timestamp}:{body}`.
    case slack
    /// No signature: only with an address allow-list or an organization check, or for local tests.
    case none

    /// Whether the scheme signs a timestamp, which the tolerance applies to.
    public var hasTimestamp: Bool {
        switch self {
        case .standardWebhooks, .stripe, .zendesk, .slack: true
        case .github, .twilio, .shopify, .none: false
        }
    }
}
