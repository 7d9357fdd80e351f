import AirscriptServe
import Foundation
import Testing

/// Form bodies (and query strings) as the envelope and Twilio's signature read them, and secrets
/// named by reference (serve.md §3, §4).
@Suite struct FormAndSecretTests {
    @Test(arguments: [
        ("a=1&b=2", [("a", "1"), ("b", "2")]),
        ("name=Dana+Reyes&city=Palo%20Alto", [("name", "Dana Reyes"), ("city", "Palo Alto")]),
        ("From=%2B14155550132&Body=Hi%21", [("From", "+14155550132"), ("Body", "Hi!")]),
        ("tag=a&tag=b", [("tag", "a"), ("tag", "b")]),
        ("flag&x=", [("flag", ""), ("x", "")]),
        ("&&a=1&", [("a", "1")]),
        ("", []),
        ("eq=a=b", [("eq", "a=b")]),
        ("caf%C3%A9=%E2%82%AC", [("café", "€")]),
        ("A%2b=%2F", [("A+", "/")]),
    ])
    func formsDecode(_ body: String, _ expected: [(String, String)]) throws {
        let fields = try #require(FormFields.decode(Array(body.utf8)))
        #expect(fields.map(\.name) == expected.map(\.0))
        #expect(fields.map(\.value) == expected.map(\.1))
    }

    @Test(arguments: ["a=%", "a=%4", "a=%zz", "%G0=1", "a=%FF", "a=%C3"])
    func malformedFormsAreRefused(_ body: String) {
        #expect(FormFields.decode(Array(body.utf8)) == nil, "\(body)")
    }

    @Test func secretsComeFromTheEnvironmentOrAFile() throws {
        let environment = ["GH_SECRET": "s3cr3t", "EMPTY": ""]
        let files = ["/run/secret": Data("from a file\n".utf8), "/run/crlf": Data("token\r\n".utf8), "/run/empty": Data("\n".utf8)]
        let read: (String) -> Data? = { files[$0] }
        #expect(try SecretReference.resolve("env:GH_SECRET", key: "k", environment: environment, readFile: read) == "s3cr3t")
        #expect(try SecretReference.resolve("file:/run/secret", key: "k", environment: environment, readFile: read) == "from a file")
        #expect(try SecretReference.resolve("file:/run/crlf", key: "k", environment: environment, readFile: read) == "token")
        let cases: [(String, String, String)] = [
            ("s3cr3t", "S0201", "a literal secret in `source.verify.secrets`"),
            ("env:MISSING", "S0202", "no environment variable `MISSING`"),
            ("env:EMPTY", "S0202", "`EMPTY` is empty"),
            ("env:", "S0202", "is not set"),
            ("file:/nope", "S0202", "no readable file `/nope`"),
            ("file:/run/empty", "S0202", "the file is empty"),
        ]
        for (reference, code, message) in cases {
            let problem = #expect(throws: SecretReference.Problem.self) {
                try SecretReference.resolve(reference, key: "source.verify.secrets", environment: environment, readFile: read)
            }
            #expect(problem?.code == code, "\(reference)")
            #expect(problem?.message.contains(message) == true, "\(reference): \(String(describing: problem))")
        }
    }
}
