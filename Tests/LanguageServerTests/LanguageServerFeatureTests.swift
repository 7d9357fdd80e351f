import Airscript
import AirscriptLanguageServer
import Foundation
import TestSupport
import XCTest

/// The language server's features on mapping files and expression files (lsp.md §2), in process.
final class LanguageServerFeatureTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

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

    func uri(_ name: String) -> String { "file://" + folder.appendingPathComponent(name).path }

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
}
