import Airscript
import Foundation
import Logging

/// The server's log (serve.md §7): one line per event on standard error, as JSON (for log
/// collectors) or as text (for a terminal). Metadata are the line's fields.
public struct ServeLogHandler: LogHandler {
    /// How lines are written.
    public enum Format: String, Sendable {
        case json, text
    }

    let format: Format
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info

    /// A handler writing `format` lines.
    public init(format: Format) {
        self.format = format
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = event.metadata ?? [:]
        if !metadata.isEmpty { fields.merge(metadata) { event, _ in event } }
        let sorted = fields.sorted(by: { $0.key < $1.key })
        let time = ISO8601Instant.format((Date().timeIntervalSince1970 * 1000).rounded(.down))
        var line: [UInt8] = []
        line.reserveCapacity(384)
        switch format {
        case .json:
            // Written field by field (an access line per request): time, level and message first,
            // then the metadata by name.
            func field(_ key: String, _ value: String) {
                line.append(line.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
                JSONWriter.writeString(key, into: &line)
                line.append(UInt8(ascii: ":"))
                JSONWriter.writeString(value, into: &line)
            }
            field("time", time)
            field("level", event.level.rawValue)
            field("message", event.message.description)
            for (key, value) in sorted where !ServeLogHandler.leading.contains(key) {
                field(key, value.description)
            }
            line.append(UInt8(ascii: "}"))
        case .text:
            var text = "\(time) \(event.level.rawValue) \(event.message)"
            for (key, value) in sorted { text += " \(key)=\(value)" }
            line = Array(text.utf8)
        }
        line.append(UInt8(ascii: "\n"))
        ServeLogHandler.lock.withLock {
            line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(FileHandle.standardError.fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    guard written > 0 else { return }  // a closed standard error loses the line, not the server
                    offset += written
                }
            }
        }
    }

    /// The fields every line starts with; metadata of these names would repeat them.
    static let leading: Set<String> = ["time", "level", "message"]

    static let lock = NSLock()
}
