import Airscript

/// The output record of a record (mapping.md §6.2): its shape, and the diagnostics it carries.
extension RecordProcessor {
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
        o.appendDistinct(Key.outcome, .text(p.reportedOutcome.rawValue))
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
            o.appendDistinct(
                Key.journeys,
                .list(
                    p.journeys.map { j in
                        var e = Value.Object()
                        e.reserveCapacity(8)
                        e.appendDistinct(Key.index, j.index.map { .number(Double($0)) } ?? .null)
                        e.appendDistinct(Key.outcome, j.outcome.map { .text($0.rawValue) } ?? .null)
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
            diagnostics.append(
                RecordProcessor.plainDiagnostic(
                    "W0417", "result contains NaN or Infinity, written as null in JSON",
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

    // MARK: - Diagnostics in records

    static func json(_ d: MappingDiagnostic) -> Value {
        if d.diagnostic.span == .none && d.source.bytes.count > 0 && d.slot != nil && d.diagnostic.code.rawValue.hasPrefix("M") {
            return plainDiagnostic(d.diagnostic.code, d.diagnostic.message, severity: d.diagnostic.severity, slotName: d.slot)
        }
        return DiagnosticJSON.value(d.diagnostic, in: d.source, slot: d.slot)
    }

    static func plainDiagnostic(_ code: DiagnosticCode, _ message: String, severity: Severity = .error, slot: Slot? = nil) -> Value {
        plainDiagnostic(code, message, severity: severity, slotName: slot?.description)
    }

    /// A diagnostic about the record rather than a place in an expression: no line or column.
    static func plainDiagnostic(_ code: DiagnosticCode, _ message: String, severity: Severity, slotName: String?) -> Value {
        var o = Value.Object()
        o["severity"] = .text(severity.rawValue)
        o["code"] = .text(code.rawValue)
        o["message"] = .text(message)
        if let slotName { o["slot"] = .text(slotName) }
        return .object(o)
    }
}
