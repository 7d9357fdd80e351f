import Foundation

/// The base protocol's framing (LSP 3.17 "Base Protocol"): each message is a header part of
/// `Name: value` lines ended by an empty line, then `Content-Length` bytes of JSON. Bytes arrive in
/// reads of any size: a read may hold part of a message, or several.
package struct MessageFraming {
    /// What the decoder found at the front of its buffer.
    package enum Frame: Equatable {
        /// One message's body.
        case message([UInt8])
        /// A header part that cannot be read (no or a bad `Content-Length`): its bytes are dropped
        /// so the next message can still be read.
        case malformed(String)
    }

    private var buffer: [UInt8] = []
    private var start = 0
    /// The largest body accepted: a bigger length is taken for garbage, not waited for.
    package let maximumLength: Int

    package init(maximumLength: Int = 64 << 20) {
        self.maximumLength = maximumLength
    }

    /// Adds bytes read from the stream.
    package mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or nil until more bytes arrive.
    package mutating func next() -> Frame? {
        guard let headerEnd = indexOfBlankLine() else {
            // Garbage with no header end would grow forever: past a header's sane size, drop it.
            if buffer.count - start > 8192 {
                start = buffer.count
                return .malformed("a header part longer than 8 KiB without an empty line")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<headerEnd.lineStart], as: UTF8.self)
        guard let length = MessageFraming.contentLength(in: header) else {
            start = headerEnd.bodyStart
            return .malformed("no valid Content-Length in the header part: \(header.prefix(80).debugDescription)")
        }
        guard length <= maximumLength else {
            start = headerEnd.bodyStart
            return .malformed("Content-Length \(length) exceeds \(maximumLength)")
        }
        guard buffer.count - headerEnd.bodyStart >= length else { return nil }
        let body = Array(buffer[headerEnd.bodyStart..<(headerEnd.bodyStart + length)])
        start = headerEnd.bodyStart + length
        return .message(body)
    }

    /// The end of the header part: the first `\r\n\r\n` (or a bare `\n\n`, which some clients send).
    private func indexOfBlankLine() -> (lineStart: Int, bodyStart: Int)? {
        var i = start
        while i < buffer.count {
            if buffer[i] == 0x0A {
                if i + 1 < buffer.count && buffer[i + 1] == 0x0A { return (i, i + 2) }
                if i + 2 < buffer.count && buffer[i + 1] == 0x0D && buffer[i + 2] == 0x0A { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }

    /// The value of `Content-Length` (case-insensitive name, as HTTP's), if it is a number.
    static func contentLength(in header: String) -> Int? {
        for line in header.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            if name == "content-length" {
                return Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 ? $0 : nil }
            }
        }
        return nil
    }

    /// A message framed for writing.
    package static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}
