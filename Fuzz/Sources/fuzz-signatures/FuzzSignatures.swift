import AirscriptServe
import FuzzSupport

/// Every signature header parser (serve.md §4.2) on what strangers send. The first byte picks the
/// scheme; the rest is split at 0x00 bytes into the values of that scheme's headers, a public URL
/// and the body.
@_cdecl("fuzz_signatures_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.run(argc, argv) { data, size in fuzz(data ?? UnsafePointer(bitPattern: 1)!, size) }
}

let headerNames = [
    "webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-timestamp", "svix-signature", "Stripe-Signature",
    "X-Hub-Signature-256", "X-Twilio-Signature", "X-Zendesk-Webhook-Signature", "X-Zendesk-Webhook-Signature-Timestamp",
    "X-Shopify-Hmac-SHA256", "X-Slack-Signature", "X-Slack-Request-Timestamp",
]

func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzInput.bytes(data, size)
    guard let selector = bytes.first else { return 0 }
    let schemes = SignatureScheme.allCases
    let scheme = schemes[Int(selector) % schemes.count]
    let parts = bytes.dropFirst().split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    var headers: [(name: String, value: String)] = []
    for (name, value) in zip(headerNames, parts) where !value.isEmpty { headers.append((name, value)) }
    let url = parts.count > headerNames.count ? parts[headerNames.count] : "https://example.com/hook?bodySHA256=00"
    let body = Array((parts.last ?? "").utf8)
    let delivery = SignedDelivery(headers: headers, body: body, publicURL: url, isForm: selector & 0x80 != 0)
    let verifier = WebhookVerifier(scheme: scheme, secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "secret"], tolerance: Int(selector % 4) * 300)
    _ = try? verifier.verify(delivery, now: 1_700_000_000)
    return 0
}
