import Airscript
import AirscriptLanguageServer
import XCTest

/// Positions in the client's encoding, and incremental changes (lsp.md §1).
final class TextDocumentTests: XCTestCase {
    // `é` is 2 UTF-8 bytes and 1 UTF-16 unit; `😀` 4 bytes and 2 units.
    let text = "a\né😀x\r\nlast"

    func testUTF16Positions() {
        let doc = TextDocument(text, encoding: .utf16)
        XCTAssertEqual(doc.offset(of: LSPPosition(line: 1, character: 3)), 2 + 2 + 4)  // before `x`
        XCTAssertEqual(doc.position(ofOffset: 8), LSPPosition(line: 1, character: 3))
        XCTAssertEqual(doc.position(of: SourcePosition(line: 2, column: 3)), LSPPosition(line: 1, character: 3))
        XCTAssertEqual(doc.sourcePosition(of: LSPPosition(line: 1, character: 3)), SourcePosition(line: 2, column: 3))
        XCTAssertEqual(doc.offset(of: LSPPosition(line: 2, character: 0)), 11)  // after `\r\n`
    }

    func testUTF8Positions() {
        let doc = TextDocument(text, encoding: .utf8)
        XCTAssertEqual(doc.offset(of: LSPPosition(line: 1, character: 6)), 8)
        XCTAssertEqual(doc.position(ofOffset: 8), LSPPosition(line: 1, character: 6))
    }

    func testPositionsPastTheEndAreClamped() {
        let doc = TextDocument(text, encoding: .utf16)
        XCTAssertEqual(doc.offset(of: LSPPosition(line: 0, character: 99)), 1)
        XCTAssertEqual(doc.offset(of: LSPPosition(line: 99, character: 0)), doc.bytes.count)
    }

    func testIncrementalChanges() {
        var doc = TextDocument("payload.nme\n", encoding: .utf16)
        doc.apply(range: (LSPPosition(line: 0, character: 8), LSPPosition(line: 0, character: 11)), text: "name")
        XCTAssertEqual(doc.text, "payload.name\n")
        doc.apply(range: (LSPPosition(line: 1, character: 0), LSPPosition(line: 1, character: 0)), text: "+ 1")
        XCTAssertEqual(doc.text, "payload.name\n+ 1")
        doc.apply(range: nil, text: "all new")
        XCTAssertEqual(doc.text, "all new")
        XCTAssertEqual(doc.lineCount, 1)
    }
}
