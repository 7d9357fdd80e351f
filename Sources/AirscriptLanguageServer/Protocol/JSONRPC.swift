import Airscript

/// JSON-RPC 2.0 as LSP uses it: requests (with an id) that want a response, notifications (none),
/// and responses to requests the server sent. JSON is held as Airscript `Value`s, read and written
/// by the library's own JSON reader and writer.
package enum JSONRPC {
    /// A message from the client.
    package enum Incoming {
        case request(id: Value, method: String, params: Value)
        case notification(method: String, params: Value)
        /// A response to a request of the server's: nothing waits for one, so it is dropped.
        case response(id: Value)
        /// Not JSON, or not a JSON-RPC message; the id when one could be read.
        case invalid(id: Value, code: ErrorCode, message: String)
    }

    /// The error codes of JSON-RPC and of LSP that the server answers with.
    package enum ErrorCode: Int {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        case serverNotInitialized = -32002
        case requestCancelled = -32800
    }

    /// Reads one message's body.
    package static func decode(_ body: [UInt8]) -> Incoming {
        let message: Value
        do { message = try JSONReader.read(body) } catch {
            return .invalid(id: .null, code: .parseError, message: "not JSON: \(error.message) at \(error.line):\(error.column)")
        }
        guard case .object = message else { return .invalid(id: .null, code: .invalidRequest, message: "a message is a JSON object") }
        let id = message.member("id")
        switch message.member("method") {
        case .text(let method):
            let params = message.member("params")
            switch id {
            case .null: return .notification(method: method, params: params)
            case .number, .text: return .request(id: id, method: method, params: params)
            default: return .invalid(id: .null, code: .invalidRequest, message: "an id is a number or a string")
            }
        case .null where id != .null:
            return .response(id: id)
        default:
            return .invalid(id: id, code: .invalidRequest, message: "a request names its `method` as a string")
        }
    }

    /// The bytes of a successful response.
    package static func response(id: Value, result: Value) -> [UInt8] {
        encode(["jsonrpc": "2.0", "id": id, "result": result])
    }

    /// The bytes of an error response.
    package static func error(id: Value, code: ErrorCode, message: String) -> [UInt8] {
        encode(["jsonrpc": "2.0", "id": id, "error": ["code": .number(Double(code.rawValue)), "message": .text(message)]])
    }

    /// The bytes of a notification from the server.
    package static func notification(method: String, params: Value) -> [UInt8] {
        encode(["jsonrpc": "2.0", "method": .text(method), "params": params])
    }

    private static func encode(_ message: Value) -> [UInt8] {
        var out: [UInt8] = []
        JSONWriter.write(message, into: &out)
        return out
    }
}
