import Airscript
import Crypto
import Foundation

/// Signs a body as a provider would (serve.md §10, "A helper for senders"): the headers that make
/// `WebhookVerifier` accept it, so that examples and tests can send signed deliveries with curl.
public enum WebhookSigner {
    /// The headers for `body`, signed with `secret` by `scheme` at `now` (seconds since 1970).
    /// `url` is the public URL (Twilio signs it; for a body that is not a form, the URL to send to
    /// gains `bodySHA256`, returned as `url`). `id` names the delivery where the provider sends one.
    public static func sign(
        _ body: [UInt8], scheme: SignatureScheme, secret: String, url: String = "", now: Double,
        id: String = "msg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    ) -> (headers: [(name: String, value: String)], url: String) {
        let key = Array(secret.utf8)
        let timestamp = String(Int(now))
        switch scheme {
        case .none:
            return ([], url)
        case .standardWebhooks:
            let decoded = Base64.decode(secret.hasPrefix("whsec_") ? secret.dropFirst("whsec_".count) : secret[...]) ?? key
            let mac = hmac(SHA256.self, Array("\(id).\(timestamp).".utf8) + body, decoded)
            return (
                [
                    ("webhook-id", id), ("webhook-timestamp", timestamp),
                    ("webhook-signature", "v1," + Data(mac).base64EncodedString()),
                ], url
            )
        case .stripe:
            let mac = hmac(SHA256.self, Array("\(timestamp).".utf8) + body, key)
            return ([("Stripe-Signature", "t=\(timestamp),v1=\(Hex.encode(mac))")], url)
        case .github:
            return (
                [
                    ("X-GitHub-Delivery", UUID().uuidString.lowercased()),
                    ("X-Hub-Signature-256", "sha256=" + Hex.encode(hmac(SHA256.self, body, key))),
                ],
                url
            )
        case .shopify:
            return ([("X-Shopify-Webhook-Id", id), ("X-Shopify-Hmac-SHA256", Data(hmac(SHA256.self, body, key)).base64EncodedString())], url)
        case .slack:
            let mac = hmac(SHA256.self, Array("v0:\(timestamp):".utf8) + body, key)
            return ([("X-Slack-Request-Timestamp", timestamp), ("X-Slack-Signature", "v0=" + Hex.encode(mac))], url)
        case .zendesk:
            let instant = ISO8601Instant.format(now.rounded(.down) * 1000)
            let mac = hmac(SHA256.self, Array(instant.utf8) + body, key)
            return (
                [
                    ("X-Zendesk-Webhook-Invocation-Id", id), ("X-Zendesk-Webhook-Signature-Timestamp", instant),
                    ("X-Zendesk-Webhook-Signature", Data(mac).base64EncodedString()),
                ], url
            )
        case .twilio:
            var signedURL = url
            var tail: [UInt8] = []
            if let fields = FormFields.decode(body), !body.isEmpty, body.first != UInt8(ascii: "{"), body.first != UInt8(ascii: "[") {
                tail = Array(TwilioSigning.sortedFields(fields).utf8)
            } else {
                let digest = Hex.encode(Array(SHA256.hash(data: body)))
                signedURL += (url.contains("?") ? "&" : "?") + "bodySHA256=" + digest
            }
            let mac = hmac(Insecure.SHA1.self, Array(signedURL.utf8) + tail, key)
            return ([("X-Twilio-Signature", Data(mac).base64EncodedString())], signedURL)
        }
    }

    static func hmac<H: HashFunction>(_ hash: H.Type, _ message: [UInt8], _ key: [UInt8]) -> [UInt8] {
        Array(HMAC<H>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}
