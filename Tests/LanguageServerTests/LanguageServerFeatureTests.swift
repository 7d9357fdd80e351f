import Airscript
import AirscriptLanguageServer
import Foundation
import TestSupport
import XCTest

/// The language server's features on mapping files and expression files (lsp.md §2), in process.
final class LanguageServerFeatureTests: DocumentFolderTestCase {
    static let mapping = """
        version: 1
        name: fold
        payload:
          sample: {"name": "Dana", "email": "d@x.io", "items": [{"sku": "A1"}]}
        journey:
          behavior: start
          identifier:
            type: text
            expression: >
              UPPERCASE(payload.name)
              + payload.emial
          eventPayload: "CONCAT(payload.name,
            payload.emal)"
        response:
          status: 200
          body: 'payload.nme'

        """

    func testFoldedAndMultiLineQuotedScalarsKeepTheirPositions() throws {
        let session = LanguageServerSession()
        session.initialize()
        session.open(uri("m.yaml"), Self.mapping)
        let diagnostics = session.diagnostics(for: uri("m.yaml"))
        let ranges = diagnostics.map { d in
            [d.member("range").member("start").member("line"), d.member("range").member("start").member("character")]
        }
        XCTAssertEqual(Value.list(diagnostics).texts("code"), ["W0401", "W0401", "W0401"])
        XCTAssertEqual(ranges, [[10, 16], [12, 12], [15, 17]])
    }

    func testQuickFixRenamesTheProperty() throws {
        let session = LanguageServerSession()
        session.initialize()
        session.open(uri("m.yaml"), Self.mapping)
        _ = session.diagnostics(for: uri("m.yaml"))
        let actions = session.request(
            "textDocument/codeAction",
            [
                "textDocument": ["uri": .text(uri("m.yaml"))],
                "range": ["start": LanguageServerSession.position(10, 16), "end": LanguageServerSession.position(10, 16)],
                "context": ["diagnostics": []],
            ])
        XCTAssertEqual(actions.texts("title"), ["Change to `email`"])
    }

    static let rich = """
        version: 1
        name: rich
        payload:
          sample: {"name": "Dana", "email": "d@x.io", "items": [{"sku": "A1", "qty": 2}]}
        functions:
          - name: crm#full
            params: [{name: n, type: Text}]
            returns: Text
            body: UPPERCASE(n)
        journey:
          behavior: start
          identifier:
            type: text
            expression: crm#full(payload.name)
          startParameters: |
            FROM item IN payload.items SELECT item.sku
        response:
          status: 200
          body: "payload.items"

        """

    func opened(_ text: String, name: String = "m.yaml", capabilities: Value = [:]) -> (LanguageServerSession, String) {
        let session = LanguageServerSession()
        session.initialize(capabilities: capabilities)
        let u = uri(name)
        session.open(u, text)
        _ = session.diagnostics(for: u)
        return (session, u)
    }

    func testCompletionOffersTheSampleFieldsWithTheirTypes() {
        let (session, u) = opened(Self.rich)
        // Line 15 is `FROM item IN payload.items SELECT item.sku`: after `payload.`.
        let items = session.at("textDocument/completion", u, 15, 25).member("items")
        XCTAssertEqual(Set(items.texts("label")), ["name", "email", "items"])
        XCTAssertEqual(items.texts("detail").sorted(), ["List<{sku: Text, qty: Number, …}>", "Text", "Text"].sorted())
        // After `item.`: the element's fields, through the query binding.
        XCTAssertEqual(Set(session.at("textDocument/completion", u, 15, 43).member("items").texts("label")), ["sku", "qty"])
    }

    func testCompletionAtAWordOffersFunctionsRootsAndKeywordsOfTheSlot() {
        let (session, u) = opened(Self.rich)
        // In `crm#full(payload.name)` at the start of the identifier expression.
        let labels = session.at("textDocument/completion", u, 13, 16).member("items").texts("label")
        XCTAssertTrue(labels.contains("UPPERCASE"))
        XCTAssertTrue(labels.contains("crm#full"))
        XCTAssertTrue(labels.contains("payload"))
        XCTAssertTrue(labels.contains("WHERE"))
        // `metadata` is a root of the response only (mapping.md §2).
        XCTAssertFalse(labels.contains("metadata"))
    }

    func testHoverGivesTypeAndSampleValue() {
        let (session, u) = opened(Self.rich)
        let hover = session.at("textDocument/hover", u, 18, 18).member("contents").member("value")
        guard case .text(let markdown) = hover else { return XCTFail("\(hover)") }
        XCTAssertTrue(markdown.contains("payload.items: List<{sku: Text, qty: Number, …}>"), markdown)
        XCTAssertTrue(markdown.contains(#"Sample: `[{"sku":"A1","qty":2}]`"#), markdown)
        let function = session.at("textDocument/hover", u, 8, 14).member("contents").member("value")
        guard case .text(let signature) = function else { return XCTFail("\(function)") }
        XCTAssertTrue(signature.contains("UPPERCASE(text: Text) -> Text"), signature)
    }

    func testSignatureHelpOnAnOpenCall() {
        let session = LanguageServerSession()
        session.initialize()
        let u = uri("e.airscript")
        session.open(u, "FORMAT_NUMBER(payload.total, ", language: "airscript")
        _ = session.diagnostics(for: u)
        let help = session.at("textDocument/signatureHelp", u, 0, 29)
        XCTAssertEqual(help.member("activeParameter"), 1)
        XCTAssertTrue(help.member("signatures").texts("label").first?.hasPrefix("FORMAT_NUMBER(") ?? false, "\(help)")
    }

    func testDefinitionOfAFunctionAndOfAQueryVariable() {
        let (session, u) = opened(Self.rich)
        let function = session.at("textDocument/definition", u, 13, 19)
        XCTAssertEqual(function.member("range").member("start"), LanguageServerSession.position(5, 10))
        let binding = session.at("textDocument/definition", u, 15, 39)
        XCTAssertEqual(binding.member("range").member("start"), LanguageServerSession.position(15, 9))
    }

    func testFormattingKeepsEachScalarStyle() {
        let text = """
            version: 1
            payload:
              sample: {"a": "x"}
            journey:
              behavior: start
              identifier:
                type: text
                expression: upper_it(  payload.a )
              startParameters: '{a:payload.a,   b:"it''s"}'
              eventPayload: "{a:  \\"q\\"}"
            response:
              status: 200
              body: |
                payload.a  +  "x"
              headers:
                X-Kept: payload.a /* a comment */ +  "y"

            """
        let (session, u) = opened(text)
        let edits = session.request("textDocument/formatting", ["textDocument": ["uri": .text(u)], "options": ["tabSize": 2, "insertSpaces": true]])
        XCTAssertEqual(edits.texts("newText"), [#"upper_it(payload.a)"#, #"'{a: payload.a, b: "it''s"}'"#, #""{a: \"q\"}""#, #"payload.a + "x""#])
        XCTAssertEqual(
            edits.member(3).member("range"),
            ["start": LanguageServerSession.position(13, 4), "end": LanguageServerSession.position(13, 21)])
    }

    func testFormattingAnExpressionFile() {
        let session = LanguageServerSession()
        session.initialize()
        let u = uri("e.airscript")
        session.open(u, "IF( payload.a>1 ,\"big\",  \"small\")\n", language: "airscript")
        _ = session.diagnostics(for: u)
        let edits = session.request("textDocument/formatting", ["textDocument": ["uri": .text(u)], "options": ["tabSize": 2, "insertSpaces": true]])
        XCTAssertEqual(edits.texts("newText"), ["IF(payload.a > 1, \"big\", \"small\")\n"])
    }

    func testQuickFixesForParenthesesAndTemplates() {
        let session = LanguageServerSession()
        session.initialize()
        let u = uri("e.airscript")
        let text = "{x: TRUE AND FALSE OR TRUE, y: \"Hi \" + 1}"
        session.open(u, text, language: "airscript")
        XCTAssertEqual(Value.list(session.diagnostics(for: u)).texts("code"), ["W0403", "E0305"])
        let actions = session.request(
            "textDocument/codeAction",
            [
                "textDocument": ["uri": .text(u)],
                "range": ["start": LanguageServerSession.position(0, 0), "end": LanguageServerSession.position(0, 40)],
                "context": ["diagnostics": []],
            ])
        XCTAssertEqual(actions.texts("title"), ["Add parentheses: `(TRUE AND FALSE) OR TRUE`", "Join with a template"])
        let newTexts = actions.list.map { $0.member("edit").member("changes").member(u).member(0).member("newText") }
        XCTAssertEqual(newTexts, [#"{x: (TRUE AND FALSE) OR TRUE, y: "Hi " + 1}"#, #"{x: TRUE AND FALSE OR TRUE, y: "Hi {{1}}"}"#])
    }

    func testSemanticTokens() {
        let session = LanguageServerSession()
        session.initialize()
        let u = uri("e.airscript")
        session.open(u, "UPPERCASE(payload.name) AND \"a{{1}}\"", language: "airscript")
        _ = session.diagnostics(for: u)
        let data = session.request("textDocument/semanticTokens/full", ["textDocument": ["uri": .text(u)]]).member("data")
        let numbers = data.list.compactMap { if case .number(let n) = $0 { Int(n) } else { nil } }
        // (line delta, start delta, length, type): function, variable, property, keyword, string, hole, number, hole, string.
        let tokens = stride(from: 0, to: numbers.count, by: 5).map { Array(numbers[$0..<($0 + 4)]) }
        XCTAssertEqual(
            tokens,
            [
                [0, 0, 9, 0], [0, 10, 7, 2], [0, 8, 4, 3], [0, 6, 3, 1], [0, 4, 1, 4], [0, 1, 1, 4], [0, 1, 2, 6], [0, 2, 1, 5], [0, 1, 2, 6],
                [0, 2, 1, 4],
            ])
    }
}

extension Value {
    var list: [Value] { if case .list(let items) = self { items } else { [] } }
    func member(_ k: Int) -> Value { k < list.count ? list[k] : .null }
}
