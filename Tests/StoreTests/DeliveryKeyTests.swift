import Airscript
import AirscriptMapping
import Foundation
import Testing

/// `serve`'s delivery keys (serve.md §5, §10) on every backend: the stored row is read in the
/// delivery's own transaction; only deliveries that changed the store are remembered; the window
/// ends the memory; an App API's key with another body is a conflict.
@Suite struct DeliveryKeyTests {
    static let mapping = Mapping(
        path: "keys.yaml",
        text: """
            version: 1
            name: keys
            journey:
              behavior: lookup
              onNoMatch: start
              identifier: {type: text, expression: payload.id}
              startParameters: '{id: payload.id}'
            response:
              status: 'IF(payload.fail, 1 / (LENGTH(payload.id) - 1), 202)'
              body: '{journey: metadata.journey_id, outcome: metadata.outcome}'
            """)

    func store(_ kind: StoreBackendKind) throws -> FreshStore {
        guard kind == .memory else { return try kind.makeStore(seed: 3) }
        let memory = MemoryJourneyStore(seed: 3, keepsDeliveries: true)
        return FreshStore(backend: memory, reopen: { memory })
    }

    func deliver(
        _ payload: String, key: String?, to store: any JourneyStoreBackend, now: Double = 1_000_000, window: Double = 3600,
        fingerprint: String? = nil, inspection: Value? = nil, storesSlotValues: Bool = true, dryRun: Bool = false
    ) throws -> DeliveryResult {
        let processor = try RecordProcessor(mapping: Self.mapping, options: RunOptions(now: 0, timeZone: "UTC", locale: "en-US"))
        var record = InputRecord(file: "keys.yaml", line: 0, position: 0)
        record.payload = try JSONReader.read(payload)
        record.fingerprint = fingerprint
        record.inspection = inspection
        record.storesSlotValues = storesSlotValues
        return try processor.deliver(
            record, dedupeKey: key, requestKey: "request:\(UUID().uuidString)", window: window, now: now, to: store, dryRun: dryRun,
            deadline: { false })
    }

    /// A fresh store of `kind` and its inspector's reading (every backend has one); the fresh
    /// store is returned too, so that it lives as long as the test.
    func inspectableStore(_ kind: StoreBackendKind) throws -> (fresh: FreshStore, store: any InspectableStore) {
        let fresh = try store(kind)
        let store = try #require(fresh.backend as? any InspectableStore, "\(kind) is not inspectable")
        return (fresh, store)
    }

    /// The inspector's reading (store.md §5): the newest rows first, each with the request detail
    /// it was delivered with; slot values only when kept; a dry run leaves nothing behind.
    @Test(arguments: StoreBackendKind.available)
    func theInspectorReadsTheNewestRowsWithTheirDetail(_ kind: StoreBackendKind) throws {
        let inspected = try inspectableStore(kind)
        let store = inspected.store
        let detail: Value = ["method": "POST", "path": "/hooks", "headers": ["x-b": "2"]]
        _ = try deliver(#"{"id": "e1", "fail": false}"#, key: "k1", to: store, inspection: detail)
        _ = try deliver(#"{"id": "e2", "fail": false}"#, key: "k2", to: store, inspection: detail, storesSlotValues: false)
        _ = try deliver(#"{"id": "e3", "fail": false}"#, key: "k3", to: store, dryRun: true)
        let rows = try store.latestDeliveries(limit: 10)
        #expect(rows.map(\.key) == ["k2", "k1"])
        #expect(rows.map { $0.detail.flatMap { try? JSONReader.read($0) } } == [detail, detail])
        #expect((rows[0].output ?? "").contains(#""startParameters":null"#), "no slot values")
        #expect((rows[1].output ?? "").contains(#""startParameters":{"id":"e1"}"#))
        #expect(try store.latestDeliveries(limit: 1).map(\.key) == ["k2"])
        #expect(try store.allJourneys().count == 2, "the dry run committed nothing")
        let journey = try store.allJourneys().first { $0.identifier == "e1" }
        let shown = try store.journey(id: journey?.id ?? "")
        #expect(shown?.0.identifier == "e1")
        #expect(kind == .memory ? shown?.1.isEmpty == true : shown?.1.count == 1, "the memory store keeps no events")
    }

    /// The listing's order on every backend: newest first by the time a key was first kept, and in
    /// one instant (a batch) the later kept first; a key kept again keeps its place.
    @Test(arguments: StoreBackendKind.available)
    func theListingIsNewestFirstAndLaterFirstWithinAnInstant(_ kind: StoreBackendKind) throws {
        let inspected = try inspectableStore(kind)
        let store = inspected.store
        func keep(_ keys: [String]) throws {
            try store.commit(touching: JourneyKeys()) { _, log in
                for key in keys {
                    log.deliveries.append(
                        DeliveryRow(mapping: "keys", key: key, outcome: "started", journeyID: nil, status: 200, output: "{}"))
                }
            }
            Thread.sleep(forTimeInterval: 0.002)  // the next batch is kept in a later instant
        }
        #expect(try store.latestDeliveries(limit: 10).isEmpty)
        try keep(["b", "a", "c"])
        try keep(["e", "d"])
        try keep(["a", "f"])
        #expect(try store.latestDeliveries(limit: 10).map(\.key) == ["f", "d", "e", "c", "a", "b"])
        #expect(try store.latestDeliveries(limit: 4).map(\.key) == ["f", "d", "e", "c"])
        #expect(try store.latestDeliveries(limit: 2).map(\.key) == ["f", "d"])
        #expect(try store.latestDeliveries(limit: 0).isEmpty)
    }

    /// Forgetting old rows (store.md §1: pruned after the dedupe window) on every backend: only
    /// the named mappings' rows first seen before the time, the oldest first, at most the limit.
    @Test(arguments: StoreBackendKind.available)
    func oldRowsOfTheNamedMappingsAreForgottenOldestFirst(_ kind: StoreBackendKind) throws {
        let inspected = try inspectableStore(kind)
        let store = inspected.store
        func keep(_ rows: [(mapping: String, key: String)]) throws -> Double {
            try store.commit(touching: JourneyKeys()) { _, log in
                for row in rows {
                    log.deliveries.append(
                        DeliveryRow(mapping: row.mapping, key: row.key, outcome: "started", journeyID: nil, status: 200, output: "{}"))
                }
            }
            Thread.sleep(forTimeInterval: 0.002)
            return Date().timeIntervalSince1970  // after these rows, before the next
        }
        let afterAB = try keep([("keys", "a"), ("keys", "b")])
        _ = try keep([("other", "c")])
        let afterD = try keep([("keys", "d")])
        _ = try keep([("keys", "e")])
        #expect(try store.forgetDeliveries(of: ["keys"], firstSeenBefore: 0, limit: 10) == 0)
        #expect(try store.forgetDeliveries(of: ["keys"], firstSeenBefore: afterAB, limit: 10) == 2)
        #expect(try store.latestDeliveries(limit: 10).map(\.key) == ["e", "d", "c"])
        #expect(try store.forgetDeliveries(of: ["keys"], firstSeenBefore: afterD, limit: 10) == 1, "not another mapping's")
        #expect(try store.latestDeliveries(limit: 10).map(\.key) == ["e", "c"])
        _ = try keep([("keys", "d")])
        #expect(try store.latestDeliveries(limit: 10).map(\.key) == ["d", "e", "c"], "a forgotten key kept again is new")
        #expect(try store.forgetDeliveries(of: [], firstSeenBefore: Date().timeIntervalSince1970, limit: 10) == 0)
        #expect(try store.forgetDeliveries(of: ["keys", "other"], firstSeenBefore: Date().timeIntervalSince1970, limit: 1) == 1)
        #expect(try store.latestDeliveries(limit: 10).map(\.key) == ["d", "e"], "the oldest first")
        #expect(try store.forgetDeliveries(of: ["keys", "other"], firstSeenBefore: Date().timeIntervalSince1970, limit: 0) == 0)
        #expect(try store.forgetDeliveries(of: ["keys", "other"], firstSeenBefore: Date().timeIntervalSince1970, limit: 10) == 2)
        #expect(try store.latestDeliveries(limit: 10).isEmpty)
        _ = try keep([("keys", "f")])
        #expect(try store.latestDeliveries(limit: 10).map(\.key) == ["f"], "a store forgotten to empty keeps rows again")
        // A `map` run over the mapping, unfinished, keeps its rows: `--resume` reads them.
        guard let administered = store as? any StoreAdministration else { return }
        let run = try administered.beginRun(MapRun(mapping: "keys", now: 0, seed: 3, inputs: ["/in.ndjson 10"]))
        #expect(try store.forgetDeliveries(of: ["keys"], firstSeenBefore: Date().timeIntervalSince1970, limit: 10) == 0)
        try administered.finishRun(id: run)
        #expect(try store.forgetDeliveries(of: ["keys"], firstSeenBefore: Date().timeIntervalSince1970, limit: 10) == 1)
    }

    static func outcome(_ result: DeliveryResult) -> String {
        switch result {
        case .mapped(let output): if case .text(let o) = output.member("outcome") { o } else { "?" }
        case .duplicate: "duplicate"
        case .timedOut: "timed out"
        case .conflict: "conflict"
        }
    }

    @Test(arguments: StoreBackendKind.available)
    func aDeliveryThatChangedTheStoreIsAnsweredFromIt(_ kind: StoreBackendKind) throws {
        let fresh = try store(kind)
        let store = fresh.backend
        #expect(Self.outcome(try deliver(#"{"id": "a", "fail": false}"#, key: "k1", to: store)) == "started")
        let again = try deliver(#"{"id": "a", "fail": false}"#, key: "k1", to: store)
        guard case .duplicate(let row) = again else {
            Issue.record("not a duplicate: \(again)")
            return
        }
        #expect(row.outcome == "started")
        #expect(row.status == 202)
        // The same payload under another key is a new delivery: the journey is resumed.
        #expect(Self.outcome(try deliver(#"{"id": "a", "fail": false}"#, key: "k2", to: store)) == "resumed")
        // Without a key nothing is remembered.
        #expect(Self.outcome(try deliver(#"{"id": "a", "fail": false}"#, key: nil, to: store)) == "resumed")
        #expect(try store.allJourneys().count == 1)
    }

    @Test(arguments: StoreBackendKind.available)
    func aFailedDeliveryIsMappedAgain(_ kind: StoreBackendKind) throws {
        let fresh = try store(kind)
        let store = fresh.backend
        #expect(Self.outcome(try deliver(#"{"id": "b", "fail": true}"#, key: "k", to: store)) == "error")
        #expect(try store.allJourneys().isEmpty, "a failed delivery commits nothing")
        #expect(Self.outcome(try deliver(#"{"id": "b", "fail": false}"#, key: "k", to: store)) == "started")
        #expect(Self.outcome(try deliver(#"{"id": "b", "fail": false}"#, key: "k", to: store)) == "duplicate")
    }

    @Test(arguments: StoreBackendKind.available)
    func theWindowEndsTheMemory(_ kind: StoreBackendKind) throws {
        let fresh = try store(kind)
        let store = fresh.backend
        let first = Date().timeIntervalSince1970
        #expect(Self.outcome(try deliver(#"{"id": "c", "fail": false}"#, key: "k", to: store, now: first)) == "started")
        #expect(Self.outcome(try deliver(#"{"id": "c", "fail": false}"#, key: "k", to: store, now: first + 60, window: 3600)) == "duplicate")
        #expect(Self.outcome(try deliver(#"{"id": "c", "fail": false}"#, key: "k", to: store, now: first + 7200, window: 3600)) == "resumed")
    }

    @Test(arguments: StoreBackendKind.available)
    func anIdempotencyKeyWithAnotherBodyIsAConflict(_ kind: StoreBackendKind) throws {
        let fresh = try store(kind)
        let store = fresh.backend
        #expect(Self.outcome(try deliver(#"{"id": "d", "fail": false}"#, key: "i", to: store, fingerprint: "aa")) == "started")
        #expect(Self.outcome(try deliver(#"{"id": "d", "fail": false}"#, key: "i", to: store, fingerprint: "aa")) == "duplicate")
        #expect(Self.outcome(try deliver(#"{"id": "d", "fail": false}"#, key: "i", to: store, fingerprint: "bb")) == "conflict")
    }
}
