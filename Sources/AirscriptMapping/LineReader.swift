import Airscript
import Foundation

/// Reads NDJSON lines from a file descriptor in chunks, so memory stays bounded on input of any length.
/// CR LF endings are accepted, a byte-order mark at the start of the file is skipped, and a line longer
/// than `maxLineBytes` is returned as `.tooLong` (its bytes are skipped, not kept). A failing read ends
/// the input with `.unreadable`, once: what was read before it is kept, nothing is dropped silently.
package struct LineReader {
    public enum Line: Sendable {
        case text(ArraySlice<UInt8>)
        case tooLong(Int)
        /// The input could not be read on from here: the system's reason.
        case unreadable(String)
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
    private var readFailure: String?
    private var scratch: [UInt8] = []
    /// Bytes asked of each `read(2)`: FileHandle's `readData` read 4 KiB at a time, into a `Data` it
    /// then copied; a million records of 1 KB took a quarter of a million system calls.
    static let chunkBytes = 1 << 18
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
                guard start < buffer.count || skipping else {
                    guard let failure = readFailure else { return nil }
                    readFailure = nil
                    lineNumber += 1
                    return .unreadable(failure)
                }
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
            if !readChunk() {
                finished = true
            } else {
                if atFileStart {
                    atFileStart = false
                    if buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { buffer.removeFirst(3) }
                }
            }
        }
    }

    /// Appends the next chunk of the input to the buffer; false at its end or at a failing read
    /// (whose reason `next()` returns once the lines before it are out).
    private mutating func readChunk() -> Bool {
        if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: LineReader.chunkBytes) }
        let descriptor = handle.fileDescriptor
        while true {
            let n = scratch.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: scratch[0..<n])
                return true
            }
            if n == 0 { return false }
            if errno == EINTR { continue }
            readFailure = String(cString: strerror(errno))
            return false
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
