import Airscript
import AirscriptServe
import Testing

/// The payload envelope of serve.md §3: what a mapping sees of a request.
@Suite struct RequestEnvelopeTests {
    static func request(
        method: String = "POST", query: String? = nil, headers: [(String, String)] = [], body: String = ""
    ) -> ReceivedRequest {
        ReceivedRequest(
            method: method, path: "/leads/1001", query: query, headers: headers.map { (name: $0.0, value: $0.1) },
            body: Array(body.utf8), pathParameters: [(name: "id", value: "1001")])
    }

    @Test func theDocumentedEnvelope() throws {
        let (envelope, body) = try RequestEnvelope.build(
            Self.request(
                query: "utm_source=mail&tag=a&tag=b&flag",
                headers: [
                    ("Host", "leads.example.com:8080"), ("Content-Type", "application/json; charset=utf-8"),
                    ("X-Request-Id", "r1"), ("Accept", "text/html"), ("accept", "*/*"), ("Authorization", "Bearer secret"),
                    ("Cookie", "session=abc; theme=\"dark\"; session=later; junk"),
                ], body: #"{"first_name": "Dana"}"#))
        var expected = Value.Object()
        expected["fqdn"] = "leads.example.com"
        expected["host"] = "leads.example.com:8080"
        expected["httpVersion"] = "1.1"
        expected["method"] = "POST"
        expected["path"] = "/leads/1001"
        expected["pathMapping"] = ["id": "1001"]
        expected["queryParams"] = ["utm_source": "mail", "tag": ["a", "b"], "flag": ""]
        expected["header"] = [
            "host": "leads.example.com:8080", "content-type": "application/json; charset=utf-8", "x-request-id": "r1",
            "accept": "text/html, */*",
        ]
        expected["cookies"] = ["session": "abc", "theme": "dark"]
        expected["body"] = ["first_name": "Dana"]
        #expect(envelope == .object(expected))
        #expect(body == ["first_name": "Dana"])
    }

    static let bodies: [(String, String, Value)] = [
        (
            "application/x-www-form-urlencoded", "From=%2B14155550132&Body=Hi+there&To=a&To=b",
            ["From": "+14155550132", "Body": "Hi there", "To": ["a", "b"]]
        ),
        ("application/vnd.github+json", #"[1, 2]"#, [1, 2]),
        ("text/plain; charset=UTF-8", "hello", "hello"),
        ("text/csv", "a,b", "a,b"),
        ("APPLICATION/JSON", "null", .null),
    ]

    @Test(arguments: bodies)
    func bodiesByContentType(_ contentType: String, _ body: String, _ expected: Value) throws {
        let (envelope, parsed) = try RequestEnvelope.build(Self.request(headers: [("Content-Type", contentType)], body: body))
        #expect(parsed == expected)
        #expect(envelope.member("body") == expected)
    }

    @Test func noBodyIsAbsentNotNull() throws {
        for headers in [[], [("Content-Type", "application/json")]] {
            let (envelope, body) = try RequestEnvelope.build(Self.request(method: "get", headers: headers))
            #expect(body == nil)
            guard case .object(let fields) = envelope else {
                Issue.record("not an object")
                return
            }
            #expect(fields["body"] == nil)
            #expect(fields["method"] == "GET")
            #expect(fields["fqdn"] == "")
        }
    }

    @Test(arguments: [
        ([("Content-Type", "application/xml")], "<a/>", 415, "S0410"),
        ([], "x", 415, "S0410"),
        ([("Content-Type", "application/json; charset=latin1")], "{}", 415, "S0410"),
        ([("Content-Type", "application/json"), ("Content-Encoding", "gzip")], "{}", 415, "S0410"),
        ([("Content-Type", "application/json")], "{", 400, "M0201"),
        ([("Content-Type", "application/x-www-form-urlencoded")], "a=%zz", 400, "M0201"),
        ([("Content-Type", "text/plain")], "\u{FFFD}", 0, ""),
    ])
    func unreadableBodiesAreRefused(_ headers: [(String, String)], _ body: String, _ status: Int, _ code: String) {
        let request = Self.request(headers: headers, body: body)
        if status == 0 {
            #expect(throws: Never.self) { try RequestEnvelope.build(request) }
            return
        }
        let failure = #expect(throws: EnvelopeFailure.self) { try RequestEnvelope.build(request) }
        #expect(failure?.status == status)
        #expect(failure?.code == code)
    }

    @Test func invalidUTF8TextIsRefused() {
        var request = Self.request(headers: [("Content-Type", "text/plain")])
        request.body = [0x66, 0xFF, 0x6F]
        let failure = #expect(throws: EnvelopeFailure.self) { try RequestEnvelope.build(request) }
        #expect(failure?.status == 400)
    }

    @Test func jsonLimitsApply() {
        var options = JSONReader.Options()
        options.maxDepth = 3
        let request = Self.request(headers: [("Content-Type", "application/json")], body: "[[[[1]]]]")
        let failure = #expect(throws: EnvelopeFailure.self) { try RequestEnvelope.build(request, json: options) }
        #expect(failure?.code == "M0201")
    }

    @Test(arguments: [("example.com", "example.com"), ("example.com:8080", "example.com"), ("[::1]:80", "[::1]"), ("", "")])
    func fqdnIsTheHostWithoutItsPort(_ host: String, _ fqdn: String) throws {
        let (envelope, _) = try RequestEnvelope.build(Self.request(headers: [("Host", host)]))
        #expect(envelope.member("fqdn") == .text(fqdn))
    }
}
