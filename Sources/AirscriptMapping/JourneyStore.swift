import Airscript
import Crypto
import Foundation

/// The journeys that exist in the simulated app (mapping.md §7): who holds which identifier, so a
/// stream of payloads produces the outcomes a real app would.
public struct JourneyStore: Sendable {
    /// One journey of the simulated app (mapping.md §7).
    public struct Journey: Sendable {
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
    }

    public private(set) var journeys: [Journey] = []
    /// Journeys created so far (the journey-id sequence).
    public private(set) var sequence = 0
    private var byIdentifier: [String: Int] = [:]
    private var byPhone: [String: Int] = [:]
    private var byID: [String: Int] = [:]
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

    /// Starts a record's changes: `discardRecord()` takes back everything done after this.
    mutating func beginRecord() {
        undo.removeAll(keepingCapacity: true)
    }

    /// Takes back the changes since `beginRecord()`, newest first.
    mutating func discardRecord() {
        while let change = undo.popLast() {
            switch change {
            case .created(let index):
                let journey = journeys.removeLast()
                assert(index == journeys.count)
                byID[journey.id] = nil
                if let i = journey.identifier, byIdentifier[i] == index { byIdentifier[i] = nil }
                if let p = journey.phone, byPhone[p] == index { byPhone[p] = nil }
                sequence -= 1
            case .delivered(let index):
                journeys[index].events -= 1
            case .ended(let index):
                journeys[index].active = true
                journeys[index].endedAt = nil
                journeys[index].endReason = nil
                if let i = journeys[index].identifier { byIdentifier[i] = index }
                if let p = journeys[index].phone { byPhone[p] = index }
            }
        }
    }

    /// The active journey holding a Text identifier, a phone, or a session id.
    func match(_ type: MappingDefinition.IdentifierType, _ value: String) -> Int? {
        switch type {
        case .text: byIdentifier[value]
        case .phone: byPhone[value]
        case .journeyID: byID[value].flatMap { journeys[$0].active ? $0 : nil }
        }
    }

    subscript(index: Int) -> Journey { journeys[index] }

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
        return digest.withUnsafeBytes { digest in
            var bytes: (UInt64, UInt64) = (0, 0)
            return withUnsafeMutableBytes(of: &bytes) { uuid in
                uuid.copyMemory(from: UnsafeRawBufferPointer(rebasing: digest[0..<16]))
                uuid[6] = (uuid[6] & 0x0F) | 0x40
                uuid[8] = (uuid[8] & 0x3F) | 0x80
                return uuidText(UnsafeRawBufferPointer(uuid))
            }
        }
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Sixteen bytes as lower-case `8-4-4-4-12` hex.
    static func uuidText(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            let hex = hexDigits.utf8Start
            var k = 0
            for (i, b) in bytes.enumerated() {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    buffer[k] = UInt8(ascii: "-")
                    k += 1
                }
                buffer[k] = hex[Int(b >> 4)]
                buffer[k + 1] = hex[Int(b & 0xF)]
                k += 2
            }
            return k
        }
    }

    /// Creates an active journey; returns its index.
    mutating func create(
        identifier: String?, phone: String?, now: String, mapping: String, seed: UInt64,
        file: String, line: Int
    ) -> Int {
        let id = JourneyStore.journeyID(seed: seed, mapping: mapping, sequence: sequence)
        sequence += 1
        let index = journeys.count
        journeys.append(
            Journey(
                id: id, active: true, identifier: identifier, phone: phone, createdAt: now, endedAt: nil,
                endReason: nil, mapping: mapping, sourceFile: file, sourceLine: line, events: 0))
        byID[id] = index
        if let identifier { byIdentifier[identifier] = index }
        if let phone { byPhone[phone] = index }
        undo.append(.created(index: index))
        return index
    }

    mutating func end(_ index: Int, reason: String, now: String) {
        assert(journeys[index].active, "only active journeys are ended")
        undo.append(.ended(index: index))
        journeys[index].active = false
        journeys[index].endedAt = now
        journeys[index].endReason = reason
        if let i = journeys[index].identifier, byIdentifier[i] == index { byIdentifier[i] = nil }
        if let p = journeys[index].phone, byPhone[p] == index { byPhone[p] = nil }
    }

    mutating func deliverEvent(_ index: Int) {
        undo.append(.delivered(index: index))
        journeys[index].events += 1
    }

    // MARK: - The state file

    /// Why a state file could not be used.
    public enum StateError: Error, CustomStringConvertible {
        case unreadable(String)
        case invalid(String)
        public var description: String {
            switch self {
            case .unreadable(let r), .invalid(let r): r
            }
        }
    }

    /// Loads a state file; a missing file is an empty store. Returns the store and M0403 warnings.
    public static func load(path: String) throws(StateError) -> (JourneyStore, [String]) {
        var directory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else { return (JourneyStore(), []) }
        if directory.boolValue { throw .unreadable("it is a directory") }
        // Read through a handle: a device (`/dev/null`) has no contents for FileManager.
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            throw .unreadable("permission denied")
        }
        // An empty file (or `/dev/null`) holds no journeys yet.
        if data.isEmpty { return (JourneyStore(), []) }
        let root: Value
        do { root = try JSONReader.read(Array(data)) } catch { throw .invalid("\(error)") }
        guard case .list(let list) = root.member("journeys") else { throw .invalid("no `journeys` list") }
        var store = JourneyStore()
        var warnings: [String] = []
        for item in list {
            guard case .text(let id) = item.member("id") else { throw .invalid("a journey has no Text `id`") }
            func text(_ k: String) -> String? { if case .text(let s) = item.member(k) { return s } else { return nil } }
            let active = text("status") != "ended"
            var j = Journey(
                id: id, active: active, identifier: text("identifier"), phone: text("phone"), createdAt: text("createdAt"),
                endedAt: text("endedAt"), endReason: text("endReason"), mapping: text("mapping"),
                sourceFile: nil, sourceLine: nil, events: 0)
            if case .number(let e) = item.member("events") { j.events = Int(e) }
            let source = item.member("source")
            if case .text(let f) = source.member("file") { j.sourceFile = f }
            if case .number(let l) = source.member("line") { j.sourceLine = Int(l) }
            let index = store.journeys.count
            if active, let identifier = j.identifier {
                if let holder = store.byIdentifier[identifier] {
                    warnings.append("state file has two active journeys with identifier `\(identifier)`; kept \(store.journeys[holder].id)")
                    j.identifier = nil
                } else {
                    store.byIdentifier[identifier] = index
                }
            }
            if active, let phone = j.phone {
                if let holder = store.byPhone[phone] {
                    warnings.append("state file has two active journeys with identifier `\(phone)`; kept \(store.journeys[holder].id)")
                    j.phone = nil
                } else {
                    store.byPhone[phone] = index
                }
            }
            store.byID[id] = index
            store.journeys.append(j)
        }
        if case .number(let s) = root.member("sequence") { store.sequence = Int(s) } else { store.sequence = store.journeys.count }
        return (store, warnings)
    }

    /// The state file's JSON: {"version":1,"sequence":…,"journeys":[…]}.
    public var stateValue: Value {
        let list: [Value] = journeys.map { j in
            var o = Value.Object()
            o["id"] = .text(j.id)
            o["status"] = .text(j.active ? "active" : "ended")
            o["identifier"] = j.identifier.map(Value.text) ?? .null
            o["phone"] = j.phone.map(Value.text) ?? .null
            o["createdAt"] = j.createdAt.map(Value.text) ?? .null
            o["endedAt"] = j.endedAt.map(Value.text) ?? .null
            o["endReason"] = j.endReason.map(Value.text) ?? .null
            o["mapping"] = j.mapping.map(Value.text) ?? .null
            if let f = j.sourceFile {
                o["source"] = .object(["file": .text(f), "line": j.sourceLine.map { .number(Double($0)) } ?? .null])
            } else {
                o["source"] = .null
            }
            o["events"] = .number(Double(j.events))
            return .object(o)
        }
        return .object(["version": .number(1), "sequence": .number(Double(sequence)), "journeys": .list(list)])
    }

    /// Writes the state file atomically: a temporary file in the same folder, then a rename.
    public func save(path: String) throws(StateError) {
        do throws(DestinationError) {
            try save(to: try FileDestination.check(path))
        } catch {
            throw .unreadable(error.reason)
        }
    }

    /// Saves the store to a destination checked before the run (`FileDestination`): a regular file
    /// is replaced whole, a FIFO or device written straight through.
    package func save(to destination: FileDestination) throws(DestinationError) {
        var bytes: [UInt8] = []
        JSONWriter.write(stateValue, into: &bytes, pretty: true)
        bytes.append(0x0A)
        try destination.write(Data(bytes))
    }
}
