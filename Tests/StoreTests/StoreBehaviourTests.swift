import Airscript
import AirscriptMapping
import Foundation
import Testing

/// The journey behaviours (mapping.md §3.3, §4) written once and run on every backend: the same
/// deliveries give the same outcomes, the same output records and the same journeys.
@Suite struct StoreBehaviourTests {
    static let now = 1_714_670_469_000.0  // 2024-05-02T17:21:09Z, in milliseconds

    /// A mapping of `behavior` on identifier `type`, answering with the decided journey.
    static func mapping(
        _ behavior: String, type: String = "text", extra: String = "", name: String = "m"
    ) -> Mapping {
        let yaml = """
            version: 1
            name: \(name)
            journey:
              behavior: \(behavior)
              identifier: {type: \(type), expression: payload.id\(type == "phone" ? ", defaultRegion: US" : "")}
              startParameters: '{who: payload.id}'
              eventPayload: '{n: payload.n}'
            \(extra)
            response:
              status: 'IF(payload.n = 0, 10 / payload.n, 201)'
              body: '{journey: metadata.journey_id, outcome: metadata.outcome}'
            """
        return Mapping(path: "\(name).yaml", text: yaml)
    }

    /// Delivers each payload in turn (a `$0`, `$1`… in it becomes that step's journey id) and
    /// returns the output records.
    static func deliver(
        _ payloads: [String], through mapping: Mapping, to store: any JourneyStoreBackend, earlier: [Value] = []
    ) throws -> [Value] {
        #expect(!mapping.hasErrors, "\(mapping.diagnostics.map { $0.diagnostic.message })")
        let processor = try RecordProcessor(
            mapping: mapping, options: RunOptions(now: now, timeZone: "UTC", locale: "en-US", seed: store.seed))
        var outputs = earlier
        for (k, payload) in payloads.enumerated() {
            var text = payload
            for (i, output) in outputs.enumerated().reversed() {
                if case .text(let id) = output.member("journeyId") { text = text.replacingOccurrences(of: "$\(i)", with: id) }
            }
            var record = InputRecord(file: "in.ndjson", line: outputs.count + 1, position: outputs.count)
            record.payload = try JSONReader.read(text)
            _ = k
            outputs.append(try processor.process(record, backend: store))
        }
        return outputs
    }

    static func outcomes(_ outputs: [Value]) -> [String] {
        outputs.map { if case .text(let s) = $0.member("outcome") { s } else { "?" } }
    }

    @Test(arguments: StoreBackendKind.available)
    func startKeepsTheIdentifierWithItsFirstHolder(_ kind: StoreBackendKind) throws {
        let store = try kind.makeStore()
        let outputs = try Self.deliver(
            [#"{"id": "a", "n": 1}"#, #"{"id": "a", "n": 2}"#, #"{"id": null, "n": 3}"#], through: Self.mapping("start"),
            to: store.backend)
        #expect(Self.outcomes(outputs) == ["started", "started", "started"])
        let codes = outputs[1].member("diagnostics").listItems.map { $0.member("code") }
        #expect(codes == ["M0306"])
        let journeys = try store.backend.allJourneys()
        #expect(journeys.map(\.identifier) == ["a", nil, nil])
        #expect(journeys.map(\.active) == [true, true, true])
        #expect(try store.backend.sequence() == 3)
    }

    @Test(arguments: StoreBackendKind.available)
    func replaceEndsTheHolder(_ kind: StoreBackendKind) throws {
        let store = try kind.makeStore()
        let outputs = try Self.deliver(
            [#"{"id": "a", "n": 1}"#, #"{"id": "a", "n": 2}"#, #"{"id": "b", "n": 3}"#, #"{"id": "a", "n": 4}"#],
            through: Self.mapping("replace"), to: store.backend)
        #expect(Self.outcomes(outputs) == ["started", "replaced", "started", "replaced"])
        #expect(outputs[1].member("replacedJourneyId") == outputs[0].member("journeyId"))
        #expect(outputs[3].member("replacedJourneyId") == outputs[1].member("journeyId"))
        let journeys = try store.backend.allJourneys()
        #expect(journeys.map(\.active) == [false, false, true, true])
        #expect(journeys.map(\.endReason) == ["replaced", "replaced", nil, nil])
        #expect(journeys[0].endedAt == "2024-05-02T17:21:09Z")
        #expect(journeys.filter(\.active).map(\.identifier) == ["b", "a"])
    }

    @Test(arguments: StoreBackendKind.available)
    func abortLeavesTheHolder(_ kind: StoreBackendKind) throws {
        let store = try kind.makeStore()
        let outputs = try Self.deliver(
            [#"{"id": "a", "n": 1}"#, #"{"id": "a", "n": 2}"#], through: Self.mapping("abort"), to: store.backend)
        #expect(Self.outcomes(outputs) == ["started", "aborted"])
        #expect(outputs[1].member("matchedJourneyId") == outputs[0].member("journeyId"))
        #expect(try store.backend.allJourneys().count == 1)
    }

    @Test(arguments: StoreBackendKind.available)
    func lookupResumesOrFindsNothing(_ kind: StoreBackendKind) throws {
        let store = try kind.makeStore()
        var outputs = try Self.deliver([#"{"id": "a", "n": 1}"#], through: Self.mapping("lookup"), to: store.backend)
        outputs = try Self.deliver(
            [#"{"id": "a", "n": 2}"#], through: Self.mapping("lookup", extra: "  onNoMatch: start"), to: store.backend,
            earlier: outputs)
        outputs = try Self.deliver(
            [#"{"id": "a", "n": 3}"#, #"{"id": "", "n": 4}"#], through: Self.mapping("lookup"), to: store.backend, earlier: outputs)
        #expect(Self.outcomes(outputs) == ["no-match", "started", "resumed", "no-match"])
        #expect(outputs[2].member("journeyId") == outputs[1].member("journeyId"))
        #expect(outputs[2].member("response").member("body").member("journey") == outputs[1].member("journeyId"))
        #expect(outputs[0].member("response").member("body").member("journey") == .null)
        let journeys = try store.backend.allJourneys()
        #expect(journeys.map(\.events) == [2], "the start and the resumed event")
    }

    @Test(arguments: StoreBackendKind.available)
    func phonesMatchInTheirNormalForm(_ kind: StoreBackendKind) throws {
        let store = try kind.makeStore()
        let outputs = try Self.deliver(
            [#"{"id": "(415) 555-0132", "n": 1}"#, #"{"id": "+1 415 555 0132", "n": 2}"#, #"{"id": "not a phone", "n": 3}"#],
            through: Self.mapping("replace", type: "phone"), to: store.backend)
        #expect(Self.outcomes(outputs) == ["started", "replaced", "error"])
        let journeys = try store.backend.allJourneys()
        #expect(journeys.map(\.phone) == ["+14155550132", "+14155550132"])
        #expect(journeys.map(\.identifier) == [nil, nil])
        #expect(journeys.map(\.active) == [false, true])
    }

    @Test(arguments: StoreBackendKind.available)
    func journeyIDsAreLookedUpNotAssigned(_ kind: StoreBackendKind) throws {
        let store = try kind.makeStore()
        var outputs = try Self.deliver([#"{"id": "x", "n": 1}"#], through: Self.mapping("start"), to: store.backend)
        outputs = try Self.deliver(
            [#"{"id": "$0", "n": 2}"#, #"{"id": "00000000-0000-4000-8000-000000000000", "n": 3}"#],
            through: Self.mapping("lookup", type: "journey-id", name: "by-id"), to: store.backend, earlier: outputs)
        outputs = try Self.deliver(
            [#"{"id": "$0", "n": 4}"#], through: Self.mapping("replace", type: "journey-id", name: "by-id"), to: store.backend,
            earlier: outputs)
        #expect(Self.outcomes(outputs) == ["started", "resumed", "no-match", "replaced"])
        #expect(outputs[1].member("journeyId") == outputs[0].member("journeyId"))
        let journeys = try store.backend.allJourneys()
        #expect(journeys.map(\.active) == [false, true], "replace by session id ends the journey it names")
        #expect(journeys.map(\.mapping) == ["m", "by-id"])
        // A session id a journey was looked up by is not an identifier it holds.
        #expect(journeys[1].identifier == nil)
    }

    @Test(arguments: StoreBackendKind.available)
    func multipleJourneysSeeEachOther(_ kind: StoreBackendKind) throws {
        let store = try kind.makeStore()
        let yaml = """
            version: 1
            name: many
            journey:
              behavior: replace
              multiple: payload.items
              identifier: {type: text, expression: item}
              eventPayload: '{at: index}'
            response:
              body: 'metadata.journey_id'
            """
        let outputs = try Self.deliver(
            [#"{"items": ["a", "b", "a"]}"#, #"{"items": ["b", 1, {"bad": 1}]}"#], through: Mapping(path: "many.yaml", text: yaml),
            to: store.backend)
        #expect(Self.outcomes(outputs) == ["multiple", "error"])
        let elements = outputs[0].member("journeys").listItems.map { $0.member("outcome") }
        #expect(elements == ["started", "started", "replaced"])
        let journeys = try store.backend.allJourneys()
        #expect(journeys.count == 3, "the failing record's elements were taken back together")
        #expect(journeys.map(\.active) == [false, true, true])
    }

    @Test(arguments: StoreBackendKind.available)
    func aFailingResponseCommitsNothing(_ kind: StoreBackendKind) throws {
        let store = try kind.makeStore()
        let outputs = try Self.deliver(
            [#"{"id": "a", "n": 1}"#, #"{"id": "a", "n": 0}"#, #"{"id": "b", "n": 0}"#, #"{"id": "a", "n": 2}"#],
            through: Self.mapping("replace"), to: store.backend)
        #expect(Self.outcomes(outputs) == ["started", "error", "error", "replaced"])
        #expect(try store.backend.sequence() == 2, "the failed records took their sequence numbers back")
        #expect(try store.backend.allJourneys().map(\.events) == [1, 1])
    }

    /// The same deliveries on every backend give byte-identical output records and journeys:
    /// the ids come from the seed, the mapping and the sequence, not from the backend.
    @Test func everyBackendAnswersAlike() throws {
        var outputsByKind: [StoreBackendKind: [Value]] = [:]
        var journeysByKind: [StoreBackendKind: [JourneyStore.Journey]] = [:]
        let payloads = (0..<60).map { #"{"id": "c\#($0 % 7)", "n": \#($0 % 11)}"# }
        for kind in StoreBackendKind.available {
            let store = try kind.makeStore(seed: 42)
            var outputs = try Self.deliver(payloads, through: Self.mapping("replace"), to: store.backend)
            outputs = try Self.deliver(payloads, through: Self.mapping("lookup", name: "l"), to: store.backend, earlier: outputs)
            outputsByKind[kind] = outputs
            journeysByKind[kind] = try store.backend.allJourneys()
        }
        let reference = try #require(outputsByKind[.memory])
        for kind in StoreBackendKind.available {
            #expect(outputsByKind[kind] == reference, "\(kind)")
            #expect(journeysByKind[kind] == journeysByKind[.memory], "\(kind)")
        }
        #expect(Set(Self.outcomes(reference)) == ["started", "replaced", "error", "resumed"])
    }
}

extension Value {
    var listItems: [Value] {
        if case .list(let items) = self { items } else { [] }
    }
}
