import Foundation

/// What format strings parse to, remembered: a format is usually a constant of the expression, and
/// parsing it again at every call was a tenth of a mapped record's time. Bounded: past `capacity`
/// formats (an expression that builds its format from the payload) it starts over.
final class FormatCache<Parsed: Sendable>: @unchecked Sendable {
    private var entries: [String: Parsed] = [:]
    private let lock = NSLock()  // guards `entries`
    private let capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The parsed `format`, parsed with `parse` the first time.
    func parsed(_ format: String, _ parse: (String) -> Parsed) -> Parsed {
        if let known = lock.withLock({ entries[format] }) { return known }
        let parsed = parse(format)
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[format] = parsed
        }
        return parsed
    }
}
