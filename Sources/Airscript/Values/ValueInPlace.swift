/// Reading a value's contents where they are held. A walk over a large value that binds each list
/// or object it meets copies it (a retain and a release) at every level, because a call inside the
/// walk could, as far as the compiler knows, change the memory it was read from. These accessors
/// bind nothing across a call: they return the storage's address, which stays valid while the value
/// it was read from lives unchanged (values are immutable once built).
extension Value {
    /// The elements of the List at `value`, in place; nil for other kinds.
    @inlinable @inline(__always)
    package static func listElements(at value: UnsafePointer<Value>) -> UnsafeBufferPointer<Value>? {
        guard case .list(let elements) = value.pointee else { return nil }
        return elements.withUnsafeBufferPointer { $0 }
    }

    /// The entries of the Object at `value`, in place (the special kinds are not objects here).
    @inlinable @inline(__always)
    package static func objectEntries(at value: UnsafePointer<Value>) -> UnsafeBufferPointer<ObjectFields.Entry>? {
        guard case .object(let fields) = value.pointee else { return nil }
        return fields.entries.withUnsafeBufferPointer { $0 }
    }
}

extension UnsafeBufferPointer where Element == ObjectFields.Entry {
    /// The address of the value of the entry at `i`.
    @inlinable @inline(__always)
    package func valueAddress(_ i: Int) -> UnsafePointer<Value> {
        // The value is the entry's first field.
        UnsafeRawPointer(baseAddress! + i).assumingMemoryBound(to: Value.self)
    }
}
