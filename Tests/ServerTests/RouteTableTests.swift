import AirscriptServe
import XCTest

@testable import AirscriptServer

/// Routing (serve.md §2, §10 "Routing"): static beats parameter, raw segments matched and
/// parameters decoded after, case-sensitive paths, an insignificant trailing slash, 405 with the
/// methods the path takes.
final class RouteTableTests: XCTestCase {
    static func api(_ name: String, _ method: String, _ route: String) -> String {
        """
        version: 1
        name: \(name)
        source: {kind: app-api, method: \(method), route: '\(route)'}
        payload:
          sample: {pathMapping: {id: "1", kind: "k"}}
        journey:
          behavior: start
        """
    }

    func table() throws -> RouteTable {
        let f = try ServerFixture([
            "a.yaml": Self.api("by-id", "POST", "/leads/{id}"),
            "b.yaml": Self.api("new", "POST", "/leads/new"),
            "c.yaml": Self.api("list", "GET", "/leads/{id}"),
            "d.yaml": Self.api("nested", "POST", "/leads/{id}/{kind}"),
        ])
        return f.server.state.pipeline.table
    }

    func name(_ match: RouteTable.Match) -> String {
        switch match {
        case .mapping(let served, let parameters): "\(served.name) " + parameters.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        case .methodNotAllowed(let allowed): "405 " + allowed.joined(separator: ",")
        case .notFound: "404"
        }
    }

    func testRoutes() throws {
        let t = try table()
        let cases: [(String, String, String)] = [
            ("POST", "/leads/17", "by-id id=17"),
            ("GET", "/leads/17", "list id=17"),
            ("POST", "/leads/new", "new "),  // static beats the parameter
            ("GET", "/leads/new", "405 POST"),  // the static route takes the path; GET is not its method
            ("POST", "/leads/new/", "new "),  // trailing slash
            ("POST", "/leads/a%2Fb", "by-id id=a/b"),  // %2F stays inside one parameter
            ("POST", "/leads/Dana%20Reyes", "by-id id=Dana Reyes"),
            ("POST", "/leads/17/call", "nested id=17,kind=call"),
            ("POST", "/Leads/17", "404"),  // case-sensitive
            ("POST", "/leads", "404"),
            ("DELETE", "/leads/17", "405 GET,POST"),
            ("post", "/leads/9", "by-id id=9"),
        ]
        for (method, path, expected) in cases {
            XCTAssertEqual(name(t.match(method: method, path: path)), expected, "\(method) \(path)")
        }
    }

    func testTemplates() {
        XCTAssertEqual(try RouteTemplate.parse("/a/{b}/").get().description, "/a/{b}")
        for bad in ["a/b", "/a//b", "/a/{b", "/a/x{b}", "/a/{b}/{b}", "/a?x=1", "/a/{b-c}"] {
            XCTAssertThrowsError(try RouteTemplate.parse(bad).get(), bad)
        }
        XCTAssertTrue(try RouteTemplate.parse("/_airscript/x").get().isReserved)
        XCTAssertFalse(try RouteTemplate.parse("/x/_airscript").get().isReserved)
    }
}
