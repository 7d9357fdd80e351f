import Foundation

/// The JSON writer's output while it writes: a growable buffer whose append is a store and an
/// increment. Appending to a `[UInt8]` checked the array's uniqueness and capacity for every byte,
/// which was a third of writing a record.
///
/// It starts in memory its caller lends (usually the stack, see `withSink`) and moves to the heap
/// only when that is full, so writing a record of ordinary size allocates nothing.
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Whether `base` was allocated here (after growing), rather than lent.
    private var owned = false

    private init(lending buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress!
        capacity = buffer.count
    }

    deinit { if owned { base.deallocate() } }

    /// Runs `body` with an empty sink that starts in 1 KiB of the stack (the most the standard
    /// library places on the stack for a temporary allocation).
    static func withSink<R>(_ body: (inout ByteSink) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { stack in
            var sink = ByteSink(lending: stack)
            return try body(&sink)
        }
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if capacity - count < bytes.count { grow(toHold: bytes.count) }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// The bytes written so far, for the length of `body`.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    @inline(never)
    private mutating func grow(toHold extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        if owned { base.deallocate() }
        base = newBase
        capacity = newCapacity
        owned = true
    }
}
