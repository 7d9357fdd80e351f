/// The fields of an object value: keys in insertion order, each once. Payload objects are small, so
/// the fields are one array searched linearly; an object that grows past `indexThreshold` fields also
/// keeps a hash index. (A measured replacement for OrderedDictionary, whose several buffers per
/// object dominated reading JSON.)
public struct ObjectFields: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: Value)

    @usableFromInline var entries: [Element]
    @usableFromInline var index: [String: Int]?
    static let indexThreshold = 16

    public init() { entries = [] }

    public init(dictionaryLiteral elements: (String, Value)...) {
        entries = []
        entries.reserveCapacity(elements.count)
        for (k, v) in elements { self[k] = v }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }
    public var values: [Value] { entries.map(\.value) }

    public func makeIterator() -> IndexingIterator<[Element]> { entries.makeIterator() }

    public mutating func reserveCapacity(_ n: Int) { entries.reserveCapacity(n) }

    @inlinable
    func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }

    /// The value of a key; setting keeps a key's first position (JavaScript object semantics) and
    /// setting nil removes it.
    public subscript(key: String) -> Value? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let i = position(of: key) {
                if let newValue { entries[i].value = newValue } else { removeValue(forKey: key) }
                return
            }
            guard let newValue else { return }
            entries.append((key, newValue))
            if index != nil {
                index![key] = entries.count - 1
            } else if entries.count > ObjectFields.indexThreshold {
                buildIndex()
            }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> Value? {
        guard let i = position(of: key) else { return nil }
        let old = entries.remove(at: i).value
        if index != nil { buildIndex() }
        return old
    }

    mutating func buildIndex() {
        var map: [String: Int] = [:]
        map.reserveCapacity(entries.count)
        for (i, e) in entries.enumerated() { map[e.key] = i }
        index = map
    }
}
