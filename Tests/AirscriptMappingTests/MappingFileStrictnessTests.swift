import Airscript
import Foundation
import XCTest

@testable import AirscriptMapping

/// What a mapping file must not get away with (first-week finding 13), and what it may.
final class MappingFileStrictnessTests: XCTestCase {
    func diagnostics(_ yaml: String) -> [String] {
        Mapping(path: "t.yaml", text: yaml).diagnostics.map { "\($0.diagnostic.severity.rawValue) \($0.diagnostic.code)" }
    }

    func yaml(top: String = "", source: String = "", settings: String = "", types: String = "") -> String {
        """
        version: 1
        name: t
        \(top)
        \(source)
        \(settings)
        payload:
          sample: {"body": {"x": {"y": 1}}, "pathMapping": {"repo": "a"}}
        \(types)
        journey:
          behavior: start
        """
    }

    func testWhatIsRefused() {
        let cases: [(String, String)] = [
            ("version: 1\nname: ''\njourney: {behavior: start}\npayload: {sample: {}}", "an empty name"),
            ("version: 1\nname: '  '\njourney: {behavior: start}\npayload: {sample: {}}", "a blank name"),
            (yaml(settings: "settings: {strict: yes}"), "YAML 1.1's yes"),
            (yaml(settings: "settings: {strict: 'on'}"), "on"),
            (yaml(types: "  types: {'body..x': Number}"), "an empty path segment"),
            (yaml(types: "  types: {'.body': Number}"), "a leading dot"),
            (yaml(types: "  types: {'body.': Number}"), "a trailing dot"),
            (yaml(source: "source: {kind: app-api, route: '/repos/{repo-name}'}"), "a route segment that is not an identifier"),
            (yaml(source: "source: {kind: app-api, route: '/x', provider: github}"), "a provider on an App API"),
            (yaml(settings: "settings: {allow: [W04O4]}"), "an unknown warning code"),
            (yaml(settings: "settings: {allow: E0301}"), "an error code"),
        ]
        for (text, what) in cases {
            XCTAssertTrue(diagnostics(text).contains("error M0105"), "\(what): \(diagnostics(text))")
        }
    }

    func testWhatIsAccepted() {
        let cases: [(String, String)] = [
            (yaml(settings: "settings:"), "an empty settings section"),
            (yaml(settings: "settings: {strict: false, allow: 'W0401, w0404'}"), "a list of warning codes"),
            (yaml(types: "  types: {'body.x.y': Number, 'body.\"a b\"': Text}"), "dotted and quoted paths"),
            (yaml(source: "source: {kind: app-api, route: '/repos/{repo}'}"), "an identifier route parameter"),
            (yaml(source: "source: {kind: subscription, provider: github}"), "a provider on a subscription"),
        ]
        for (text, what) in cases {
            XCTAssertFalse(diagnostics(text).contains { $0.hasPrefix("error") }, "\(what): \(diagnostics(text))")
        }
    }

    /// A bad route parameter is reported at the segment, not at the whole route.
    func testARouteParameterIsReportedWhereItIs() {
        let text = yaml(source: "source: {kind: app-api, route: '/repos/{repo-name}/x'}")
        let mapping = Mapping(path: "t.yaml", text: text)
        guard let d = mapping.diagnostics.first(where: { $0.diagnostic.code == "M0105" }) else { return XCTFail("no M0105") }
        XCTAssertEqual(d.source.text(of: d.diagnostic.span), "{repo-name}")
    }
}

/// What is certain before running is caught before running (first-week finding 11).
final class ResponseTypeCheckTests: XCTestCase {
    func found(status: String = "200", header: String = "'\"x\"'") -> [String] {
        let text = """
            version: 1
            name: t
            payload: {sample: {"n": 1, "t": "x", "l": [1], "o": {"a": 1}, "maybe": null}}
            journey: {behavior: start}
            response:
              status: \(status)
              headers:
                - {name: '"H"', value: \(header)}
            """
        return Mapping(path: "t.yaml", text: text).diagnostics.filter { $0.diagnostic.code.rawValue.hasPrefix("M030") }
            .map { "\($0.diagnostic.severity.rawValue) \($0.diagnostic.code)" }
    }

    func testStatusTypes() {
        XCTAssertEqual(found(status: "'\"two hundred\"'"), ["error M0308"])
        XCTAssertEqual(found(status: "'payload.t'"), ["error M0308"])
        XCTAssertEqual(found(status: "700"), ["error M0308"], "a constant out of range")
        XCTAssertEqual(found(status: "'201.5'"), ["error M0308"], "a constant that is not an integer")
        XCTAssertEqual(found(status: "'IF(payload.n > 0, 201, NULL)'"), ["warning M0308"], "a status that may be NULL")
        XCTAssertEqual(found(status: "'payload.n'"), [])
        XCTAssertEqual(found(status: "'IF(payload.n > 0, 201, 400)'"), [])
        XCTAssertEqual(found(status: "'payload.maybe'"), [], "Any: nothing is known")
    }

    func testHeaderTypes() {
        XCTAssertEqual(found(header: "'payload.l'"), ["error M0309"])
        XCTAssertEqual(found(header: "'payload.o'"), ["error M0309"])
        XCTAssertEqual(found(header: "'payload.t'"), [])
        XCTAssertEqual(found(header: "'payload.n'"), [])
        XCTAssertEqual(found(header: "'IF(payload.n > 0, payload.t, NULL)'"), [], "NULL leaves the header out")
    }
}

/// Diagnostics that point right (first-week findings 7 and 9): `file:line:col (slot)` and the file's
/// own line under it; YAML's reason at the problem itself, and nothing after it.
final class MappingDiagnosticPlacesTests: XCTestCase {
    func rendered(_ text: String) -> String {
        let mapping = Mapping(path: "m.yaml", text: text)
        return mapping.diagnostics.map { DiagnosticRenderer().render($0.diagnostic, in: $0.source) }.joined()
    }

    func testExpressionDiagnosticsShowTheFilesLine() {
        let out = rendered(
            """
            version: 1
            name: t
            payload: {sample: {"n": 1}}
            journey: {behavior: start}
            response:
              status: 'IF(TRUE, 200, "x" + 1)'
            """)
        XCTAssertTrue(
            out.contains(
                """
                 --> m.yaml:6:30 (response.status)
                  |
                6 |   status: 'IF(TRUE, 200, "x" + 1)'
                  |                              ^
                """), out)
    }

    func testYAMLProblemsAreReportedWhereTheyAreAndAlone() {
        let duplicate = rendered("version: 1\nname: x\njourney:\n  behavior: start\n  behavior: replace\n")
        XCTAssertTrue(duplicate.contains("duplicate key `behavior`"), duplicate)
        XCTAssertTrue(duplicate.contains("--> m.yaml:5:3"), duplicate)
        XCTAssertFalse(duplicate.contains("W0420"), "nothing after a fatal error: \(duplicate)")
        let broken = rendered("version: 1\nname: x\njourney:\n  behavior: start\n   bad: [\n")
        XCTAssertTrue(broken.contains("mapping values are not allowed in this context"), broken)
        XCTAssertTrue(broken.contains("--> m.yaml:5:7"), broken)
        XCTAssertEqual(broken.components(separatedBy: "error[").count, 2, "one diagnostic: \(broken)")
    }

    func testDoubleQuotesTakenByYAMLAreExplained() {
        let out = rendered(
            """
            version: 1
            name: q
            payload: {sample: {"n": 1}}
            journey:
              behavior: start
              identifier: {type: text, expression: "pr-{{payload.n}}"}
            """)
        XCTAssertTrue(out.contains("YAML took the double quotes as its own"), out)
    }
}

/// Columns inside quoted YAML scalars are mapped through the escapes (finding 6, mapping.md §5.9):
/// the character after `\u00e9` or `''` is reported where the file has it.
final class QuotedScalarColumnTests: XCTestCase {
    /// The file column of `*` in the status expression, and where the mapping reports it.
    func columns(status rawScalar: String) -> (reported: Int?, inFile: Int) {
        let line = "  status: \(rawScalar)"
        let mapping = Mapping(path: "m.yaml", text: "version: 1\nname: t\njourney: {behavior: start}\nresponse:\n\(line)\n")
        let inFile = Array(line.unicodeScalars).firstIndex(of: "*")! + 1
        guard let source = mapping.definition.status?.source, let star = source.text.utf8.firstIndex(of: UInt8(ascii: "*")) else {
            return (nil, inFile)
        }
        let offset = source.text.utf8.distance(from: source.text.utf8.startIndex, to: star)
        return (source.position(of: offset).column, inFile)
    }

    func testEveryDoubleQuotedEscape() {
        let escapes = [
            #"\x41"#, #"\u00e9"#, #"\U0001F600"#, #"\0"#, #"\a"#, #"\b"#, #"\t"#, "\\\t", #"\n"#, #"\v"#, #"\f"#, #"\r"#,
            #"\e"#, #"\ "#, #"\""#, #"\/"#, #"\\"#, #"\N"#, #"\_"#, #"\L"#, #"\P"#,
        ]
        for escape in escapes {
            let (reported, inFile) = columns(status: #""\"a"# + escape + #"b\" * 2""#)
            XCTAssertEqual(reported, inFile, "escape \(escape)")
        }
        let (reported, inFile) = columns(status: #""\"\u00e9\u00e9\u00e9\" * 2""#)
        XCTAssertEqual(reported, inFile, "several escapes")
    }

    func testSingleQuotedQuotes() {
        let (reported, inFile) = columns(status: #"'IF(''a'' = ''b'', 1, 2) * 2'"#)
        XCTAssertEqual(reported, inFile)
        XCTAssertEqual(columns(status: "'1 * 2'").reported, columns(status: "'1 * 2'").inFile, "no escapes: plain offsets")
    }

    /// The caret of a rendered diagnostic stands under the character in the file's line.
    func testTheCaretStandsUnderTheCharacter() {
        let mapping = Mapping(
            path: "m.yaml",
            text: #"""
                version: 1
                name: t
                payload: {sample: {"n": 1}}
                journey: {behavior: start}
                response:
                  status: "\"\u00e9\u00e9\" * 2"
                """#)
        let out = mapping.diagnostics.filter { $0.diagnostic.code == "E0305" }
            .map { DiagnosticRenderer().render($0.diagnostic, in: $0.source) }.joined()
        XCTAssertTrue(
            out.contains(
                #"""
                6 |   status: "\"\u00e9\u00e9\" * 2"
                  |                             ^
                """#), out)
    }
}

/// Positions inside scalars YAML reads otherwise than they are written: a folded (`>`) block, and
/// quoted and plain scalars over several lines. Each character is reported where the file has it.
final class MultiLineScalarPositionTests: XCTestCase {
    /// The file position (line, column) reported for each W0401 of a mapping.
    func reported(_ text: String) -> [SourcePosition] {
        Mapping(path: "m.yaml", text: text).diagnostics.filter { $0.diagnostic.code == "W0401" }
            .map { $0.source.position(of: $0.diagnostic.span.start) }
    }

    static let head = "version: 1\nname: t\npayload: {sample: {\"name\": \"D\", \"email\": \"e\"}}\njourney:\n  behavior: start\n"

    func testFoldedBlock() {
        let text = Self.head + "  startParameters: >\n    UPPERCASE(payload.name)\n\n    + payload.emial\n"
        XCTAssertEqual(reported(text), [SourcePosition(line: 9, column: 15)])
    }

    func testQuotedScalarsOverLines() {
        let double = Self.head + "  startParameters: \"CONCAT(payload.name,\n    \\\n    payload.emal)\"\n"
        XCTAssertEqual(reported(double), [SourcePosition(line: 8, column: 13)])
        let single = Self.head + "  startParameters: 'CONCAT(\"it''s\",\n\n      payload.emal)'\n"
        XCTAssertEqual(reported(single), [SourcePosition(line: 8, column: 15)])
    }

    func testPlainScalarOverLines() {
        let text = Self.head + "  startParameters: CONCAT(payload.name,\n    payload.emal)\n"
        XCTAssertEqual(reported(text), [SourcePosition(line: 7, column: 13)])
    }
}
