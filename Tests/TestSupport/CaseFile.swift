import Foundation

/// A table of cases in a file a person can read (design.md: Power Fx style), one case a line:
///
///     # a comment; "# production: Slice" tags the cases below with a grammar production
///     let xs = [1, 2, 3]                  (binds xs for the cases below, as JSON)
///     xs[0] + 1            ==> 2          (the value, as JSON)
///     10 / 0               ==> error R0501 at 1:4
///     "{{0/0}}"            ==> text NaN   (the value rendered as text)
///
/// The expected part follows the last ` ==> ` on the line.
public struct CaseFile: Sendable {
    public struct Case: Sendable {
        public var expression: String
        public var expected: String
        public var line: Int
        public var bindings: [(String, String)]
        public var production: String?
    }

    public let name: String
    public let cases: [Case]
    public let productions: Set<String>

    public init(url: URL) throws {
        name = url.lastPathComponent
        var cases: [Case] = []
        var bindings: [(String, String)] = []
        var production: String? = nil
        var productions: Set<String> = []
        let text = try String(contentsOf: url, encoding: .utf8)
        for (n, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("# production:") {
                production = line.dropFirst("# production:".count).trimmingCharacters(in: .whitespaces)
                productions.insert(production!)
                continue
            }
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("let "), let eq = line.firstIndex(of: "=") {
                let name = line[line.index(line.startIndex, offsetBy: 4)..<eq].trimmingCharacters(in: .whitespaces)
                let json = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                bindings.removeAll { $0.0 == name }
                bindings.append((name, json))
                continue
            }
            guard let arrow = raw.range(of: " ==> ", options: .backwards) else {
                cases.append(Case(expression: raw, expected: "<missing ==>>", line: n + 1, bindings: bindings, production: production))
                continue
            }
            cases.append(
                Case(
                    expression: String(raw[..<arrow.lowerBound]).trimmingCharacters(in: .whitespaces),
                    expected: String(raw[arrow.upperBound...]).trimmingCharacters(in: .whitespaces),
                    line: n + 1, bindings: bindings, production: production))
        }
        self.cases = cases
        self.productions = productions
    }

    /// The folder of case files: Tests/Conformance.
    public static var folder: URL { Repository.conformance }

    public static func all(matching suffix: String = ".txt") throws -> [CaseFile] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix(suffix) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map(CaseFile.init)
    }
}

/// Expected diagnostics written as `error E0201 at 1:5; warning W0413 at 2:1`.
public struct ExpectedDiagnostic: Equatable, CustomStringConvertible, Sendable {
    public var severity: String
    public var code: String
    public var line: Int
    public var column: Int
    public var description: String { "\(severity) \(code) at \(line):\(column)" }

    public init(severity: String, code: String, line: Int, column: Int) {
        self.severity = severity
        self.code = code
        self.line = line
        self.column = column
    }

    public static func parseList(_ text: String) -> [ExpectedDiagnostic]? {
        var result: [ExpectedDiagnostic] = []
        for part in text.components(separatedBy: ";") {
            let words = part.trimmingCharacters(in: .whitespaces).split(separator: " ")
            guard words.count == 4, words[0] == "error" || words[0] == "warning", words[2] == "at" else { return nil }
            let pos = words[3].split(separator: ":")
            guard pos.count == 2, let l = Int(pos[0]), let c = Int(pos[1]) else { return nil }
            result.append(ExpectedDiagnostic(severity: String(words[0]), code: String(words[1]), line: l, column: c))
        }
        return result
    }
}
