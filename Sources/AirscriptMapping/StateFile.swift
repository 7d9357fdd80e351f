import Airscript
import Foundation

/// A whole store as data: what a state file holds (mapping.md §7.3), what `store export` writes and
/// `store import` reads (store.md §6, "The state file").
///
/// Version 1 is `{"version":1,"sequence":…,"journeys":[…]}`. Version 2 adds the store's `seed`,
/// each journey's `seq` and its `history` (the event rows, in order) and, when asked for, the
/// store's `deliveries`. A journey's `events` stays the count it is in version 1, so that a reader
/// of version 1 reads version 2's journeys unchanged.
public struct StoreSnapshot: Sendable, Equatable {
    /// The journeys, in creation order.
    public var journeys: [JourneyStore.Journey] = []
    /// The journey-id sequence.
    public var sequence = 0
    /// The seed the store was created with (version 2).
    public var seed: UInt64?
    /// Every journey's events, journey by journey, each in order (version 2).
    public var events: [JourneyEvent] = []
    /// The delivery rows (version 2, `export --deliveries`).
    public var deliveries: [DeliveryRow] = []

    /// An empty snapshot.
    public init() {}

    /// Reads a state file's JSON, version 1 or 2.
    public init(json bytes: [UInt8]) throws(JourneyStore.StateError) {
        let root: Value
        do { root = try JSONReader.read(bytes) } catch { throw .invalid("\(error)") }
        guard case .list(let list) = root.member("journeys") else { throw .invalid("no `journeys` list") }
        if case .number(let v) = root.member("version"), v > 2 {
            throw .invalid("state file version \(Int(v)) is newer than this airscript reads (1 and 2)")
        }
        for item in list {
            guard case .text(let id) = item.member("id") else { throw .invalid("a journey has no Text `id`") }
            var journey = JourneyStore.Journey(
                id: id, active: item.text("status") != "ended", identifier: item.text("identifier"), phone: item.text("phone"),
                createdAt: item.text("createdAt"), endedAt: item.text("endedAt"), endReason: item.text("endReason"),
                mapping: item.text("mapping"), sourceFile: item.member("source").text("file"),
                sourceLine: item.member("source").integer("line"), events: item.integer("events") ?? 0, seq: item.integer("seq"))
            if case .list(let history) = item.member("history") {
                // A journey counts at least the events it holds.
                journey.events = max(journey.events, history.count)
                for event in history {
                    events.append(
                        JourneyEvent(
                            journeyID: id, sequence: event.integer("sequence") ?? 0,
                            kind: event.text("kind") == "start" ? .start : .event, time: event.text("time") ?? "",
                            mapping: event.text("mapping") ?? journey.mapping ?? "", deliveryKey: event.text("deliveryKey"),
                            startParameters: event.member("startParameters"), eventPayload: event.member("eventPayload")))
                }
            }
            journeys.append(journey)
        }
        sequence = root.integer("sequence") ?? journeys.count
        if case .number(let s) = root.member("seed"), s >= 0, s == s.rounded() { seed = UInt64(s) }
        if case .list(let rows) = root.member("deliveries") {
            for row in rows {
                guard let mapping = row.text("mapping"), let key = row.text("key") else {
                    throw .invalid("a delivery has no `mapping` or `key`")
                }
                deliveries.append(
                    DeliveryRow(
                        mapping: mapping, key: key, outcome: row.text("outcome") ?? "", journeyID: row.text("journeyId"),
                        status: row.integer("status"), output: row.text("output"), fingerprint: row.text("fingerprint")))
            }
        }
    }

    /// The state file's JSON: version 1 (what `map --state` writes) or 2 (what `store export` writes).
    public func stateValue(version: Int) -> Value {
        var history: [String: [Value]] = [:]
        if version >= 2 {
            for event in events { history[event.journeyID, default: []].append(StoreSnapshot.value(of: event)) }
        }
        let list: [Value] = journeys.map { j in
            var o = StoreSnapshot.value(of: j)
            if version >= 2 { o["history"] = .list(history[j.id] ?? []) } else { o["seq"] = nil }
            return .object(o)
        }
        var root: Value.Object = ["version": .number(Double(version))]
        if version >= 2 { root["seed"] = seed.map { .number(Double($0)) } ?? .null }
        root["sequence"] = .number(Double(sequence))
        root["journeys"] = .list(list)
        if version >= 2 && !deliveries.isEmpty {
            root["deliveries"] = .list(
                deliveries.map { d in
                    var row: Value.Object = [
                        "mapping": .text(d.mapping), "key": .text(d.key), "outcome": .text(d.outcome),
                        "journeyId": d.journeyID.map(Value.text) ?? .null, "status": d.status.map { .number(Double($0)) } ?? .null,
                        "output": d.output.map(Value.text) ?? .null,
                    ]
                    if let fingerprint = d.fingerprint { row["fingerprint"] = .text(fingerprint) }
                    return .object(row)
                })
        }
        return .object(root)
    }

    /// A journey as the state file writes it (mapping.md §7.1, with version 2's `seq`).
    public static func value(of j: JourneyStore.Journey) -> Value.Object {
        var o = Value.Object()
        o["id"] = .text(j.id)
        o["status"] = .text(j.status)
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
        o["seq"] = j.seq.map { .number(Double($0)) } ?? .null
        return o
    }

    /// An event as a journey's `history` holds it (version 2).
    public static func value(of event: JourneyEvent) -> Value {
        .object([
            "sequence": .number(Double(event.sequence)), "kind": .text(event.kind.rawValue), "time": .text(event.time),
            "mapping": .text(event.mapping), "deliveryKey": event.deliveryKey.map(Value.text) ?? .null,
            "startParameters": event.startParameters, "eventPayload": event.eventPayload,
        ])
    }

    /// The JSON text of `stateValue(version:)`, pretty-printed, with a final newline.
    public func stateBytes(version: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONWriter.write(stateValue(version: version), into: &bytes, pretty: true)
        bytes.append(0x0A)
        return bytes
    }
}

extension JourneyStore {
    /// Why a state file could not be used.
    public enum StateError: Error, CustomStringConvertible {
        /// The file cannot be read (or written).
        case unreadable(String)
        /// It is not a state file.
        case invalid(String)
        public var description: String {
            switch self {
            case .unreadable(let r), .invalid(let r): r
            }
        }
    }

    /// The store a snapshot holds, indexed; the warnings (M0403) name the journeys that lost an
    /// identifier or phone to its first holder.
    public init(snapshot: StoreSnapshot, warnings: inout [String]) {
        self.init()
        for journey in snapshot.journeys {
            if let warning = index(journey) { warnings.append("state file has " + warning) }
        }
        self.sequence = snapshot.sequence
    }

    /// This store as a snapshot (no events: the memory store counts them, it keeps no payloads).
    public func snapshot(seed: UInt64?) -> StoreSnapshot {
        var snapshot = StoreSnapshot()
        snapshot.journeys = Array(journeys)
        snapshot.sequence = sequence
        snapshot.seed = seed
        return snapshot
    }

    /// Loads a state file; a missing file is an empty store. Returns the store and M0403 warnings.
    public static func load(path: String) throws(StateError) -> (JourneyStore, [String]) {
        guard let bytes = try readStateFile(path: path) else { return (JourneyStore(), []) }
        var warnings: [String] = []
        let store = JourneyStore(snapshot: try StoreSnapshot(json: bytes), warnings: &warnings)
        return (store, warnings)
    }

    /// A state file's bytes; nil when there is none yet (a missing or empty file, `/dev/null`).
    public static func readStateFile(path: String) throws(StateError) -> [UInt8]? {
        var directory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else { return nil }
        if directory.boolValue { throw .unreadable("it is a directory") }
        // Read through a handle: a device (`/dev/null`) has no contents for FileManager.
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            throw .unreadable("permission denied")
        }
        return data.isEmpty ? nil : Array(data)
    }

    /// The state file's JSON (version 1).
    public var stateValue: Value { snapshot(seed: nil).stateValue(version: 1) }

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
        try destination.write(Data(snapshot(seed: nil).stateBytes(version: 1)))
    }
}

extension Value {
    /// A member's Text, or nil.
    fileprivate func text(_ key: String) -> String? {
        if case .text(let s) = member(key) { s } else { nil }
    }

    /// A member's integral Number, or nil.
    fileprivate func integer(_ key: String) -> Int? {
        if case .number(let n) = member(key), n == n.rounded(), abs(n) < 9.0e15 { Int(n) } else { nil }
    }
}
