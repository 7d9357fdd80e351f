import Foundation
import TestSupport
import XCTest

/// The library speaks of limits, roots and slots; only the command speaks of its options. No string
/// in the library's modules names a command-line option, the command or the REPL's commands.
final class LibraryWordingTests: XCTestCase {
    func testTheLibraryNamesNoOptionOfTheCommand() throws {
        let option = try NSRegularExpression(pattern: #"--[a-z][a-z-]+|\bairscript (eval|check|map|repl|parse)\b|`:[a-z]+`"#)
        var found: [String] = []
        for module in ["Airscript", "AirscriptMapping"] {
            let folder = Repository.root.appendingPathComponent("Sources/\(module)")
            for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)! where url.pathExtension == "swift"
            {
                for (n, line) in try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    guard !code.hasPrefix("//"), code.contains("\"") else { continue }
                    let text = String(line)
                    if option.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
                        found.append("\(url.lastPathComponent):\(n + 1): \(code)")
                    }
                }
            }
        }
        XCTAssertEqual(found, [])
    }
}
