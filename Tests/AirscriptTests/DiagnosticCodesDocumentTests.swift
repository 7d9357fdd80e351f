import Airscript
import Foundation
import TestSupport
import XCTest

/// `docs/diagnostic-codes.md` is the catalogue (`DiagnosticCatalog`) as a page: written from it, and
/// checked against it so that the two cannot differ. `AIRSCRIPT_WRITE_DOCS=1 swift test --filter
/// DiagnosticCodesDocumentTests` writes it anew after a code is added.
final class DiagnosticCodesDocumentTests: XCTestCase {
    static let page = Repository.root.appendingPathComponent("docs/diagnostic-codes.md")

    static func render() -> String {
        var out = """
            # Diagnostic codes

            Every code airscript reports, its severity and its message template (`{…}` are the parts that
            vary). Generated from `DiagnosticCatalog` (Sources/Airscript/Diagnostics); a test keeps the two
            equal. Codes are stable: a code is never reused for another meaning. The letter says where a
            code comes from: E syntax, names and types, W warnings, R run time, M mapping files and records.
            `--allow` and `settings.allow` take warning codes.

            | code | severity | meaning |
            |---|---|---|

            """
        for entry in DiagnosticCatalog.entries {
            out += "| \(entry.code) | \(entry.severity.rawValue) | \(entry.meaning.replacingOccurrences(of: "|", with: "\\|")) |\n"
        }
        return out
    }

    func testThePageIsTheCatalogue() throws {
        let expected = Self.render()
        if ProcessInfo.processInfo.environment["AIRSCRIPT_WRITE_DOCS"] == "1" {
            try expected.write(to: Self.page, atomically: true, encoding: .utf8)
        }
        let written = try? String(contentsOf: Self.page, encoding: .utf8)
        XCTAssertEqual(
            written, expected,
            "docs/diagnostic-codes.md differs from the catalogue: run AIRSCRIPT_WRITE_DOCS=1 swift test --filter DiagnosticCodesDocumentTests")
    }
}
