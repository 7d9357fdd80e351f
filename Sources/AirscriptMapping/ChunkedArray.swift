/// An array kept in chunks of 4,096 elements, so that appending never moves what is already there.
///
/// A Swift array grows by copying every element into a buffer twice the size: the memory store's
/// journeys (170 bytes each) grow under the lock every delivery of a server waits on, and at
/// 143,000 journeys one commit held it 21 ms while the array moved 24 MB. Here an append that
/// fills a chunk starts the next one; only the list of chunks grows, a pointer a chunk.
public struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    private static var chunkBits: Int { 12 }
    private static var chunkMask: Int { (1 << chunkBits) - 1 }
    private var chunks: [[Element]] = []
    /// How many elements.
    public private(set) var count = 0

    /// An empty array.
    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "index out of range")
            return chunks[position >> Self.chunkBits][position & Self.chunkMask]
        }
        _modify {
            precondition(position >= 0 && position < count, "index out of range")
            yield &chunks[position >> Self.chunkBits][position & Self.chunkMask]
        }
    }

    /// Adds `element` at the end.
    public mutating func append(_ element: Element) {
        if count & Self.chunkMask == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(1 << Self.chunkBits)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    /// Removes and returns the last element; the array must not be empty.
    @discardableResult
    public mutating func removeLast() -> Element {
        precondition(count > 0, "removeLast from an empty array")
        let element = chunks[chunks.count - 1].removeLast()
        count -= 1
        if chunks[chunks.count - 1].isEmpty { chunks.removeLast() }
        return element
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
