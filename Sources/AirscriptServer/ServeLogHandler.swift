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
        var fields = self.metadata
        if let more = event.metadata { fields.merge(more) { $1 } }
        let time = ISO8601Instant.format((Date().timeIntervalSince1970 * 1000).rounded(.down))
        var line: String
        switch format {
        case .json:
            var object: Value.Object = ["time": .text(time), "level": .text(event.level.rawValue), "message": .text(event.message.description)]
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) { object[key] = .text(value.description) }
            line = JSONWriter.write(.object(object))
        case .text:
            line = "\(time) \(event.level.rawValue) \(event.message)"
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        }
        line += "\n"
        ServeLogHandler.lock.withLock { FileHandle.standardError.write(Data(line.utf8)) }
    }

    static let lock = NSLock()
}
