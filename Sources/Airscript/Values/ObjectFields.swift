/// The fields of an object value: keys in insertion order, each once. Payload objects are small, so
/// the fields are one array searched linearly; an object that grows past `indexThreshold` fields also
/// keeps a hash index. (A measured replacement for OrderedDictionary, whose several buffers per
/// object dominated reading JSON.)
///
/// Keys are compared as JavaScript compares property names: by their code units, not by Unicode
/// canonical equivalence as `String ==` would. Each entry keeps a fingerprint of its key's bytes, so
/// a look-up compares integers and confirms the bytes of one candidate only.
public struct ObjectFields: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: Value)

    /// The value first: its address is the entry's (see `address(of:)`).
    @usableFromInline package struct Entry: Sendable {
        @usableFromInline package var value: Value
        @usableFromInline package var key: PropertyName

        @usableFromInline init(key: consuming PropertyName, value: consuming Value) {
            self.value = value
            self.key = key
        }
    }

    @usableFromInline var entries: [Entry]
    @usableFromInline var index: [PropertyName: Int]?
    static let indexThreshold = 16

    /// An empty object.
    public init() { entries = [] }

    public init(dictionaryLiteral elements: (String, Value)...) {
        entries = []
        entries.reserveCapacity(elements.count)
        for (k, v) in elements { self[k] = v }
    }

    public var count: Int { entries.count }
    /// Whether it has no properties.
    public var isEmpty: Bool { entries.isEmpty }
    /// The keys, in insertion order.
    public var keys: [String] { entries.map(\.key.text) }
    /// The values, in insertion order.
    public var values: [Value] { entries.map(\.value) }

    public struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Entry]>
        public mutating func next() -> Element? { base.next().map { ($0.key.text, $0.value) } }
    }

    public func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    /// Makes room for `n` properties.
    @inlinable public mutating func reserveCapacity(_ n: Int) { entries.reserveCapacity(n) }

    @inlinable
    func position(of key: borrowing PropertyName) -> Int? {
        if let index { return index[copy key] }
        return entries.withUnsafeBufferPointer { buffer in ObjectFields.scan(buffer, for: key) }
    }

    /// The position of a key in a small object: a tight loop over the fingerprints, the bytes
    /// compared for a matching one only.
    @inlinable @inline(__always)
    static func scan(_ buffer: UnsafeBufferPointer<Entry>, for key: borrowing PropertyName) -> Int? {
        let fingerprint = key.fingerprint
        for i in 0..<buffer.count where buffer[i].key.fingerprint == fingerprint {
            if String.sameCodeUnits(buffer[i].key.text, key.text) { return i }
        }
        return nil
    }

    /// The value of a key; setting keeps a key's first position (JavaScript object semantics) and
    /// setting nil removes it.
    public subscript(key: String) -> Value? {
        get { self[PropertyName(key)] }
        set { self[PropertyName(key)] = newValue }
    }

    /// The same, for a key known ahead (a compiled path): its fingerprint is already computed.
    public subscript(key: PropertyName) -> Value? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let i = position(of: key) {
                if let newValue { entries[i].value = newValue } else { removeValue(forKey: key) }
                return
            }
            guard let newValue else { return }
            appendNew(key, newValue)
        }
    }

    /// Appends a key known to be absent, indexing the object once it grows past `indexThreshold`.
    private mutating func appendNew(_ key: consuming PropertyName, _ value: consuming Value) {
        appendDistinct(key, value)
        if index == nil && entries.count > ObjectFields.indexThreshold { buildIndex() }
    }

    /// The address of a key's value in the entries' storage; nil when the key is absent. It stays
    /// valid while this object's storage lives unchanged: values are immutable once built, so for
    /// as long as the caller holds the value the object belongs to. A path steps through objects
    /// by address, so that nothing on its way is copied (a copy retained and released the value).
    func address(of key: borrowing PropertyName) -> UnsafePointer<Value>? {
        entries.withUnsafeBufferPointer { buffer in
            let found = index != nil ? index![copy key] : ObjectFields.scan(buffer, for: key)
            return found.map { buffer.valueAddress($0) }
        }
    }

    /// The outcome of `quickAddress(of:hint:)`.
    enum QuickLookup {
        case found(UnsafePointer<Value>, position: Int)
        case absent
        /// Only `address(of:)` can tell: the object is large, or a key has the fingerprint but not
        /// the representation of the one looked for.
        case undecided
    }

    /// `address(of:)` without a call: the key at position `hint` is tried first, then every key's
    /// fingerprint and representation, inline. A caller that reads the object in place can borrow
    /// it across this, not copy it, since nothing here can write memory.
    @inline(__always)
    func quickAddress(of key: borrowing PropertyName, hint: Int) -> QuickLookup {
        entries.withUnsafeBufferPointer { buffer in
            // Large objects may have an index: `address(of:)` uses it. Small ones are scanned here
            // whether they have one or not (the entries are the truth; the index only speeds up),
            // so the index, and its reference count, are not touched.
            if buffer.count > ObjectFields.indexThreshold { return .undecided }
            let fingerprint = key.fingerprint
            if hint < buffer.count && buffer[hint].key.fingerprint == fingerprint
                && String.sameRepresentation(buffer[hint].key.text, key.text)
            {
                return .found(buffer.valueAddress(hint), position: hint)
            }
            var undecided = false
            for i in 0..<buffer.count where buffer[i].key.fingerprint == fingerprint {
                if String.sameRepresentation(buffer[i].key.text, key.text) {
                    return .found(buffer.valueAddress(i), position: i)
                }
                undecided = true
            }
            return undecided ? .undecided : .absent
        }
    }

    /// Sets every field of `other` here, in its order, reusing its keys' fingerprints.
    mutating func merge(_ other: ObjectFields) {
        for entry in other.entries { self[entry.key] = entry.value }
    }

    /// Whether both hold the same keys with values equal by `same` (order aside).
    func hasSameFields(as other: ObjectFields, _ same: (Value, Value) -> Bool) -> Bool {
        guard count == other.count else { return false }
        for entry in entries {
            guard let value = other[entry.key], same(entry.value, value) else { return false }
        }
        return true
    }

    /// Sets a field read from a document, whose keys are nearly always distinct: `seen`, the caller's
    /// 64-bit summary of the fingerprints set so far, tells a certainly new key (appended without a
    /// search) from one that may repeat (set as the subscript sets it).
    mutating func setRead(_ key: consuming PropertyName, _ value: consuming Value, seen: inout UInt64) {
        let bit: UInt64 = 1 &<< UInt64(key.fingerprint & 63)
        guard seen & bit == 0 else {
            self[key] = value
            return
        }
        seen |= bit
        appendNew(key, value)
    }

    /// Appends a field whose key the caller knows is not there yet (a fixed set of distinct keys),
    /// skipping the search; debug builds check the promise. It builds no index: objects assembled
    /// this way (output records) are written, not searched, and a search without one is linear.
    package mutating func appendDistinct(_ key: consuming PropertyName, _ value: consuming Value) {
        assert(position(of: key) == nil, "appendDistinct: `\(key.text)` is already there")
        // The arguments are consumed: moved into the entry, not copied and released.
        if index != nil { index![copy key] = entries.count }
        entries.append(Entry(key: key, value: value))
    }

    /// Removes `key`'s property and returns its value; the others keep their order.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> Value? {
        removeValue(forKey: PropertyName(key))
    }

    @discardableResult
    mutating func removeValue(forKey key: PropertyName) -> Value? {
        guard let i = position(of: key) else { return nil }
        let old = entries.remove(at: i).value
        if index != nil { buildIndex() }
        return old
    }

    mutating func buildIndex() {
        var map: [PropertyName: Int] = [:]
        map.reserveCapacity(entries.count)
        for (i, e) in entries.enumerated() { map[e.key] = i }
        index = map
    }
}

/// A property name with a fingerprint of its UTF-8 bytes. Paths in compiled programs hold their
/// names in this form, so looking a name up costs no hashing at run time.
public struct PropertyName: Hashable, Sendable {
    /// The name as text.
    public let text: String
    @usableFromInline let fingerprint: UInt32

    /// A property name, with its hash computed once.
    public init(_ text: String) {
        var text = text
        self.fingerprint = text.withUTF8 { PropertyName.fingerprint(of: $0) }
        self.text = text
    }

    /// A name whose fingerprint its reader computed from the bytes it scanned.
    init(_ text: String, fingerprint: UInt32) {
        self.text = text
        self.fingerprint = fingerprint
    }

    /// FNV-1a over eight bytes at a time (the last word zero-padded, the length mixed in), folded
    /// to 32 bits: a byte at a time, it was most of the time spent reading a key.
    /// `readable` is how many bytes after the name's may be loaded (and masked off, never hashed):
    /// with eight, the last partial word is one load.
    static func fingerprint(of bytes: UnsafeBufferPointer<UInt8>, readable: Int = 0) -> UInt32 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var k = 0
        var last = UInt64(truncatingIfNeeded: bytes.count) &<< 56
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while k + 8 <= bytes.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) &* prime
                k += 8
            }
            if k < bytes.count && readable >= 8 {
                // Little-endian: the name's bytes are the low ones.
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                last |= word & ((1 &<< UInt64(8 * (bytes.count - k))) &- 1)
                k = bytes.count
            }
        }
        var shift: UInt64 = 0
        while k < bytes.count {
            last |= UInt64(bytes[k]) &<< shift
            shift += 8
            k += 1
        }
        hash = (hash ^ last) &* prime
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    /// Same bytes. The fingerprints differ for almost every pair of different keys, so the bytes
    /// are compared only for the key that matches.
    @inlinable
    public static func == (a: PropertyName, b: PropertyName) -> Bool {
        a.fingerprint == b.fingerprint && String.sameCodeUnits(a.text, b.text)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(fingerprint) }
}
