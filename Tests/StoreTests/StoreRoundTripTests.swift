import Airscript
import AirscriptMapping
import Testing

/// What a database store writes it reads back as it was: every column of journeys, events and
/// delivery rows, NULL apart from empty, with the characters that need escaping on the way (quotes,
/// backslashes, tabs, line breaks, non-ASCII) and long texts. The SQLite store binds its rows
/// through SQLite's C interface and PostgreSQL sends each column as one binary array: both are
/// checked here through `import` (`restore`) and `export` (`snapshot`).
@Suite struct StoreRoundTripTests {
    /// Texts that a writer could mangle.
    static let awkward = [
        "", "plain", "quote \" and ' apostrophe", #"back\slash \\ and \n not a line break"#, "tab\there", "line\nbreak\r\n",
        "Zoë 🚀 日本語", "comma, semicolon; {brace} [bracket] (paren)", "NULL", String(repeating: "long ", count: 4000),
    ]

    static func snapshot() -> StoreSnapshot {
        var snapshot = StoreSnapshot()
        snapshot.seed = 0
        for (k, text) in awkward.enumerated() {
            let id = "j-\(k)-\(text.prefix(8))"
            snapshot.journeys.append(
                JourneyStore.Journey(
                    id: id, active: k % 2 == 0, identifier: k == 3 ? nil : "who \(k): \(text)", phone: k == 4 ? "+15555550100" : nil,
                    createdAt: "2024-05-02T17:21:09Z", endedAt: k % 2 == 0 ? nil : "2024-05-03T00:00:00Z",
                    endReason: k % 2 == 0 ? nil : text, mapping: k == 5 ? nil : "m", sourceFile: k == 6 ? nil : "in \(text).ndjson",
                    sourceLine: k == 7 ? nil : k, events: 1, seq: k == 8 ? nil : k))
            snapshot.events.append(
                JourneyEvent(
                    journeyID: id, sequence: 1, kind: k == 0 ? .start : .event, time: "2024-05-02T17:21:09Z", mapping: "m",
                    deliveryKey: k == 2 ? nil : "in.ndjson:\(k)",
                    startParameters: k == 1 ? .null : .object(["text": .text(text), "n": .number(Double(k)), "list": .list([.bool(true)])]),
                    eventPayload: .text(text)))
            snapshot.deliveries.append(
                DeliveryRow(
                    mapping: "m", key: "key \(k) \(text.prefix(20))", outcome: "started", journeyID: k == 9 ? nil : id,
                    status: k == 3 ? nil : 200 + k, output: k == 4 ? nil : #"{"text":"\#(text.prefix(100))"}"#,
                    fingerprint: k == 5 ? nil : String(repeating: "ab", count: 32), detail: k % 3 == 0 ? nil : text))
        }
        snapshot.sequence = awkward.count
        return snapshot
    }

    @Test(arguments: StoreBackendKind.available.filter { $0 != .memory })
    func everyColumnComesBackAsWritten(_ kind: StoreBackendKind) throws {
        let store = try kind.makeStore()
        let administered = try #require(store.backend as? any StoreAdministration)
        let written = Self.snapshot()
        #expect(try administered.restore(written).isEmpty)
        let read = try #require(try store.reopen() as? any StoreAdministration).snapshot(deliveries: true)
        #expect(read.journeys == written.journeys)
        #expect(read.events == written.events)
        #expect(read.sequence == written.sequence)
        // First seen is the store's clock, not the snapshot's.
        let deliveries = read.deliveries.map { row in
            var row = row
            row.firstSeen = nil
            return row
        }
        #expect(deliveries.sorted { $0.key < $1.key } == written.deliveries.sorted { $0.key < $1.key })
    }
}
