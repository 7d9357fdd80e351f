import Airscript
import AirscriptLanguageServer
import Foundation
import XCTest

/// The protocol's lifecycle, cancellation, debouncing and documents that are not Airscript at all
/// (lsp.md §3): answers with the right codes, never a crash.
final class LanguageServerLifecycleTests: DocumentFolderTestCase {
    func testRequestsBeforeInitializeAndAfterShutdownAreRefused() {
        let session = LanguageServerSession()
        XCTAssertEqual(session.request("textDocument/hover", [:]).member("code"), -32002)
        let result = session.initialize(capabilities: ["general": ["positionEncodings": ["utf-8", "utf-16"]]])
        XCTAssertEqual(result.member("capabilities").member("positionEncoding"), "utf-8")
        XCTAssertEqual(session.request("workspace/unknownThing", [:]).member("code"), -32601)
        XCTAssertEqual(session.request("shutdown", .null), .null)
        XCTAssertEqual(session.request("textDocument/hover", [:]).member("code"), -32600)
        session.notify("exit", .null)
        XCTAssertEqual(session.exitStatus(), 0)
    }

    func testExitWithoutShutdownAndAVanishedClientExitOne() {
        let first = LanguageServerSession()
        first.initialize()
        first.notify("exit", .null)
        XCTAssertEqual(first.exitStatus(), 1)
        let second = LanguageServerSession()
        second.initialize()
        second.server.inputEnded()
        XCTAssertEqual(second.exitStatus(), 1)
    }

    func testInvalidJSONIsAnsweredWithAParseError() {
        let session = LanguageServerSession()
        session.server.receive(Array("{not json".utf8))
        let response = session.waitFor { $0.member("error") != .null }
        XCTAssertEqual(response.member("error").member("code"), -32700)
        XCTAssertEqual(session.request("initialize", ["capabilities": [:]]).member("capabilities").member("positionEncoding"), "utf-16")
    }

    func testACancelledRequestIsAnsweredAsCancelled() {
        let session = LanguageServerSession()
        session.initialize()
        session.notify("$/cancelRequest", ["id": 2])  // the id the next request gets
        XCTAssertEqual(session.request("textDocument/hover", [:]).member("code"), -32800)
        XCTAssertEqual(session.request("shutdown", .null), .null)
    }

    func testChangesInQuickSuccessionAreCheckedOnceAtTheLastVersion() {
        let session = LanguageServerSession(debounce: .milliseconds(150))
        session.initialize()
        let u = uri("e.airscript")
        session.open(u, "1 +", language: "airscript")
        for (version, text) in [(2, "1 + payload"), (3, "1 + 2")] {
            session.notify(
                "textDocument/didChange",
                ["textDocument": ["uri": .text(u), "version": .number(Double(version))], "contentChanges": [["text": .text(text)]]])
        }
        let published = session.waitFor { $0.member("method") == "textDocument/publishDiagnostics" }
        XCTAssertEqual(published.member("params").member("version"), 3)
        XCTAssertEqual(published.member("params").member("diagnostics"), [])
        usleep(300_000)
        session.drain()
        XCTAssertEqual(session.pending.filter { $0.member("method") != .null }.count, 0)
    }

    func testBrokenYAMLKeepsTheLastGoodSlots() {
        let session = LanguageServerSession()
        session.initialize()
        let u = uri("m.yaml")
        let good = "version: 1\npayload:\n  sample: {\"name\": \"x\"}\njourney:\n  behavior: start\nresponse:\n  status: 200\n  body: payload.name\n"
        session.open(u, good)
        _ = session.diagnostics(for: u)
        session.notify(
            "textDocument/didChange",
            ["textDocument": ["uri": .text(u), "version": 2], "contentChanges": [["text": .text(good + "  broken: [\n")]]])
        XCTAssertEqual(Value.list(session.diagnostics(for: u)).texts("code"), ["M0104"])
        let labels = session.at("textDocument/completion", u, 7, 16).member("items").texts("label")
        XCTAssertEqual(labels, ["name"])
    }

    func testRandomBytesGiveDiagnosticsNotACrash() {
        let session = LanguageServerSession()
        session.initialize()
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = String(decoding: bytes, as: UTF8.self)
        for name in ["r.airscript", "r.yaml"] {
            let u = uri(name)
            // A YAML file needs `version` and `journey` to be taken for a mapping.
            session.open(u, name.hasSuffix(".yaml") ? "version: 1\njourney:\n" + text : text)
            let diagnostics = session.diagnostics(for: u)
            XCTAssertFalse(diagnostics.isEmpty, name)
            for request in ["textDocument/hover", "textDocument/completion", "textDocument/signatureHelp", "textDocument/definition"] {
                _ = session.at(request, u, 1, 5)
            }
            _ = session.request("textDocument/semanticTokens/full", ["textDocument": ["uri": .text(u)]])
        }
        XCTAssertEqual(session.request("shutdown", .null), .null)
    }

    func testExpressionFilesTakeTheirSamplesFromASiblingOrAComment() throws {
        try Data(#"{"total": 5}"#.utf8).write(to: folder.appendingPathComponent("sum.payload.json"))
        try Data(#"{"other": "x"}"#.utf8).write(to: folder.appendingPathComponent("named.json"))
        let session = LanguageServerSession()
        session.initialize()
        session.open(uri("sum.airscript"), "payload.totl", language: "airscript")
        XCTAssertEqual(Value.list(session.diagnostics(for: uri("sum.airscript"))).texts("code"), ["W0401"])
        session.open(uri("c.airscript"), "// payload: named.json\npayload.other + 1", language: "airscript")
        XCTAssertEqual(Value.list(session.diagnostics(for: uri("c.airscript"))).texts("code"), ["E0305"])
        session.open(uri("m.airscript"), "// payload: missing.json\npayload.x", language: "airscript")
        let missing = session.diagnostics(for: uri("m.airscript"))
        XCTAssertEqual(Value.list(missing).texts("code"), ["M0101"])
        XCTAssertEqual(missing.first?.member("range").member("start"), LanguageServerSession.position(0, 0))
        // A sample changed on disk: open documents are checked again.
        try Data(#"{"totl": 5}"#.utf8).write(to: folder.appendingPathComponent("sum.payload.json"))
        session.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .text(uri("sum.payload.json")), "type": 2]]])
        XCTAssertEqual(session.diagnostics(for: uri("sum.airscript")), [])
    }

    func testOtherYAMLFilesAreIgnored() {
        let session = LanguageServerSession()
        session.initialize()
        session.open(uri("ci.yaml"), "jobs:\n  build: {}\n")
        XCTAssertEqual(session.at("textDocument/hover", uri("ci.yaml"), 0, 1), .null)
        XCTAssertEqual(session.request("textDocument/formatting", ["textDocument": ["uri": .text(uri("ci.yaml"))]]), [])
    }
}
