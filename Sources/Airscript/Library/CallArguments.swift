/// The argument values of one built-in call. They live in a buffer the evaluator owns for the
/// duration of the call (on its stack), so a call allocates nothing for its arguments. A body
/// that keeps them past its return copies them (`Array(arguments)`).
public struct Arguments: RandomAccessCollection {
    let buffer: UnsafeBufferPointer<Value>

    init(_ buffer: UnsafeBufferPointer<Value>) { self.buffer = buffer }

    public var startIndex: Int { 0 }
    public var endIndex: Int { buffer.count }

    public subscript(position: Int) -> Value {
        unsafeAddress {
            precondition(position >= 0 && position < buffer.count, "argument index out of range")
            return buffer.baseAddress! + position
        }
    }
}
