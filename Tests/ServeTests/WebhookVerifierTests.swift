import AirscriptServe
import Foundation
import Testing

/// Webhook signatures (serve.md §4.2): every published test vector passes, and for each scheme a
/// tampered body, a wrong secret, a missing header and (where a timestamp is signed) a stale one
/// are refused with their codes.
@Suite struct WebhookVerifierTests {
    /// One signed delivery as a provider sends it.
    struct Vector: CustomTestStringConvertible, Sendable {
        var name: String
        var scheme: SignatureScheme
        var secret: String
        var headers: [String: String]
        var body: String
        var url: String = ""
        var isForm = false
        /// When it was sent, in seconds since 1970: the verifier's `now`.
        var now: Double = 0
        /// The header holding the signature, and one more that must be there, for the missing-header cases.
        var signatureHeader: String
        var testDescription: String { name }

        var delivery: SignedDelivery {
            SignedDelivery(headers: headers.map { ($0.key, $0.value) }, body: Array(body.utf8), publicURL: url, isForm: isForm)
        }
    }

    static let twilioFields =
        "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212"

    static let vectors: [Vector] = [
        Vector(
            name: "standard-webhooks", scheme: .standardWebhooks, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            headers: [
                "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
                "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            ], body: #"{"test": 2432232314}"#, now: 1_614_265_330, signatureHeader: "webhook-signature"),
        Vector(
            name: "svix header names", scheme: .standardWebhooks, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            headers: [
                "svix-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "svix-timestamp": "1614265330",
                "svix-signature": "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            ], body: #"{"test": 2432232314}"#, now: 1_614_265_330, signatureHeader: "svix-signature"),
        Vector(
            name: "github (docs)", scheme: .github, secret: "It's a Secret to Everybody",
            headers: ["X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"],
            body: "Hello, World!", signatureHeader: "X-Hub-Signature-256"),
        Vector(
            name: "github (SDK)", scheme: .github, secret: "mysecret",
            headers: ["x-hub-signature-256": "sha256=e3eccac34c43c7dc1cbb905488b1b81347fcc700a7b025697a9d07862256023f"],
            body: "{\n  \"foo\": \"bar\"\n}\n", signatureHeader: "X-Hub-Signature-256"),
        Vector(
            name: "slack", scheme: .slack, secret: "8f742231b10e8888abcd99yyyzzz85a5",
            headers: [
                "X-Slack-Signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
                "X-Slack-Request-Timestamp": "1531420618",
            ],
            body:
                "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
            now: 1_531_420_618, signatureHeader: "X-Slack-Signature"),
        Vector(
            name: "twilio form", scheme: .twilio, secret: "12345", headers: ["X-Twilio-Signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="],
            body: twilioFields, url: "https://mycompany.com/myapp.php?foo=1&bar=2", isForm: true, signatureHeader: "X-Twilio-Signature"),
        Vector(
            name: "twilio form, signed with the port", scheme: .twilio, secret: "12345",
            headers: ["X-Twilio-Signature": "kvajT1Ptam85bY51eRf/AJRuM3w="], body: twilioFields,
            url: "https://mycompany.com/myapp.php?foo=1&bar=2", isForm: true, signatureHeader: "X-Twilio-Signature"),
        Vector(
            name: "twilio form, received with the port", scheme: .twilio, secret: "12345",
            headers: ["X-Twilio-Signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="], body: twilioFields,
            url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", isForm: true, signatureHeader: "X-Twilio-Signature"),
        Vector(
            name: "twilio repeated fields", scheme: .twilio, secret: "12345",
            headers: ["X-Twilio-Signature": "IK+Dwps556ElfBT0I3Rgjkr1wJU="],
            body: "Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234",
            url: "https://mycompany.com/myapp.php?foo=1&bar=2", isForm: true, signatureHeader: "X-Twilio-Signature"),
        Vector(
            name: "twilio JSON", scheme: .twilio, secret: "12345", headers: ["X-Twilio-Signature": "a9nBmqA0ju/hNViExpshrM61xv4="],
            body: #"{"property": "value", "boolean": true}"#,
            url:
                "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620",
            signatureHeader: "X-Twilio-Signature"),
        Vector(
            name: "stripe", scheme: .stripe, secret: "whsec_test_secret",
            headers: ["Stripe-Signature": "t=1700000000,v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990"],
            body: #"{"id":"evt_test_webhook","object":"event"}"#, now: 1_700_000_000, signatureHeader: "Stripe-Signature"),
        Vector(
            name: "stripe, v0 and a rotated v1", scheme: .stripe, secret: "whsec_test_secret",
            headers: [
                "Stripe-Signature":
                    "t=1700000000, v1=00112233, v0=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990, v1=d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990"
            ], body: #"{"id":"evt_test_webhook","object":"event"}"#, now: 1_700_000_000, signatureHeader: "Stripe-Signature"),
        Vector(
            name: "zendesk", scheme: .zendesk, secret: "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==",
            headers: [
                "X-Zendesk-Webhook-Signature": "gf3v0LzLRHPUnIdhbvwRDVEvzSb07/QN0GYjSNlkBT0=",
                "X-Zendesk-Webhook-Signature-Timestamp": "2021-07-25T10:00:00Z",
            ], body: #"{"say": "hello"}"#, now: 1_627_207_200, signatureHeader: "X-Zendesk-Webhook-Signature"),
        Vector(
            name: "shopify", scheme: .shopify, secret: "hush",
            headers: ["X-Shopify-Hmac-SHA256": "V9RIXFzn4GCoDAfZICebD/DTE//XoA9QtqGbU1Fz2os="],
            body: #"{"id":123456789,"total_price":"99.00"}"#, signatureHeader: "X-Shopify-Hmac-SHA256"),
    ]

    @Test(arguments: vectors)
    func publishedVectorsPass(_ vector: Vector) throws {
        try WebhookVerifier(scheme: vector.scheme, secrets: [vector.secret]).verify(vector.delivery, now: vector.now)
        // Rotation: the right secret second in the list still matches.
        try WebhookVerifier(scheme: vector.scheme, secrets: ["whsec_b2xk", vector.secret]).verify(vector.delivery, now: vector.now)
    }

    @Test(arguments: vectors)
    func aTamperedBodyIsRefused(_ vector: Vector) throws {
        var delivery = vector.delivery
        delivery.body[delivery.body.count / 2] ^= 0x01
        let failure = #expect(throws: VerificationFailure.self) {
            try WebhookVerifier(scheme: vector.scheme, secrets: [vector.secret]).verify(delivery, now: vector.now)
        }
        #expect(failure?.code == "S0402", "\(String(describing: failure))")
        #expect(failure?.status == 401)
    }

    @Test(arguments: vectors)
    func aWrongSecretIsRefused(_ vector: Vector) throws {
        let failure = #expect(throws: VerificationFailure.self) {
            try WebhookVerifier(scheme: vector.scheme, secrets: ["whsec_" + "c2VjcmV0", "not the secret"]).verify(
                vector.delivery, now: vector.now)
        }
        #expect(failure?.code == "S0402")
        #expect(failure?.reason == "invalid signature: no signature matches")
    }

    @Test(arguments: vectors)
    func aMissingSignatureHeaderIsRefused(_ vector: Vector) throws {
        var delivery = vector.delivery
        delivery.headers.removeAll { $0.name.lowercased() == vector.signatureHeader.lowercased() }
        let failure = #expect(throws: VerificationFailure.self) {
            try WebhookVerifier(scheme: vector.scheme, secrets: [vector.secret]).verify(delivery, now: vector.now)
        }
        #expect(failure?.code == "S0401", "\(String(describing: failure))")
    }

    @Test(arguments: vectors.filter { $0.scheme.hasTimestamp })
    func aStaleTimestampIsRefused(_ vector: Vector) throws {
        let verifier = WebhookVerifier(scheme: vector.scheme, secrets: [vector.secret], tolerance: 300)
        let failure = #expect(throws: VerificationFailure.self) { try verifier.verify(vector.delivery, now: vector.now + 301) }
        #expect(failure?.code == "S0403")
        #expect(failure?.reason.contains("(tolerance 300 s)") == true)
        // Within the tolerance it passes; a tolerance of 0 turns the check off.
        try verifier.verify(vector.delivery, now: vector.now + 299)
        try WebhookVerifier(scheme: vector.scheme, secrets: [vector.secret], tolerance: 0).verify(vector.delivery, now: vector.now + 1e6)
        // From the future: refused except by Stripe, whose check is one-sided.
        if vector.scheme == .stripe {
            try verifier.verify(vector.delivery, now: vector.now - 10_000)
        } else {
            #expect(throws: VerificationFailure.self) { try verifier.verify(vector.delivery, now: vector.now - 10_000) }
        }
    }

    /// Headers that are there but unreadable are S0402, not a crash or a pass.
    @Test(arguments: [
        (SignatureScheme.github, "X-Hub-Signature-256", "sha1=abc"), (.github, "X-Hub-Signature-256", "sha256=zz"),
        (.stripe, "Stripe-Signature", "v1=00"), (.stripe, "Stripe-Signature", "t=1700000000"),
        (.slack, "X-Slack-Signature", "v1=00"), (.shopify, "X-Shopify-Hmac-SHA256", "%%%"),
        (.twilio, "X-Twilio-Signature", "not base64!"),
    ])
    func unreadableHeadersAreInvalid(_ scheme: SignatureScheme, _ header: String, _ value: String) throws {
        var vector = try #require(Self.vectors.first { $0.scheme == scheme })
        vector.headers[vector.headers.keys.first { $0.lowercased() == header.lowercased() } ?? header] = value
        let failure = #expect(throws: VerificationFailure.self) {
            try WebhookVerifier(scheme: scheme, secrets: [vector.secret]).verify(vector.delivery, now: vector.now)
        }
        #expect(failure?.code == "S0402", "\(String(describing: failure))")
    }

    @Test func noneAcceptsAnything() throws {
        try WebhookVerifier(scheme: .none, secrets: []).verify(SignedDelivery(headers: [], body: []), now: 0)
    }
}

/// What `WebhookSigner` signs, `WebhookVerifier` accepts: for every scheme, a JSON and a form body.
@Suite struct WebhookSignerTests {
    @Test(arguments: SignatureScheme.allCases.filter { $0 != .none })
    func signedDeliveriesVerify(_ scheme: SignatureScheme) throws {
        for (body, isForm) in [(#"{"id":"evt_1","n":[1,2]}"#, false), ("From=%2B14155550132&Body=Hi+there", true)] {
            let secret = scheme == .standardWebhooks ? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" : "s3cr3t"
            let (headers, url) = WebhookSigner.sign(
                Array(body.utf8), scheme: scheme, secret: secret, url: "https://hooks.example.com/sms?x=1", now: 1_700_000_000)
            #expect(!headers.isEmpty)
            let delivery = SignedDelivery(headers: headers, body: Array(body.utf8), publicURL: url, isForm: isForm)
            try WebhookVerifier(scheme: scheme, secrets: [secret]).verify(delivery, now: 1_700_000_010)
            #expect(throws: VerificationFailure.self) {
                try WebhookVerifier(scheme: scheme, secrets: ["another"]).verify(delivery, now: 1_700_000_010)
            }
        }
    }
}
