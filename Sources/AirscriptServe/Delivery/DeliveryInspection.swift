import Airscript
import Foundation

/// What the delivery inspector keeps of a request (store.md §5, `DeliveryRow.detail`): its method,
/// path, route and request id, when it arrived, its headers with every credential and signature
/// hidden, and its body only when `--capture` is on.
public enum DeliveryInspection {
    /// The detail of a delivery, as JSON.
    public static func detail(of delivery: DeliveryPipeline.Delivery, route: String, captured: Bool) -> Value {
        let request = delivery.request
        var headers = Value.Object()
        for (name, value) in request.headers {
            let lower = name.lowercased()
            // The same header twice is kept as the lines it came in, joined as HTTP joins them.
            let shown = isSecret(lower) ? "(hidden)" : value
            if case .text(let earlier)? = headers[lower] { headers[lower] = .text(earlier + ", " + shown) } else { headers[lower] = .text(shown) }
        }
        var fields: Value.Object = [
            "requestId": .text(delivery.requestID), "method": .text(request.method), "path": .text(request.path),
            "query": request.query.map(Value.text) ?? .null, "route": .text(route), "receivedAt": .number(delivery.receivedAt),
            "headers": .object(headers), "captured": .bool(captured),
            "replay": delivery.replay.map { .text($0 == .live ? "live" : "dry-run") } ?? .null,
        ]
        if captured {
            if let text = String(validating: request.body, as: UTF8.self) {
                fields["body"] = .text(text)
            } else {
                fields["body"] = .text(Data(request.body).base64EncodedString())
                fields["bodyEncoding"] = "base64"
            }
        }
        return .object(fields)
    }

    /// Headers that carry a credential or a signature: never stored, whatever `--capture` says.
    public static func isSecret(_ lowercasedName: String) -> Bool {
        ["authorization", "cookie", "signature", "token", "secret", "api-key", "apikey", "hmac", "password"].contains {
            lowercasedName.contains($0)
        }
    }

    /// The request a stored detail describes, for a replay: nil when its body was not captured.
    public static func request(from detail: Value) -> ReceivedRequest? {
        guard case .text(let method) = detail.member("method"), case .text(let path) = detail.member("path"),
            case .text(let body) = detail.member("body")
        else { return nil }
        let bytes = detail.member("bodyEncoding") == "base64" ? Data(base64Encoded: body).map { Array($0) } : Array(body.utf8)
        guard let bytes else { return nil }
        var headers: [(String, String)] = []
        for (name, value) in detail.member("headers").objectFields ?? Value.Object() {
            if case .text(let text) = value, !isSecret(name) { headers.append((name, text)) }
        }
        return ReceivedRequest(
            method: method, path: path, query: detail.member("query").textValue, httpVersion: "1.1", headers: headers, body: bytes)
    }
}
