import Airscript
import AirscriptMapping

/// A mapping's `response` (mapping.md §3.5) as HTTP (serve.md §6, §10 "Responses").
enum ResponseRendering {
    /// Why a response cannot be sent: the code and a detail naming the slot, never a value.
    struct Failure: Error {
        var code: String
        var detail: String
    }

    /// The status, headers and body of `response` (`{status, headers, body}`).
    static func render(_ response: Value) -> Result<ServeResponse, Failure> {
        guard case .number(let number) = response.member("status") else {
            return .failure(Failure(code: "M0308", detail: "response.status is not a status"))
        }
        let status = Int(number)
        if status < 200 {
            return .failure(Failure(code: "M0308", detail: "response.status \(status) is informational (1xx), which `serve` cannot send"))
        }
        var headers: [(name: String, value: String)] = []
        for (name, value) in response.member("headers").objectFields ?? Value.Object() {
            guard case .text(let text) = value else { continue }
            guard isToken(name) else { return .failure(Failure(code: "M0309", detail: "a response header name is not an HTTP token")) }
            guard !text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                return .failure(Failure(code: "M0309", detail: "response header `\(name)` contains CR, LF or NUL"))
            }
            if ServeSource.isServerOwnedHeader(name) { continue }
            headers.append((name, text))
        }
        let contentType = headers.first { $0.name.lowercased() == "content-type" }?.value
        let body = response.member("body")
        var bytes: [UInt8] = []
        if status != 204 && status != 304 {
            switch body {
            case .null: break
            case .text(let text):
                bytes = Array(text.utf8)
                if contentType == nil { headers.append(("Content-Type", "text/plain; charset=utf-8")) }
            default:
                bytes = Array(JSONWriter.write(body).utf8)
                if contentType == nil { headers.append(("Content-Type", "application/json")) }
            }
        }
        return .success(ServeResponse(status: status, headers: headers, body: bytes))
    }

    /// The code and slot of a failed record's first error (its output record's diagnostics).
    static func failure(of output: Value) -> Failure {
        let diagnostics: [Value]
        if case .list(let list) = output.member("diagnostics") { diagnostics = list } else { diagnostics = [] }
        let error = diagnostics.first { $0.member("severity").textValue == "error" } ?? diagnostics.first ?? .null
        let code = error.member("code").textValue ?? "S0500"
        let slot = error.member("slot").textValue ?? "the mapping"
        return Failure(code: code, detail: "\(slot) failed with \(code)")
    }

    /// An HTTP token (RFC 9110 §5.6.2).
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || "!#$%&'*+-.^_`|~".utf8.contains(b)
            }
    }
}

extension Value {
    /// The text of a Text value; nil for any other.
    package var textValue: String? {
        if case .text(let text) = self { text } else { nil }
    }
}
