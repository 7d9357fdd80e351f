import Airscript
import Foundation

/// Evaluates a mapping over records (mapping.md §3.7, revised), in three phases:
/// 1. `prepare` (any thread, any order): validation, the multiple list, identifiers, and start
///    parameters and event payloads evaluated speculatively: none of them depends on the store;
/// 2. `commit` (in input order): the journey behaviour decided against the store, the response
///    evaluated with the decided journey's `metadata`, then the record's changes kept, or all of
///    them taken back if anything failed: a record commits whole or not at all;
/// 3. `write` (any thread): the output record (§6.2).
/// The result is exactly that of processing the records one after another, which `process` does.
public struct RecordProcessor: Sendable {
    /// The mapping it runs (one without errors).
    public let mapping: Mapping
    /// The run's settings.
    public let options: RunOptions
    /// `options.now` as the store writes it: most records have no time of their own.
    private let defaultNowText: String

    /// A record's context instant as the store writes it (ISO 8601), formatted only when it is not
    /// the run's own.
    func nowText(of record: PreparedRecord) -> String {
        record.context.now == options.now ? defaultNowText : ISO8601Instant.format(record.context.now)
    }

    /// A processor for a mapping without errors: one with errors cannot be run.
    public init(mapping: Mapping, options: RunOptions) throws(MappingHasErrors) {
        guard !mapping.hasErrors else { throw MappingHasErrors(mapping: mapping) }
        self.mapping = mapping
        self.options = options
        self.defaultNowText = ISO8601Instant.format(options.now)
    }

    /// One record through every phase against `store`: its output record (§6.2). For embedders
    /// and servers that take records one at a time.
    public func process(_ record: consuming InputRecord, store: inout JourneyStore) -> Value {
        var prepared = prepare(record)
        commit(&prepared, store: &store)
        return write(prepared)
    }

    /// One record through every phase, committed through `backend` in a transaction of its own:
    /// its output record. For servers, which answer each delivery once its commit is durable.
    public func process(_ record: consuming InputRecord, backend: any JourneyStoreBackend) throws(StoreError) -> Value {
        var batch = [prepare(record)]
        _ = try commit(&batch, to: backend)
        return write(batch.removeLast())
    }

    // MARK: - Phase 1

    /// A record with its context and roots set, before any slot is evaluated.
    func start(_ record: consuming InputRecord) -> PreparedRecord {
        let context = EvaluationContext(
            now: record.now ?? options.now, timeZone: options.timeZone, locale: options.locale,
            seed: RecordProcessor.mix(options.seed, UInt64(record.position)), limits: options.limits)
        let connection = record.connection ?? mapping.definition.connectionValue ?? mapping.definition.connectionSample ?? .null
        var roots = SlotRoots()
        roots[.payload] = record.payload
        roots[.connection] = mapping.definition.hasValidation ? connection : .null
        roots[.isValid] = .bool(true)
        roots[.request] = record.request ?? .null
        return PreparedRecord(record: record, context: context, roots: roots)
    }

    /// The record is consumed: it moves into the prepared record (a copy retained each of its parts).
    public func prepare(_ record: consuming InputRecord) -> PreparedRecord {
        var prepared = start(record)
        if let error = prepared.record.inputError {
            prepared.failed = true
            prepared.diagnostics.append(RecordProcessor.plainDiagnostic(error.code, error.message))
            return prepared
        }
        for integer in prepared.record.impreciseIntegers {
            prepared.diagnostics.append(
                RecordProcessor.plainDiagnostic(
                    "W0418", "integer \(integer) exceeds 2^53 and lost precision; consider a string", severity: .warning))
        }
        let slots = mapping.slots
        // Validation (§3.1).
        if !slots.validationInputs.isEmpty {
            var inputs = Value.Object()
            for (name, program) in slots.validationInputs {
                switch evaluate(program, &prepared) {
                case .success(let v): inputs[name] = v
                case .failure(let d): return failed(prepared, d, isValid: nil)
                }
            }
            prepared.validationInputs = .object(inputs)
        }
        if let validation = slots.validation {
            switch evaluate(validation, &prepared) {
            case .success(let v):
                prepared.isValid = v.isTruthy
                prepared.roots[.isValid] = .bool(v.isTruthy)
            case .failure(let d): return failed(prepared, d, isValid: nil)
            }
        } else {
            prepared.isValid = true
        }
        guard prepared.isValid == true else {
            prepared.outcome = .invalid
            return prepared
        }
        // The journeys to map: one, or one per element (§3.6).
        var elements: [(index: Int?, item: Value)] = [(nil, .null)]
        if let multiple = slots.multiple {
            prepared.multipleMode = true
            switch evaluate(multiple, &prepared) {
            case .success(.list(let items)):
                elements = items.enumerated().map { ($0, $1) }
                prepared.roots[.items] = .list(items)
            case .success(.null):
                elements = []
                prepared.roots[.items] = .list([])
            case .success(let other):
                return failed(prepared, plain("M0105", "`journey.multiple` must be a List, got \(other.kindName)", slot: .multiple), isValid: true)
            case .failure(let d): return failed(prepared, d, isValid: true)
            }
        }
        prepared.journeys.reserveCapacity(elements.count)
        for (index, item) in elements {
            var journey = PreparedJourney(index: index, item: item)
            var roots = prepared.roots
            if let index {
                roots[.item] = item
                roots[.index] = .number(Double(index))
            }
            if let identifier = slots.identifier {
                switch evaluate(identifier, roots, &prepared, element: index) {
                case .success(let raw):
                    journey.identifierRaw = raw
                    normaliseIdentifier(&journey, &prepared)
                case .failure(let d): journey.identifierError = d
                }
            }
            if let s = slots.startParameters { journey.startParameters = evaluate(s, roots, &prepared, element: index) }
            if let e = slots.eventPayload { journey.eventPayload = evaluate(e, roots, &prepared, element: index) }
            // Moved in, not copied (a copy retains each of its values).
            prepared.journeys.append(PreparedJourney())
            swap(&journey, &prepared.journeys[prepared.journeys.count - 1])
        }
        return prepared
    }

    func failed(_ prepared: PreparedRecord, _ d: MappingDiagnostic, isValid: Bool?) -> PreparedRecord {
        var copy = prepared
        copy.failed = true
        copy.isValid = isValid
        copy.diagnostics.append(RecordProcessor.json(d))
        return copy
    }

    /// The identifier's normal form (§3.2): Text as is, Phone as E.164.
    func normaliseIdentifier(_ journey: inout PreparedJourney, _ prepared: inout PreparedRecord) {
        let definition = mapping.definition
        var text: String
        switch journey.identifierRaw {
        case .null: return
        case .text(let s): text = s
        case .number, .bool:
            text = journey.identifierRaw.renderedText
            prepared.diagnostics.append(
                RecordProcessor.plainDiagnostic(
                    "M0302", "identifier is \(journey.identifierRaw.kindName); it was converted to Text `\(text)`", severity: .warning,
                    slot: .identifier))
        default:
            journey.identifierError = plain("M0301", "identifier must be Text, got \(journey.identifierRaw.kindName)", slot: .identifier)
            return
        }
        if text.isEmpty { return }
        switch definition.identifierType {
        case .text:
            break
        case .journeyID:
            if text.range(of: #"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"#, options: .regularExpression) == nil {
                prepared.diagnostics.append(
                    RecordProcessor.plainDiagnostic(
                        "M0303", "journey-id identifier `\(text)` does not look like a session id", severity: .warning, slot: .identifier))
            }
        case .phone:
            do throws(PhoneNumbers.Failure) {
                text = try PhoneNumbers.parse(text, region: definition.identifierRegion ?? options.region ?? definition.settings.defaultRegion)
            } catch {
                journey.identifierError = plain("M0304", "identifier `\(text)` is not a valid phone number: \(error.rawValue)", slot: .identifier)
                return
            }
        }
        journey.identifier = text
    }

    // MARK: - Phase 2

    /// Decides each journey of a record against the store (in input order), evaluates the response,
    /// and keeps the record's changes only if all of it succeeded.
    public func commit(_ prepared: inout PreparedRecord, store: inout JourneyStore) {
        guard !prepared.failed else { return }
        if prepared.outcome != .invalid {
            store.beginRecord()
            let now = nowText(of: prepared)
            for k in prepared.journeys.indices where !prepared.failed {
                decide(journey: k, of: &prepared, store: &store, now: now)
            }
            if !prepared.failed {
                // Read in place: `first` would copy the journey, and with it each of its values.
                prepared.outcome = prepared.multipleMode ? .multiple : (prepared.journeys.first?.outcome ?? .error)
            }
        }
        if !prepared.failed {
            switch evaluateResponse(&prepared) {
            case .success(let response): prepared.response = response
            case .failure(let d):
                prepared.diagnostics.append(RecordProcessor.json(d))
                prepared.failed = true
            }
        }
        if prepared.failed && prepared.outcome != .invalid {
            store.discardRecord()
            for k in prepared.journeys.indices { prepared.journeys[k].discardDecision() }
        }
    }

    // MARK: - Phase 3

    /// The output record (§6.2). The prepared record is consumed.
    public func write(_ prepared: consuming PreparedRecord) -> Value {
        prepared.written?.value ?? outputRecord(prepared)
    }

    // MARK: - The response

    func evaluateResponse(_ p: inout PreparedRecord) -> Result<Value, MappingDiagnostic> {
        p.roots[.metadata] = metadata(p)
        let slots = mapping.slots
        var status = 200.0
        if let program = slots.status {
            switch evaluate(program, &p) {
            case .success(.number(let n)) where n == n.rounded() && n >= 100 && n <= 599: status = n
            case .success(let other):
                return .failure(plain("M0308", "response status must be an integer from 100 to 599, got \(other.literalText)", slot: .status))
            case .failure(let d): return .failure(d)
            }
        }
        var headers = Value.Object()
        for header in slots.headers {
            var name = header.literalName ?? ""
            if let program = header.name {
                switch evaluate(program, &p) {
                case .success(.text(let s)): name = s
                case .success(let other): name = other.renderedText
                case .failure(let d): return .failure(d)
                }
            }
            switch evaluate(header.value, &p) {
            case .success(.null): continue
            case .success(.text(let s)): setHeader(&headers, name, s)
            case .success(let v) where v.isNumberOrBoolean: setHeader(&headers, name, v.renderedText)
            case .success(let other):
                return .failure(plain("M0309", "header `\(name)` value must be Text, got \(other.kindName)", slot: header.value.slot))
            case .failure(let d): return .failure(d)
            }
        }
        var body = Value.null
        if let program = slots.body {
            switch evaluate(program, &p) {
            case .success(let v): body = v
            case .failure(let d): return .failure(d)
            }
        }
        var response = Value.Object()
        response.reserveCapacity(3)
        response.appendDistinct(OutputKeys.status, .number(status))
        response.appendDistinct(OutputKeys.headers, .object(headers))
        response.appendDistinct(OutputKeys.body, body)
        return .success(.object(response))
    }

    /// The `metadata` namespace of the response (mapping.md §2): the decided journey.
    func metadata(_ p: PreparedRecord) -> Value {
        let journeyID = p.journeys.isEmpty ? nil : p.journeys[p.journeys.count - 1].journeyID
        var metadata = Value.Object()
        metadata.reserveCapacity(4)
        metadata.appendDistinct(OutputKeys.canvasLink, journeyID.map { .text(canvasLink(to: $0)) } ?? .null)
        metadata.appendDistinct(OutputKeys.journeyID, journeyID.map(Value.text) ?? .null)
        metadata.appendDistinct(OutputKeys.outcome, .text(p.outcome.rawValue))
        metadata.appendDistinct(OutputKeys.behavior, .text(mapping.definition.behavior.rawValue))
        return .object(metadata)
    }

    /// The journey's link in the Studio: built in one allocation (two `+`s made two).
    func canvasLink(to journeyID: String) -> String {
        let base = mapping.definition.settings.canvasBaseUrl
        var link = ""
        link.reserveCapacity(base.utf8.count + 1 + journeyID.utf8.count)
        link += base
        link += "/"
        link += journeyID
        return link
    }

    /// A repeated name (any case) keeps the last value, at the first position.
    func setHeader(_ headers: inout Value.Object, _ name: String, _ value: String) {
        if let existing = headers.keys.first(where: { $0.lowercased() == name.lowercased() }) {
            headers.removeValue(forKey: existing)
        }
        headers[name] = .text(value)
    }

    // MARK: - Evaluating a slot

    func evaluate(_ slot: SlotProgram, _ prepared: inout PreparedRecord) -> Result<Value, MappingDiagnostic> {
        evaluate(slot, prepared.roots, &prepared, element: nil)
    }

    /// Evaluates one slot; each slot (and each element's journey) draws RANDOM and UUID from a
    /// stream of its own, so speculative evaluation cannot change what another slot sees.
    func evaluate(
        _ slot: SlotProgram, _ roots: SlotRoots, _ prepared: inout PreparedRecord, element: Int?
    )
        -> Result<Value, MappingDiagnostic>
    {
        var context = prepared.context
        context.seed = RecordProcessor.mix(context.seed, slot.stream(element: element))
        do {
            return .success(try slot.program.evaluate(roots: roots.values, context: context))
        } catch {
            return .failure(MappingDiagnostic(diagnostic: error.diagnostic, source: slot.program.source, slot: slot.slot.description))
        }
    }

    func plain(_ code: DiagnosticCode, _ message: String, slot: Slot) -> MappingDiagnostic {
        MappingDiagnostic(diagnostic: Diagnostic(code, message, at: .none, severity: .error), source: mapping.file, slot: slot.description)
    }

    /// SplitMix-style mixing of a seed with a position (§6.3: seeded by --seed and the record's
    /// position). For a fixed seed it is one-to-one: distinct streams stay distinct.
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = a &+ 0x9E37_79B9_7F4A_7C15 &* (b &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A mapping with errors was given to a `RecordProcessor`: it cannot be run.
public struct MappingHasErrors: Error, Sendable, CustomStringConvertible {
    /// The mapping that was refused.
    public let mapping: Mapping
    public var description: String {
        let errors = mapping.diagnostics.filter { $0.diagnostic.isError }.count
        return "mapping `\(mapping.definition.name)` has \(errors) error\(errors == 1 ? "" : "s") and cannot be run"
    }
}

extension Value {
    var isNumberOrBoolean: Bool {
        switch self {
        case .number, .bool: true
        default: false
        }
    }
}
