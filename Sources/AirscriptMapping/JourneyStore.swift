import Airscript
import Crypto
import Foundation

/// The journeys that exist in the simulated app (mapping.md §7): who holds which identifier, so a
/// stream of payloads produces the outcomes a real app would.
public struct JourneyStore: Sendable {
    /// One journey of the simulated app (mapping.md §7).
    public struct Journey: Sendable, Equatable {
        /// The session id (a version-4 UUID derived from the seed, the mapping and the sequence).
        public var id: String
        /// Whether it is still running; a replaced journey is ended.
        public var active: Bool
        /// The Text identifier it holds, if any.
        public var identifier: String?
        /// The phone (E.164) it holds, if any.
        public var phone: String?
        /// When it was started (ISO 8601).
        public var createdAt: String?
        /// When it was ended.
        public var endedAt: String?
        /// Why it was ended (`replaced`).
        public var endReason: String?
        /// The mapping that started it.
        public var mapping: String?
        /// The input file of the record that started it.
        public var sourceFile: String?
        /// That record's line.
        public var sourceLine: Int?
        /// Events delivered to it.
        public var events: Int
        /// Its creation number in the store's journey-id sequence; nil for one loaded from a
        /// version 1 state file, which did not record it.
        public var seq: Int?

        /// `active` or `ended`, as the stores, the state file and the listings write it.
        public var status: String { active ? "active" : "ended" }

        /// A journey, as a backend reads it back.
        public init(
            id: String, active: Bool, identifier: String?, phone: String?, createdAt: String?, endedAt: String?,
            endReason: String?, mapping: String?, sourceFile: String?, sourceLine: Int?, events: Int, seq: Int?
        ) {
            self.id = id
            self.active = active
            self.identifier = identifier
            self.phone = phone
            self.createdAt = createdAt
            self.endedAt = endedAt
            self.endReason = endReason
            self.mapping = mapping
            self.sourceFile = sourceFile
            self.sourceLine = sourceLine
            self.events = events
            self.seq = seq
        }
    }

    /// Every journey, in the order they were added or created.
    public var journeys: ChunkedArray<Journey> { storage }
    // Chunked: the memory store's journeys grow while every delivery of a server waits for them.
    private var storage = ChunkedArray<Journey>()
    /// Journeys created so far (the journey-id sequence).
    public package(set) var sequence = 0
    // Sharded: the memory store's indexes grow while every delivery of a server waits for them.
    private var byIdentifier = ShardedDictionary<String, Int>()
    private var byPhone = ShardedDictionary<String, Int>()
    private var byID = ShardedDictionary<String, Int>()
    /// The changes of the record being committed, newest last, so that a record that fails part
    /// way commits nothing (mapping.md §3.7: a record commits whole or not at all).
    private var undo: [Undo] = []

    private enum Undo {
        case created(index: Int)
        /// Only active journeys are ended: taking it back makes it active again, with no end.
        case ended(index: Int)
        case delivered(index: Int)
    }

    /// An empty store.
    public init() {}

    /// A working set: the journeys a database backend loaded for one batch (those holding the
    /// batch's keys) and the store's sequence. What the batch changes is read back by position:
    /// the journeys from `journeys.count` at load time on are new.
    package init(workingSet: [Journey], sequence: Int) {
        for journey in workingSet { index(journey) }
        self.sequence = sequence
    }

    /// Adds a journey as it is, indexing it: an active holder of an identifier or phone already
    /// indexed loses it (the first holder wins, mapping.md §7.1); returns the warning if so.
    @discardableResult
    package mutating func index(_ journey: Journey) -> String? {
        var journey = journey
        var warning: String?
        let position = storage.count
        if journey.active, let identifier = journey.identifier {
            if let holder = byIdentifier[identifier] {
                warning = "two active journeys with identifier `\(identifier)`; kept \(storage[holder].id)"
                journey.identifier = nil
            } else {
                byIdentifier[identifier] = position
            }
        }
        if journey.active, let phone = journey.phone {
            if let holder = byPhone[phone] {
                warning = "two active journeys with identifier `\(phone)`; kept \(storage[holder].id)"
                journey.phone = nil
            } else {
                byPhone[phone] = position
            }
        }
        byID[journey.id] = position
        storage.append(journey)
        return warning
    }

    /// Starts a record's changes: `discardRecord()` takes back everything done after this.
    mutating func beginRecord() {
        undo.removeAll(keepingCapacity: true)
    }

    /// Takes back the changes since `beginRecord()`, newest first.
    mutating func discardRecord() {
        while let change = undo.popLast() {
            switch change {
            case .created(let index):
                let journey = storage.removeLast()
                assert(index == storage.count)
                byID[journey.id] = nil
                if let i = journey.identifier, byIdentifier[i] == index { byIdentifier[i] = nil }
                if let p = journey.phone, byPhone[p] == index { byPhone[p] = nil }
                sequence -= 1
            case .delivered(let index):
                storage[index].events -= 1
            case .ended(let index):
                storage[index].active = true
                storage[index].endedAt = nil
                storage[index].endReason = nil
                if let i = storage[index].identifier { byIdentifier[i] = index }
                if let p = storage[index].phone { byPhone[p] = index }
            }
        }
    }

    /// The active journey holding a Text identifier, a phone, or a session id.
    func match(_ type: MappingDefinition.IdentifierType, _ value: String) -> Int? {
        switch type {
        case .text: byIdentifier[value]
        case .phone: byPhone[value]
        case .journeyID: byID[value].flatMap { storage[$0].active ? $0 : nil }
        }
    }

    subscript(index: Int) -> Journey { storage[index] }

    /// The journey with session id `id`, active or ended, if this store holds it.
    public func journey(id: String) -> Journey? {
        byID[id].map { storage[$0] }
    }

    /// Deterministic ids (§7.2): SHA-256 of "<seed>:<mapping>:<sequence>", as a version-4 UUID.
    /// The message is assembled as bytes and the digest read in place: through an interpolated
    /// string and arrays, the id cost three times the hash.
    static func journeyID(seed: UInt64, mapping: String, sequence: Int) -> String {
        var message: [UInt8] = []
        message.reserveCapacity(mapping.utf8.count + 42)
        NumberRendering.appendDecimalDigits(of: seed, to: &message)
        message.append(UInt8(ascii: ":"))
        message.append(contentsOf: mapping.utf8)
        message.append(UInt8(ascii: ":"))
        if sequence < 0 { message.append(UInt8(ascii: "-")) }
        NumberRendering.appendDecimalDigits(of: UInt64(sequence.magnitude), to: &message)
        var hasher = SHA256()
        message.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let digest = hasher.finalize()
        return digest.withUnsafeBytes { version4UUIDText($0) }
    }

    /// Creates an active journey; returns its index.
    mutating func create(
        identifier: String?, phone: String?, now: String, mapping: String, seed: UInt64,
        file: String, line: Int
    ) -> Int {
        let id = JourneyStore.journeyID(seed: seed, mapping: mapping, sequence: sequence)
        sequence += 1
        let index = storage.count
        storage.append(
            Journey(
                id: id, active: true, identifier: identifier, phone: phone, createdAt: now, endedAt: nil,
                endReason: nil, mapping: mapping, sourceFile: file, sourceLine: line, events: 0, seq: sequence - 1))
        byID[id] = index
        if let identifier { byIdentifier[identifier] = index }
        if let phone { byPhone[phone] = index }
        undo.append(.created(index: index))
        return index
    }

    mutating func end(_ index: Int, reason: String, now: String) {
        assert(storage[index].active, "only active journeys are ended")
        undo.append(.ended(index: index))
        storage[index].active = false
        storage[index].endedAt = now
        storage[index].endReason = reason
        if let i = storage[index].identifier, byIdentifier[i] == index { byIdentifier[i] = nil }
        if let p = storage[index].phone, byPhone[p] == index { byPhone[p] = nil }
    }

    mutating func deliverEvent(_ index: Int) {
        undo.append(.delivered(index: index))
        storage[index].events += 1
    }
}
