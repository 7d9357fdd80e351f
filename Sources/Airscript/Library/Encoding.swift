import Crypto
import Foundation

/// §6 JSON, encoding, hashing.
extension FunctionLibrary {
    static let encoding: [BuiltinFunction] = [
        BuiltinFunction(
            ["TO_JSON(value: Any) -> Text"], category: .encoding,
            summary: "The value as compact JSON.", propagatesNull: false
        ) { a, call throws(RuntimeError) in
            try call.checkedText(JSONWriter.write(a[0]))
        },
        BuiltinFunction(["FROM_JSON(json: Text) -> Any"], category: .encoding, summary: "Parses JSON text into a value.") {
            a, call throws(RuntimeError) in
            let text = try call.text(a, 0)
            do throws(JSONError) {
                return try JSONReader.read(text)
            } catch {
                throw call.failure(
                    "`FROM_JSON` could not parse the text: \(error.message) at line \(error.line), column \(error.column)",
                    code: "R0509", argument: 0)
            }
        },
        BuiltinFunction(
            ["URL_ENCODE(text: Text) -> Text"], category: .encoding,
            summary: "Percent-encodes the text as JavaScript's encodeURIComponent."
        ) { a, call throws(RuntimeError) in
            var out = ""
            for byte in try call.text(a, 0).utf8 {
                if URLComponent.unreserved.contains(byte) {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2).replacingSpaces(with: "0")
                }
            }
            return .text(out)
        },
        BuiltinFunction(
            ["URL_DECODE(text: Text) -> Text"], category: .encoding,
            summary: "Decodes %XX sequences as UTF-8, as JavaScript's decodeURIComponent."
        ) { a, call throws(RuntimeError) in
            let bytes = Array(try call.text(a, 0).utf8)
            var out: [UInt8] = []
            var i = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "%") {
                    guard i + 2 < bytes.count, let byte = hexValue(of: bytes[(i + 1)...(i + 2)]) else {
                        throw call.failure(
                            "`URL_DECODE` could not parse the text: malformed % sequence at position \(i)",
                            code: "R0509", argument: 0)
                    }
                    out.append(UInt8(byte))
                    i += 3
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else {
                throw call.failure("`URL_DECODE` could not parse the text: the bytes are not UTF-8", code: "R0509", argument: 0)
            }
            return .text(s)
        },
        BuiltinFunction(
            ["BASE64_ENCODE(text: Text) -> Text"], category: .encoding,
            summary: "The Base64 of the text's UTF-8 bytes."
        ) { a, call throws(RuntimeError) in
            .text(Data(try call.text(a, 0).utf8).base64EncodedString())
        },
        BuiltinFunction(
            ["BASE64_DECODE(base64: Text) -> Text"], category: .encoding,
            summary: "Decodes Base64 (standard or URL-safe, padding optional) into UTF-8 text."
        ) { a, call throws(RuntimeError) in
            var cleaned = ""
            for c in try call.text(a, 0).unicodeScalars {
                switch c {
                case "-": cleaned += "+"
                case "_": cleaned += "/"
                case " ", "\n", "\r", "\t": continue
                default: cleaned.unicodeScalars.append(c)
                }
            }
            while cleaned.hasSuffix("=") { cleaned.removeLast() }
            let remainder = cleaned.count % 4
            guard remainder != 1 else {
                throw call.failure("`BASE64_DECODE` could not parse the text: wrong length", code: "R0509", argument: 0)
            }
            if remainder > 0 { cleaned += String(repeating: "=", count: 4 - remainder) }
            guard let data = Data(base64Encoded: cleaned) else {
                throw call.failure("`BASE64_DECODE` could not parse the text: not Base64", code: "R0509", argument: 0)
            }
            guard let s = String(validating: Array(data), as: UTF8.self) else {
                throw call.failure("`BASE64_DECODE` could not parse the text: the bytes are not UTF-8", code: "R0509", argument: 0)
            }
            return .text(s)
        },
        BuiltinFunction(["MD5(text: Text) -> Text"], category: .encoding, summary: "The MD5 digest of the text, in hex.") {
            a, call throws(RuntimeError) in .text(hexText(Insecure.MD5.hash(data: Array(try call.text(a, 0).utf8))))
        },
        BuiltinFunction(["SHA1(text: Text) -> Text"], category: .encoding, summary: "The SHA-1 digest of the text, in hex.") {
            a, call throws(RuntimeError) in .text(hexText(Insecure.SHA1.hash(data: Array(try call.text(a, 0).utf8))))
        },
        BuiltinFunction(["SHA256(text: Text) -> Text"], category: .encoding, summary: "The SHA-256 digest of the text, in hex.") {
            a, call throws(RuntimeError) in .text(hexText(SHA256.hash(data: Array(try call.text(a, 0).utf8))))
        },
        BuiltinFunction(
            ["HMAC_MD5(message: Text, key: Text, encoding?: \"hex\" | \"base64\" = \"hex\") -> Text"], category: .encoding,
            summary: "The HMAC-MD5 of the message with the key, in hex or Base64."
        ) { a, call throws(RuntimeError) in
            try hmac(Insecure.MD5.self, a, call)
        },
        BuiltinFunction(
            ["HMAC_SHA1(message: Text, key: Text, encoding?: \"hex\" | \"base64\" = \"hex\") -> Text"], category: .encoding,
            summary: "The HMAC-SHA1 of the message with the key, in hex or Base64."
        ) { a, call throws(RuntimeError) in
            try hmac(Insecure.SHA1.self, a, call)
        },
        BuiltinFunction(
            ["HMAC_SHA256(message: Text, key: Text, encoding?: \"hex\" | \"base64\" = \"hex\") -> Text"], category: .encoding,
            summary: "The HMAC-SHA256 of the message with the key, in hex or Base64 (webhook signatures)."
        ) {
            a, call throws(RuntimeError) in try hmac(SHA256.self, a, call)
        },
    ]

    private static func hmac<H: HashFunction>(_ hash: H.Type, _ a: Arguments, _ call: Invocation) throws(RuntimeError) -> Value {
        let message = try call.text(a, 0), key = try call.text(a, 1)
        let encoding = (try call.optionalText(a, 2) ?? "hex").lowercased()
        let mac = HMAC<H>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: Array(key.utf8)))
        switch encoding {
        case "hex": return .text(hexText(mac))
        case "base64": return .text(Data(mac).base64EncodedString())
        default: throw call.failure("encoding must be \"hex\" or \"base64\", got \"\(encoding)\"", argument: 2)
        }
    }
}

enum URLComponent {
    /// Characters encodeURIComponent leaves alone.
    static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()".utf8))
}
