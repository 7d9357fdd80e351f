import Airscript
import Foundation

/// Evaluates a mapping over records in three phases (mapping.md §3.7, §6.3):
/// 1. `prepare` (any thread, any order): validation, the multiple list, identifiers, and start
///    parameters and event payloads evaluated speculatively — none of them depends on the store;
/// 2. `commit` (in input order): the journey-behaviour decisions against the store;
/// 3. `respond` (any thread): the response, which sees the committed journey through `metadata`.
/// The result is exactly that of processing the records one after another.
public struct RecordProcessor: Sendable {
    public let mapping: Mapping
    public let options: RunOptions
    /// `options.now` as the store writes it: most records have no time of their own.
    private let defaultNowText: String

    public init(mapping: Mapping, options: RunOptions) {
        self.mapping = mapping
        self.options = options
        self.defaultNowText = ISO8601Instant.format(options.now)
    }

    /// A journey to map: the whole record, or one element in multiple mode.
    struct PreparedJourney: Sendable {
        var index: Int?
        var item: Value = .null
        var identifierRaw: Value = .null
        var identifier: String?
        var identifierError: MappingDiagnostic?
        var startParameters: Result<Value, MappingDiagnostic>?
        var eventPayload: Result<Value, MappingDiagnostic>?
        // Filled in by `commit`:
        var outcome = "error"
        var journeyID: String?
        var replacedJourneyID: String?
        var matchedJourneyID: String?
        var startValue: Value = .null
        var eventValue: Value = .null
        var delivered = false
        var started = false
    }

    public struct PreparedRecord: Sendable {
        var record: InputRecord
        var context: EvaluationContext
        var roots: [Value]
        var isValid: Bool?
        var validationInputs: Value = .null
        var journeys: [PreparedJourney] = []
        var multipleMode = false
        var outcome = "error"
        var diagnostics: [Value] = []
        var failed = false
        var metadata: Value = .null
        var response: Value = .null

        /// An empty record, swapped in where a worker takes a record out of its batch.
        static let placeholder = PreparedRecord(record: InputRecord(file: "", line: 0, position: 0), context: EvaluationContext(), roots: [])
    }

    // MARK: - Phase 1

    /// The record is consumed: it moves into the prepared record (a copy retained each of its parts).
    public func prepare(_ record: consuming InputRecord) -> PreparedRecord {
        var context = EvaluationContext(now: record.now ?? options.now, timeZone: options.timeZone, locale: options.locale,
                                        seed: RecordProcessor.mix(options.seed, UInt64(record.position)), limits: options.limits)
        context.limits = options.limits
        let connection = record.connection ?? mapping.definition.connectionValue ?? mapping.definition.connectionSample ?? .null
        let roots: [Value] = [record.payload, mapping.definition.hasValidation ? connection : .null, .bool(true), .null, .null, .null, .null]
        var prepared = PreparedRecord(record: record, context: context, roots: roots)
        if let error = prepared.record.inputError {
            prepared.failed = true
            prepared.diagnostics.append(RecordProcessor.plainDiagnostic(error.code, error.message))
            return prepared
        }
        let slots = mapping.slots
        // Validation (§3.1).
        if !slots.validationInputs.isEmpty {
            var inputs = Value.Object()
            for (k, (name, program)) in slots.validationInputs.enumerated() {
                switch evaluate(program, &prepared, slot: 10 + k) {
                case .success(let v): inputs[name] = v
                case .failure(let d): return failed(prepared, d, isValid: nil)
                }
            }
            prepared.validationInputs = .object(inputs)
        }
        if let validation = slots.validation {
            switch evaluate(validation, &prepared, slot: 1) {
            case .success(let v):
                prepared.isValid = v.isTruthy
                prepared.roots[2] = .bool(v.isTruthy)
            case .failure(let d): return failed(prepared, d, isValid: nil)
            }
        } else {
            prepared.isValid = true
        }
        guard prepared.isValid == true else {
            prepared.outcome = "invalid"
            return prepared
        }
        // The journeys to map: one, or one per element (§3.6).
        var elements: [(index: Int?, item: Value)] = [(nil, .null)]
        if let multiple = slots.multiple {
            prepared.multipleMode = true
            switch evaluate(multiple, &prepared, slot: 2) {
            case .success(.list(let items)):
                elements = items.enumerated().map { ($0, $1) }
                prepared.roots[6] = .list(items)
            case .success(.null):
                elements = []
                prepared.roots[6] = .list([])
            case .success(let other):
                return failed(prepared, plain("M0105", "`journey.multiple` must be a List, got \(other.kindName)", slot: "multiple"), isValid: true)
            case .failure(let d): return failed(prepared, d, isValid: true)
            }
        }
        prepared.journeys.reserveCapacity(elements.count)
        for (index, item) in elements {
            var journey = PreparedJourney(index: index, item: item)
            var roots = prepared.roots
            if let index {
                roots[4] = item
                roots[5] = .number(Double(index))
            }
            let slotBase = 100 + 10 * (index ?? 0)
            if let identifier = slots.identifier {
                switch evaluate(identifier, roots, &prepared, slot: slotBase) {
                case .success(let raw):
                    journey.identifierRaw = raw
                    normaliseIdentifier(&journey, &prepared)
                case .failure(let d): journey.identifierError = d
                }
            }
            if let s = slots.startParameters { journey.startParameters = evaluate(s, roots, &prepared, slot: slotBase + 1) }
            if let e = slots.eventPayload { journey.eventPayload = evaluate(e, roots, &prepared, slot: slotBase + 2) }
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
            prepared.diagnostics.append(RecordProcessor.plainDiagnostic(
                "M0302", "identifier is \(journey.identifierRaw.kindName); it was converted to Text `\(text)`", severity: .warning, slot: "identifier"))
        default:
            journey.identifierError = plain("M0301", "identifier must be Text, got \(journey.identifierRaw.kindName)", slot: "identifier")
            return
        }
        if text.isEmpty { return }
        switch definition.identifierType {
        case .text:
            break
        case .journeyID:
            if text.range(of: #"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"#, options: .regularExpression) == nil {
                prepared.diagnostics.append(RecordProcessor.plainDiagnostic(
                    "M0303", "journey-id identifier `\(text)` does not look like a session id", severity: .warning, slot: "identifier"))
            }
        case .phone:
            do throws(PhoneNumbers.Failure) {
                text = try PhoneNumbers.parse(text, region: definition.identifierRegion ?? options.region ?? definition.settings.defaultRegion)
            } catch {
                journey.identifierError = plain("M0304", "identifier `\(text)` is not a valid phone number: \(error.rawValue)", slot: "identifier")
                return
            }
        }
        journey.identifier = text
    }

    // MARK: - Phase 2

    /// Decides and commits each journey of a record, in input order.
    public func commit(_ prepared: inout PreparedRecord, store: inout JourneyStore) {
        guard !prepared.failed, prepared.outcome != "invalid" else { return }
        let definition = mapping.definition
        let now = prepared.context.now == options.now ? defaultNowText : ISO8601Instant.format(prepared.context.now)
        for k in prepared.journeys.indices {
            // Taken out and put back, not copied: a copy would retain each of its values.
            var j = PreparedJourney()
            swap(&j, &prepared.journeys[k])
            if let error = j.identifierError {
                prepared.diagnostics.append(RecordProcessor.json(error))
                prepared.failed = true
                prepared.journeys[k] = j
                break
            }
            let match = j.identifier.flatMap { store.match(definition.identifierType, $0) }
            let needsIdentifier = definition.behavior != .start
            if j.identifier == nil && needsIdentifier {
                let consequence = definition.behavior == .lookup ? "finds no journey" : "starts a journey without one"
                prepared.diagnostics.append(RecordProcessor.plainDiagnostic(
                    "M0305", "no identifier (NULL or empty); behaviour `\(definition.behavior.rawValue)` \(consequence)", severity: .warning,
                    slot: "identifier"))
            }
            var startNew = false
            var newIdentifier = j.identifier
            switch (definition.behavior, match) {
            case (.start, let m?):
                startNew = true
                newIdentifier = nil
                prepared.diagnostics.append(RecordProcessor.plainDiagnostic(
                    "M0306", "identifier `\(j.identifier!)` is already held by journey \(store[m].id); the new journey was started without it",
                    severity: .warning, slot: "identifier"))
            case (.start, nil), (.replace, nil), (.abort, nil):
                startNew = true
            case (.replace, let m?):
                startNew = true
                j.replacedJourneyID = store[m].id
            case (.abort, let m?):
                j.outcome = "aborted"
                j.matchedJourneyID = store[m].id
            case (.lookup, let m?):
                j.outcome = "resumed"
                j.journeyID = store[m].id
                j.delivered = true
            case (.lookup, nil):
                if definition.onNoMatchStart { startNew = true } else { j.outcome = "no-match" }
            }
            // The slots this outcome needs must have succeeded; otherwise nothing is committed.
            if startNew, case .failure(let d)? = j.startParameters {
                prepared.diagnostics.append(RecordProcessor.json(d))
                prepared.failed = true
                prepared.journeys[k] = j
                break
            }
            if (startNew || j.delivered), case .failure(let d)? = j.eventPayload {
                prepared.diagnostics.append(RecordProcessor.json(d))
                prepared.failed = true
                prepared.journeys[k] = j
                break
            }
            if startNew {
                if let replaced = j.replacedJourneyID, let m = match {
                    store.end(m, reason: "replaced", now: now)
                    j.outcome = "replaced"
                    _ = replaced
                } else {
                    j.outcome = "started"
                }
                let assignable = definition.identifierType == .text ? newIdentifier : nil
                let phone = definition.identifierType == .phone ? newIdentifier : nil
                let index = store.create(identifier: assignable, phone: phone, now: now, mapping: definition.name, seed: options.seed,
                                         file: prepared.record.file, line: prepared.record.line)
                j.journeyID = store[index].id
                j.started = true
                j.delivered = true
                if case .success(let v)? = j.startParameters { j.startValue = v }
                store.deliverEvent(index)
            } else if j.outcome == "resumed", let m = match {
                store.deliverEvent(m)
            }
            if j.delivered, case .success(let v)? = j.eventPayload { j.eventValue = v }
            swap(&j, &prepared.journeys[k])
        }
        if !prepared.failed {
            // Read in place: `first` would copy the journey, and with it each of its values.
            prepared.outcome = prepared.multipleMode ? "multiple" : (prepared.journeys.isEmpty ? "error" : prepared.journeys[0].outcome)
        }
    }

    // MARK: - Phase 3

    /// Evaluates the response and builds the output record (§6.2).
    public func respond(_ prepared: consuming PreparedRecord) -> Value {
        var p = prepared
        if !p.failed {
            let journeyID = p.journeys.isEmpty ? nil : p.journeys[p.journeys.count - 1].journeyID
            var metadata = Value.Object()
            metadata.reserveCapacity(4)
            metadata.appendDistinct(OutputKeys.canvasLink, journeyID.map { .text(canvasLink(to: $0)) } ?? .null)
            metadata.appendDistinct(OutputKeys.journeyID, journeyID.map(Value.text) ?? .null)
            metadata.appendDistinct(OutputKeys.outcome, .text(p.outcome))
            metadata.appendDistinct(OutputKeys.behavior, .text(mapping.definition.behavior.rawValue))
            p.roots[3] = .object(metadata)
            switch evaluateResponse(&p) {
            case .success(let response): p.response = response
            case .failure(let d):
                p.diagnostics.append(RecordProcessor.json(d))
                p.failed = true
            }
        }
        return outputRecord(p)
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

    func evaluateResponse(_ p: inout PreparedRecord) -> Result<Value, MappingDiagnostic> {
        let slots = mapping.slots
        var status = 200.0
        if let program = slots.status {
            switch evaluate(program, &p, slot: 3) {
            case .success(.number(let n)) where n == n.rounded() && n >= 100 && n <= 599: status = n
            case .success(let other):
                return .failure(plain("M0308", "response status must be an integer from 100 to 599, got \(other.literalText)", slot: "response.status"))
            case .failure(let d): return .failure(d)
            }
        }
        var headers = Value.Object()
        for (k, header) in slots.headers.enumerated() {
            var name = header.literalName ?? ""
            if let program = header.name {
                switch evaluate(program, &p, slot: 4 + 2 * k) {
                case .success(.text(let s)): name = s
                case .success(let other): name = other.renderedText
                case .failure(let d): return .failure(d)
                }
            }
            switch evaluate(header.value, &p, slot: 5 + 2 * k) {
            case .success(.null): continue
            case .success(.text(let s)): setHeader(&headers, name, s)
            case .success(let v) where v.isNumberOrBoolean: setHeader(&headers, name, v.renderedText)
            case .success(let other):
                return .failure(plain("M0309", "header `\(name)` value must be Text, got \(other.kindName)", slot: "response.headers"))
            case .failure(let d): return .failure(d)
            }
        }
        var body = Value.null
        if let program = slots.body {
            switch evaluate(program, &p, slot: 9) {
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

    /// A repeated name (any case) keeps the last value, at the first position.
    func setHeader(_ headers: inout Value.Object, _ name: String, _ value: String) {
        if let existing = headers.keys.first(where: { $0.lowercased() == name.lowercased() }) {
            headers.removeValue(forKey: existing)
        }
        headers[name] = .text(value)
    }

    // MARK: - The output record

    func outputRecord(_ p: PreparedRecord) -> Value {
        typealias Key = OutputKeys
        // The keys are distinct and fingerprinted once: fields are appended without a search.
        var o = Value.Object()
        o.reserveCapacity(18)
        o.appendDistinct(Key.file, .text(p.record.file))
        o.appendDistinct(Key.line, .number(Double(p.record.line)))
        o.appendDistinct(Key.id, p.record.id.map(Value.text) ?? .null)
        o.appendDistinct(Key.mapping, .text(mapping.definition.name))
        o.appendDistinct(Key.behavior, .text(mapping.definition.behavior.rawValue))
        o.appendDistinct(Key.outcome, .text(p.failed ? "error" : p.outcome))
        o.appendDistinct(Key.isValid, p.isValid.map(Value.bool) ?? .null)
        o.appendDistinct(Key.validationInputs, p.validationInputs)
        if !p.multipleMode && !p.journeys.isEmpty {
            // The single journey, read in place: through the array's subscript, each use copied it
            // (and retained each of its values).
            p.journeys.withUnsafeBufferPointer { journeys in
                let j = journeys.baseAddress!
                o.appendDistinct(Key.identifier, identifierValue(raw: j.pointee.identifierRaw, identifier: j.pointee.identifier))
                o.appendDistinct(Key.journeyId, j.pointee.journeyID.map(Value.text) ?? .null)
                if let r = j.pointee.replacedJourneyID, j.pointee.started { o.appendDistinct(Key.replacedJourneyId, .text(r)) }
                if let m = j.pointee.matchedJourneyID { o.appendDistinct(Key.matchedJourneyId, .text(m)) }
                o.appendDistinct(Key.startParameters, j.pointee.startValue)
                o.appendDistinct(Key.eventPayload, j.pointee.eventValue)
            }
        } else {
            o.appendDistinct(Key.identifier, .null)
            o.appendDistinct(Key.journeyId, .null)
            o.appendDistinct(Key.startParameters, .null)
            o.appendDistinct(Key.eventPayload, .null)
        }
        o.appendDistinct(Key.response, p.failed ? .null : p.response)
        if p.multipleMode {
            o.appendDistinct(Key.journeys, .list(p.journeys.map { j in
                var e = Value.Object()
                e.reserveCapacity(8)
                e.appendDistinct(Key.index, j.index.map { .number(Double($0)) } ?? .null)
                e.appendDistinct(Key.outcome, .text(j.outcome))
                e.appendDistinct(Key.identifier, identifierValue(raw: j.identifierRaw, identifier: j.identifier))
                e.appendDistinct(Key.journeyId, j.journeyID.map(Value.text) ?? .null)
                e.appendDistinct(Key.replacedJourneyId, j.started ? (j.replacedJourneyID.map(Value.text) ?? .null) : .null)
                e.appendDistinct(Key.matchedJourneyId, j.matchedJourneyID.map(Value.text) ?? .null)
                e.appendDistinct(Key.startParameters, j.startValue)
                e.appendDistinct(Key.eventPayload, j.eventValue)
                return .object(e)
            }))
        }
        var diagnostics = p.diagnostics
        if !p.failed, RecordProcessor.containsNonFinite(.object(o)) {
            diagnostics.append(RecordProcessor.plainDiagnostic("W0417", "result contains NaN or Infinity, written as null in JSON",
                                                               severity: .warning))
        }
        o.appendDistinct(Key.diagnostics, .list(diagnostics))
        return .object(o)
    }

    /// The output record's property names (cli.md §5.4), and those of the objects it holds, fingerprinted once.
    enum OutputKeys {
        static let file = PropertyName("file"), line = PropertyName("line"), id = PropertyName("id")
        static let mapping = PropertyName("mapping"), behavior = PropertyName("behavior"), outcome = PropertyName("outcome")
        static let isValid = PropertyName("isValid"), validationInputs = PropertyName("validationInputs")
        static let identifier = PropertyName("identifier"), journeyId = PropertyName("journeyId")
        static let replacedJourneyId = PropertyName("replacedJourneyId"), matchedJourneyId = PropertyName("matchedJourneyId")
        static let startParameters = PropertyName("startParameters"), eventPayload = PropertyName("eventPayload")
        static let response = PropertyName("response"), journeys = PropertyName("journeys"), index = PropertyName("index")
        static let diagnostics = PropertyName("diagnostics")
        // Inside `identifier`, `response` and the `metadata` namespace.
        static let type = PropertyName("type"), raw = PropertyName("raw"), value = PropertyName("value")
        static let status = PropertyName("status"), headers = PropertyName("headers"), body = PropertyName("body")
        static let canvasLink = PropertyName("canvas_link"), journeyID = PropertyName("journey_id")
    }

    /// A journey's identifier in the output record. It takes the two fields, not the journey: a
    /// journey passed whole was copied.
    func identifierValue(raw: Value, identifier: String?) -> Value {
        guard mapping.definition.identifier != nil else { return .null }
        var object = Value.Object()
        object.reserveCapacity(3)
        object.appendDistinct(OutputKeys.type, .text(mapping.definition.identifierType.rawValue))
        object.appendDistinct(OutputKeys.raw, raw)
        object.appendDistinct(OutputKeys.value, identifier.map(Value.text) ?? .null)
        return .object(object)
    }

    static func containsNonFinite(_ v: Value) -> Bool {
        withUnsafePointer(to: v) { containsNonFinite(at: $0) }
    }

    /// Walks the value in place: the output record holds every evaluated result, and a walk that
    /// copied each list and object it met cost as much as building the record.
    private static func containsNonFinite(at p: UnsafePointer<Value>) -> Bool {
        if case .number(let n) = p.pointee { return !n.isFinite }
        if let elements = Value.listElements(at: p) {
            for i in elements.indices where containsNonFinite(at: elements.baseAddress! + i) { return true }
            return false
        }
        if let entries = Value.objectEntries(at: p) {
            for i in entries.indices where containsNonFinite(at: entries.valueAddress(i)) { return true }
            return false
        }
        switch p.pointee {
        case .date, .time, .dateTime, .currency:
            var found = false
            p.pointee.forEachField { _, field in found = found || containsNonFinite(field) }
            return found
        default:
            return false
        }
    }

    // MARK: - Helpers

    func evaluate(_ program: Program, _ prepared: inout PreparedRecord, slot: Int) -> Result<Value, MappingDiagnostic> {
        evaluate(program, prepared.roots, &prepared, slot: slot)
    }

    /// Evaluates one slot; each slot draws RANDOM and UUID from its own stream, so speculative
    /// evaluation cannot change what another slot sees.
    func evaluate(_ program: Program, _ roots: [Value], _ prepared: inout PreparedRecord, slot: Int) -> Result<Value, MappingDiagnostic> {
        var context = prepared.context
        context.seed = RecordProcessor.mix(context.seed, UInt64(slot))
        do {
            return .success(try program.evaluate(roots: roots, context: context))
        } catch {
            let slotName = program.source.name.split(separator: "(").last.map { String($0.dropLast()) }
            return .failure(MappingDiagnostic(diagnostic: error.diagnostic, source: program.source, slot: slotName))
        }
    }

    func plain(_ code: DiagnosticCode, _ message: String, slot: String) -> MappingDiagnostic {
        MappingDiagnostic(diagnostic: Diagnostic(code, message, at: .none, severity: .error), source: mapping.file, slot: slot)
    }

    static func json(_ d: MappingDiagnostic) -> Value {
        if d.diagnostic.span == .none && d.source.bytes.count > 0 && d.slot != nil && d.diagnostic.code.rawValue.hasPrefix("M") {
            return plainDiagnostic(d.diagnostic.code, d.diagnostic.message, severity: d.diagnostic.severity, slot: d.slot)
        }
        return DiagnosticJSON.value(d.diagnostic, in: d.source, slot: d.slot)
    }

    static func plainDiagnostic(_ code: DiagnosticCode, _ message: String, severity: Severity = .error, slot: String? = nil) -> Value {
        var o = Value.Object()
        o["severity"] = .text(severity.rawValue)
        o["code"] = .text(code.rawValue)
        o["message"] = .text(message)
        if let slot { o["slot"] = .text(slot) }
        return .object(o)
    }

    /// SplitMix-style mixing of a seed with a position (§6.3: seeded by --seed and the record's position).
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = a &+ 0x9E37_79B9_7F4A_7C15 &* (b &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
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
