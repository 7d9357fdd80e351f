import Foundation

/// Values remembered by key, each made the first time it is asked for, safe to share between
/// threads: what a date format parses to (formats are usually constants, and parsing one again at
/// every call was a tenth of a mapped record's time), the server's metrics by their labels.
/// With a `capacity`, past that many keys it starts over (keys an expression builds from its input).
package final class Memo<Key: Hashable, Value>: @unchecked Sendable {
    private var values: [Key: Value] = [:]
    private let lock = NSLock()  // guards `values`
    private let capacity: Int

    package init(capacity: Int = .max) {
        self.capacity = capacity
    }

    /// The value of `key`, made with `make` the first time.
    package func value(_ key: Key, _ make: (Key) -> Value) -> Value {
        if let known = lock.withLock({ values[key] }) { return known }
        let made = make(key)
        lock.withLock {
            if values.count >= capacity { values.removeAll(keepingCapacity: true) }
            values[key] = made
        }
        return made
    }
}
