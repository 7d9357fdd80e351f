import Foundation

/// Reads NDJSON lines from a file descriptor in chunks, so memory stays bounded on input of any length.
/// CR LF endings are accepted, a byte-order mark at the start of the file is skipped, and a line longer
/// than `maxLineBytes` is returned as `.tooLong` (its bytes are skipped, not kept).
public struct LineReader {
    public enum Line: Sendable {
        case text(ArraySlice<UInt8>)
        case tooLong(Int)
    }

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    /// How far past `start` the buffer is known to hold no line break (so long lines are scanned once).
    private var scanned = 0
    private var finished = false
    private var skipping = false
    private var skippedBytes = 0
    private var atFileStart = true
    public let maxLineBytes: Int
    public private(set) var lineNumber = 0

    public init(handle: FileHandle, maxLineBytes: Int = 16 << 20) {
        self.handle = handle
        self.maxLineBytes = maxLineBytes
    }

    /// The next line (without its line break), or nil at the end of the input.
    public mutating func next() -> Line? {
        while true {
            if let newline = firstLineFeed(from: max(start, scanned)) {
                var end = newline
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let lineStart = start
                start = newline + 1
                scanned = start
                lineNumber += 1
                if skipping {
                    skipping = false
                    let total = skippedBytes + (end - lineStart)
                    skippedBytes = 0
                    return .tooLong(total)
                }
                if end - lineStart > maxLineBytes { return .tooLong(end - lineStart) }
                return .text(buffer[lineStart..<end])
            }
            if finished {
                guard start < buffer.count || skipping else { return nil }
                // A last line without a line break.
                lineNumber += 1
                let rest = buffer[start...]
                start = buffer.count
                if skipping {
                    skipping = false
                    return .tooLong(skippedBytes + rest.count)
                }
                var end = rest.endIndex
                if end > rest.startIndex && buffer[end - 1] == 0x0D { end -= 1 }
                return rest.count > maxLineBytes ? .tooLong(rest.count) : .text(buffer[rest.startIndex..<end])
            }
            // Compact, then read more.
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            scanned = buffer.count
            if buffer.count > maxLineBytes {
                // The current line is too long: drop what we have and remember the count.
                skipping = true
                skippedBytes += buffer.count
                buffer.removeAll(keepingCapacity: true)
                scanned = 0
            }
            let chunk = handle.readData(ofLength: 1 << 16)
            if chunk.isEmpty {
                finished = true
            } else {
                buffer.append(contentsOf: chunk)
                if atFileStart {
                    atFileStart = false
                    if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { buffer.removeFirst(3) }
                }
            }
        }
    }

    /// The offset of the first line feed in the buffer at or after `offset`: `memchr`, which looks at
    /// many bytes an instruction, where a byte loop was a twentieth of `map`'s time.
    private func firstLineFeed(from offset: Int) -> Int? {
        guard offset < buffer.count else { return nil }
        return buffer.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!
            return memchr(base + offset, 0x0A, bytes.count - offset).map { UnsafeRawPointer($0) - base }
        }
    }
}
