import Airscript
import Foundation

/// An HTTP request as the server received it, before anything of it is interpreted.
public struct ReceivedRequest: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// The path, without the query, as received (percent-encoded).
    public var path: String
    /// The query string without its `?`; nil when the target had none.
    public var query: String?
    /// `1.1`, `2`.
    public var httpVersion: String
    /// The header fields in order, names as received; values as text (bytes that were not UTF-8
    /// read as Latin-1 by the server).
    public var headers: [(name: String, value: String)]
    /// The body's bytes.
    public var body: [UInt8]
    /// The route's parameters, percent-decoded (serve.md §2).
    public var pathParameters: [(name: String, value: String)]

    /// A request.
    public init(
        method: String, path: String, query: String? = nil, httpVersion: String = "1.1",
        headers: [(name: String, value: String)] = [], body: [UInt8] = [], pathParameters: [(name: String, value: String)] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.httpVersion = httpVersion
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
    }
}

/// Why a request's body cannot be given to a mapping: 415 (S0410) or 400 (M0201), serve.md §6.
public struct EnvelopeFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// S0410 or M0201.
    public var code: String
    /// What is wrong, without the body's content.
    public var reason: String

    public var description: String { "\(status) \(code): \(reason)" }
}

/// The payload envelope of serve.md §3 (mapping.md §1): what an App API mapping sees as `payload`,
/// and, without its body, what every served mapping sees as `request`.
public enum RequestEnvelope {
    /// The envelope (with `body` when the request has one) and the parsed body on its own (nil for
    /// no body, or an empty one). A body of a type that cannot be read is 415; one that does not
    /// parse is 400.
    public static func build(
        _ request: ReceivedRequest, json: JSONReader.Options = JSONReader.Options()
    ) throws(EnvelopeFailure)
        -> (envelope: Value, body: Value?)
    {
        let body = try parseBody(request, json: json)
        var envelope = Value.Object()
        let host = request.headers.last { $0.name.lowercased() == "host" }?.value ?? ""
        envelope["fqdn"] = .text(hostName(host))
        envelope["host"] = .text(host)
        envelope["httpVersion"] = .text(request.httpVersion)
        envelope["method"] = .text(request.method.uppercased())
        envelope["path"] = .text(request.path)
        var parameters = Value.Object()
        for parameter in request.pathParameters { parameters[parameter.name] = .text(parameter.value) }
        envelope["pathMapping"] = .object(parameters)
        envelope["queryParams"] = .object(grouped(request.query.flatMap { FormFields.decode(Array($0.utf8)) } ?? []))
        envelope["header"] = .object(headerObject(request.headers))
        envelope["cookies"] = .object(cookies(request.headers))
        if let body { envelope["body"] = body }
        return (.object(envelope), body)
    }

    /// Header names lower-cased, a repeated header's values joined with `, ` (RFC 9110); the
    /// credentials (`authorization`) and the cookies (in `cookies`) left out: a mapping must not be
    /// able to echo a credential back.
    static func headerObject(_ headers: [(name: String, value: String)]) -> Value.Object {
        var object = Value.Object()
        for (name, value) in headers {
            let lower = name.lowercased()
            if lower == "authorization" || lower == "cookie" || lower == "proxy-authorization" { continue }
            if case .text(let earlier)? = object[lower] {
                object[lower] = .text(earlier + ", " + value)
            } else {
                object[lower] = .text(value)
            }
        }
        return object
    }

    /// `Cookie: a=1; b=2` as an object; a name given twice keeps its first value (the most specific
    /// path comes first, RFC 6265 §5.4); a pair without `=` is skipped.
    static func cookies(_ headers: [(name: String, value: String)]) -> Value.Object {
        var object = Value.Object()
        for (name, value) in headers where name.lowercased() == "cookie" {
            for pair in value.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let key = pair[..<equals].trimmingWhitespace
                var text = pair[pair.index(after: equals)...].trimmingWhitespace
                if text.count >= 2, text.first == "\"", text.last == "\"" { text = String(text.dropFirst().dropLast()) }
                if !key.isEmpty && object[key] == nil { object[key] = .text(text) }
            }
        }
        return object
    }

    /// Fields by name: one value as Text, a repeated name as a List of its values in order.
    static func grouped(_ fields: [(name: String, value: String)]) -> Value.Object {
        var object = Value.Object()
        for (name, value) in fields {
            switch object[name] {
            case nil: object[name] = .text(value)
            case .list(var values)?:
                values.append(.text(value))
                object[name] = .list(values)
            case let first?: object[name] = .list([first, .text(value)])
            }
        }
        return object
    }

    /// The body by its `Content-Type` (serve.md §3, §10 "Bodies").
    static func parseBody(_ request: ReceivedRequest, json: JSONReader.Options) throws(EnvelopeFailure) -> Value? {
        guard !request.body.isEmpty else { return nil }
        if let encoding = request.headers.first(where: { $0.name.lowercased() == "content-encoding" })?.value,
            encoding.trimmingWhitespace.lowercased() != "identity"
        {
            throw EnvelopeFailure(status: 415, code: "S0410", reason: "unsupported media type: `Content-Encoding: \(encoding)`")
        }
        guard let contentType = request.headers.first(where: { $0.name.lowercased() == "content-type" })?.value else {
            throw EnvelopeFailure(status: 415, code: "S0410", reason: "unsupported media type: a body without `Content-Type`")
        }
        let parts = contentType.split(separator: ";")
        let mediaType = (parts.first.map { $0.trimmingWhitespace } ?? "").lowercased()
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].trimmingWhitespace.lowercased() == "charset" {
                let charset = pair[1].trimmingWhitespace.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if charset != "utf-8" && charset != "utf8" {
                    throw EnvelopeFailure(status: 415, code: "S0410", reason: "unsupported media type: charset `\(charset)`")
                }
            }
        }
        if mediaType == "application/json" || mediaType.hasSuffix("+json") {
            do {
                return try JSONReader.read(request.body, options: json)
            } catch {
                throw EnvelopeFailure(status: 400, code: "M0201", reason: "the body is not valid JSON: \(error)")
            }
        }
        if mediaType == "application/x-www-form-urlencoded" {
            guard let fields = FormFields.decode(request.body) else {
                throw EnvelopeFailure(status: 400, code: "M0201", reason: "the body is not valid form data")
            }
            return .object(grouped(fields))
        }
        if mediaType.hasPrefix("text/") {
            guard let text = String(validating: request.body, as: UTF8.self) else {
                throw EnvelopeFailure(status: 400, code: "M0201", reason: "the text body is not UTF-8")
            }
            return .text(text)
        }
        throw EnvelopeFailure(status: 415, code: "S0410", reason: "unsupported media type: `\(mediaType)`")
    }

    /// The host without its port: `example.com:8080` → `example.com`, `[::1]:80` → `[::1]`.
    static func hostName(_ host: String) -> String {
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[...close]) }
        return String(host.split(separator: ":", maxSplits: 1).first ?? "")
    }
}

extension StringProtocol {
    /// Without spaces and tabs at either end (HTTP's optional whitespace).
    var trimmingWhitespace: String {
        // Bytes: a space or a tab is never part of a longer UTF-8 sequence.
        var bytes = Substring(self).utf8[...]
        while let first = bytes.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { bytes = bytes.dropFirst() }
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { bytes = bytes.dropLast() }
        return String(Substring(bytes))
    }
}
