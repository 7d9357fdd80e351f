import Airscript
import Foundation
import TestSupport
import XCTest

/// `--allow`, `--strict` and a mapping's settings, one mechanism; and the catalogue of codes.
final class DiagnosticPolicyTests: XCTestCase {
    func testAllowListsAreReadAsWritten() throws {
        XCTAssertEqual(try DiagnosticPolicy.allowList(["W0401,w0404", " W0405  W0416 "]), ["W0401", "W0404", "W0405", "W0416"])
        XCTAssertEqual(try DiagnosticPolicy.allowList([""]), [])
        let refused: [(String, String)] = [
            ("W04O4", "`W04O4` is not a warning code; did you mean W0404?"),
            ("W9999", "`W9999` is not a warning code"),
            ("E0301", "`E0301` is an error, and errors cannot be allowed"),
            ("R0501", "`R0501` is an error, and errors cannot be allowed"),
            ("M0306,M0310,M0101", "`M0101` is an error, and errors cannot be allowed"),
        ]
        for (written, message) in refused {
            XCTAssertThrowsError(try DiagnosticPolicy.allowList([written]), written) { error in
                XCTAssertTrue("\(error)".hasPrefix(message), "\(written): \(error)")
            }
        }
    }

    func testAppliedDropsAllowedWarningsAndRaisesTheRestUnderStrict() {
        let warning = Diagnostic("W0401", "w", at: .none), other = Diagnostic("W0404", "w", at: .none), error = Diagnostic("E0301", "e", at: .none)
        let all = [warning, other, error]
        XCTAssertEqual(DiagnosticPolicy().applied(to: all), all)
        XCTAssertEqual(DiagnosticPolicy(allowed: ["W0401"]).applied(to: all).map(\.code), ["W0404", "E0301"])
        XCTAssertEqual(DiagnosticPolicy(allowed: ["W0401"], strict: true).applied(to: all).map(\.severity), [.error, .error])
        XCTAssertFalse(DiagnosticPolicy().rejects([warning]))
        XCTAssertTrue(DiagnosticPolicy(strict: true).rejects([warning]))
        XCTAssertFalse(DiagnosticPolicy(allowed: ["W0401"], strict: true).rejects([warning]))
        XCTAssertTrue(DiagnosticPolicy(allowed: ["E0301"]).rejects([error]), "an error is never dropped")
        let combined = DiagnosticPolicy(allowed: ["W0401"]).combined(with: DiagnosticPolicy(allowed: ["W0404"], strict: true))
        XCTAssertEqual(combined, DiagnosticPolicy(allowed: ["W0401", "W0404"], strict: true))
    }

    /// Every code the sources report is in the catalogue, once, with the severity its letter says;
    /// every catalogue code is documented in the specification or in this project's decisions.
    func testTheCatalogueHasEveryCode() throws {
        let codes = DiagnosticCatalog.entries.map(\.code.rawValue)
        XCTAssertEqual(codes.count, Set(codes).count, "a code is listed once")
        var used: Set<String> = []
        let sources = Repository.root.appendingPathComponent("Sources")
        for case let url as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            let pattern = try NSRegularExpression(pattern: #""([EWRM][0-9]{4})""#)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        XCTAssertFalse(used.isEmpty)
        XCTAssertEqual(used.subtracting(codes).sorted(), [], "codes reported but not in the catalogue")
        for entry in DiagnosticCatalog.entries {
            switch entry.code.rawValue.first {
            case "W": XCTAssertEqual(entry.severity, .warning, entry.code.rawValue)
            case "E", "R": XCTAssertEqual(entry.severity, .error, entry.code.rawValue)
            default: break
            }
        }
        var documents = ""
        for name in ["types.md", "mapping.md", "serve.md", "store.md", "cli.md"] {
            documents += (try? String(contentsOf: Repository.shared.appendingPathComponent("spec/\(name)"), encoding: .utf8)) ?? ""
        }
        documents += try String(contentsOf: Repository.root.appendingPathComponent("README.md"), encoding: .utf8)
        for code in codes { XCTAssertTrue(documents.contains(code), "\(code) is documented nowhere") }
    }
}
