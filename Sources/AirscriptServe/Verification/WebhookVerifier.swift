import Airscript
import Crypto
import Foundation

/// Checks a delivery's signature by its route's scheme (serve.md §4.2): on the exact bytes
/// received, before anything is parsed; the MAC compared in constant time (swift-crypto's
/// `isValidAuthenticationCode`); any one of the secrets may match (rotation); a signed timestamp
/// outside the tolerance is stale.
public struct WebhookVerifier: Sendable {
    /// The scheme.
    public var scheme: SignatureScheme
    /// The secrets, resolved (`SecretReference`): any one may have signed.
    public var secrets: [String]
    /// Seconds a signed timestamp may be away from now; 0 turns the check off.
    public var tolerance: Int

    /// A verifier of `scheme` with `secrets`, 300 s of tolerance by default.
    public init(scheme: SignatureScheme, secrets: [String], tolerance: Int = 300) {
        self.scheme = scheme
        self.secrets = secrets
        self.tolerance = tolerance
    }

    /// Passes, or throws why not. `now` is in seconds since 1970.
    public func verify(_ delivery: SignedDelivery, now: Double) throws(VerificationFailure) {
        switch scheme {
        case .none: return
        case .standardWebhooks: try verifyStandardWebhooks(delivery, now: now)
        case .stripe: try verifyStripe(delivery, now: now)
        case .github:
            let header = try required("X-Hub-Signature-256", in: delivery)
            guard header.hasPrefix("sha256="), let mac = Hex.decode(header.dropFirst("sha256=".count)) else {
                throw .invalid("`X-Hub-Signature-256` is not `sha256=<hex>`")
            }
            try match(SHA256.self, [mac], over: [delivery.body], keys: secrets.map { Array($0.utf8) })
        case .shopify:
            let header = try required("X-Shopify-Hmac-SHA256", in: delivery)
            guard let mac = Base64.decode(header) else { throw .invalid("`X-Shopify-Hmac-SHA256` is not base64") }
            try match(SHA256.self, [mac], over: [delivery.body], keys: secrets.map { Array($0.utf8) })
        case .slack:
            let header = try required("X-Slack-Signature", in: delivery)
            let timestamp = try required("X-Slack-Request-Timestamp", in: delivery)
            guard header.hasPrefix("v0="), let mac = Hex.decode(header.dropFirst(3)) else {
                throw .invalid("`X-Slack-Signature` is not `v0=<hex>`")
            }
            try checkAge(unixTimestamp: timestamp, now: now, oneSided: false)
            try match(SHA256.self, [mac], over: [Array("v0:\(timestamp):".utf8) + delivery.body], keys: secrets.map { Array($0.utf8) })
        case .zendesk:
            let header = try required("X-Zendesk-Webhook-Signature", in: delivery)
            let timestamp = try required("X-Zendesk-Webhook-Signature-Timestamp", in: delivery)
            guard let mac = Base64.decode(header) else { throw .invalid("`X-Zendesk-Webhook-Signature` is not base64") }
            guard let instant = ISO8601Instant.parse(timestamp, zone: "UTC") else {
                throw .invalid("`X-Zendesk-Webhook-Signature-Timestamp` is not an ISO 8601 instant")
            }
            try checkAge(seconds: instant / 1000, text: timestamp, now: now, oneSided: false)
            try match(SHA256.self, [mac], over: [Array(timestamp.utf8) + delivery.body], keys: secrets.map { Array($0.utf8) })
        case .twilio: try verifyTwilio(delivery)
        }
    }

    // MARK: - The schemes with several parts

    private func verifyStandardWebhooks(_ delivery: SignedDelivery, now: Double) throws(VerificationFailure) {
        // Svix sends the same headers under its own names.
        let prefix = delivery.header("webhook-id") == nil && delivery.header("svix-id") != nil ? "svix" : "webhook"
        let id = try required("\(prefix)-id", in: delivery)
        let timestamp = try required("\(prefix)-timestamp", in: delivery)
        let header = try required("\(prefix)-signature", in: delivery)
        try checkAge(unixTimestamp: timestamp, now: now, oneSided: false)
        let macs = header.split(separator: " ").compactMap { entry -> [UInt8]? in
            guard entry.hasPrefix("v1,") else { return nil }
            return Base64.decode(entry.dropFirst(3))
        }
        guard !macs.isEmpty else { throw .invalid("no `v1,<base64>` signature in `\(prefix)-signature`") }
        let keys = secrets.compactMap { secret -> [UInt8]? in
            Base64.decode(secret.hasPrefix("whsec_") ? secret.dropFirst("whsec_".count) : secret[...])
        }
        try match(SHA256.self, macs, over: [Array("\(id).\(timestamp).".utf8) + delivery.body], keys: keys)
    }

    private func verifyStripe(_ delivery: SignedDelivery, now: Double) throws(VerificationFailure) {
        let header = try required("Stripe-Signature", in: delivery)
        var timestamp: Substring?
        var macs: [[UInt8]] = []
        for item in header.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            if key == "t" { timestamp = parts[1] }
            // Only v1 counts: v0 is Stripe's test-mode scheme, which it tells integrations to ignore.
            if key == "v1", let mac = Hex.decode(parts[1]) { macs.append(mac) }
        }
        guard let timestamp else { throw .invalid("`Stripe-Signature` has no timestamp `t=`") }
        guard !macs.isEmpty else { throw .invalid("`Stripe-Signature` has no `v1` signature") }
        // One-sided, as Stripe's libraries check: only too old fails.
        try checkAge(unixTimestamp: String(timestamp), now: now, oneSided: true)
        try match(SHA256.self, macs, over: [Array("\(timestamp).".utf8) + delivery.body], keys: secrets.map { Array($0.utf8) })
    }

    private func verifyTwilio(_ delivery: SignedDelivery) throws(VerificationFailure) {
        let header = try required("X-Twilio-Signature", in: delivery)
        guard let mac = Base64.decode(header) else { throw .invalid("`X-Twilio-Signature` is not base64") }
        var tail: [UInt8] = []
        if delivery.isForm {
            guard let fields = FormFields.decode(delivery.body) else { throw .invalid("the form body cannot be decoded") }
            tail = Array(TwilioSigning.sortedFields(fields).utf8)
        } else {
            // A JSON body is signed through the URL: its `bodySHA256` must be the body's digest.
            guard let claimed = TwilioSigning.queryValue("bodySHA256", in: delivery.publicURL) else {
                throw .invalid("a body that is not a form needs `bodySHA256` in the URL")
            }
            let digest = Hex.encode(Array(SHA256.hash(data: delivery.body)))
            guard Hex.decode(claimed[...]).map({ Hex.encode($0) }) == digest else {
                throw .invalid("`bodySHA256` does not match the body")
            }
        }
        let messages = TwilioSigning.urlVariants(delivery.publicURL).map { Array($0.utf8) + tail }
        try match(Insecure.SHA1.self, [mac], over: messages, keys: secrets.map { Array($0.utf8) })
    }

    // MARK: - Parts

    private func required(_ name: String, in delivery: SignedDelivery) throws(VerificationFailure) -> String {
        guard let value = delivery.header(name), !value.isEmpty else { throw .missing(name) }
        return value
    }

    private func checkAge(unixTimestamp text: String, now: Double, oneSided: Bool) throws(VerificationFailure) {
        guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw .invalid("the timestamp `\(text)` is not a whole number of seconds")
        }
        try checkAge(seconds: Double(seconds), text: text, now: now, oneSided: oneSided)
    }

    private func checkAge(seconds: Double, text: String, now: Double, oneSided: Bool) throws(VerificationFailure) {
        guard tolerance > 0 else { return }
        let age = now - seconds
        if age > Double(tolerance) || (!oneSided && -age > Double(tolerance)) {
            throw .stale(timestamp: text, age: Int(age.rounded()), tolerance: tolerance)
        }
    }

    /// Passes when any MAC is that of any message under any key, compared in constant time.
    private func match<H: HashFunction>(
        _ hash: H.Type, _ macs: [[UInt8]], over messages: [[UInt8]], keys: [[UInt8]]
    )
        throws(VerificationFailure)
    {
        for key in keys {
            let symmetric = SymmetricKey(data: key)
            for message in messages {
                for mac in macs where HMAC<H>.isValidAuthenticationCode(mac, authenticating: message, using: symmetric) {
                    return
                }
            }
        }
        throw .invalid("no signature matches")
    }
}

/// Twilio's signing rules (serve.md §4.2): the URL as the caller used it, and the form's fields.
enum TwilioSigning {
    /// Each field's `name+value`, by name in code-unit order; a repeated name once per distinct
    /// value, its values sorted.
    static func sortedFields(_ fields: [(name: String, value: String)]) -> String {
        var byName: [String: Set<String>] = [:]
        for field in fields { byName[field.name, default: []].insert(field.value) }
        var tail = ""
        for name in byName.keys.sorted(by: { $0.utf16.lexicographicallyPrecedes($1.utf16) }) {
            for value in byName[name]!.sorted(by: { $0.utf16.lexicographicallyPrecedes($1.utf16) }) {
                tail += name + value
            }
        }
        return tail
    }

    /// The URL as given, and with the scheme's default port added (or taken out), as Twilio's
    /// libraries try both.
    static func urlVariants(_ url: String) -> [String] {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { return [url] }
        let defaultPort = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        guard let defaultPort else { return [url] }
        if components.port == nil {
            components.port = defaultPort
        } else if components.port == defaultPort {
            components.port = nil
        } else {
            return [url]
        }
        return [url] + (components.string.map { [$0] } ?? [])
    }

    static func queryValue(_ name: String, in url: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
    }
}

/// Hexadecimal digits, as the signature headers write MACs (the language's own hex helpers).
enum Hex {
    static func decode(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for k in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = hexValue(of: digits[k..<k + 2]) else { return nil }
            bytes.append(UInt8(byte))
        }
        return bytes
    }

    static func encode(_ bytes: [UInt8]) -> String {
        hexText(bytes)
    }
}

/// Base64, as the signature headers write MACs.
enum Base64 {
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        Data(base64Encoded: String(text).trimmingCharacters(in: .whitespaces)).map(Array.init)
    }
}
