import Airscript

extension RecordProcessor {
    /// A journey to map: the whole record, or one element in multiple-journeys mode.
    struct PreparedJourney: Sendable {
        var index: Int?
        var item: Value = .null
        var identifierRaw: Value = .null
        var identifier: String?
        var identifierError: MappingDiagnostic?
        var startParameters: Result<Value, MappingDiagnostic>?
        var eventPayload: Result<Value, MappingDiagnostic>?
        // Decided by `commit`; nil while (or when) the journey is not mapped.
        var outcome: Outcome?
        var journeyID: String?
        var replacedJourneyID: String?
        var matchedJourneyID: String?
        var startValue: Value = .null
        var eventValue: Value = .null
        var delivered = false
        var started = false

        /// What `commit` decided, taken back: the record failed, so nothing of it was committed.
        /// The journey that failed keeps `error`; the others were not mapped.
        mutating func discardDecision() {
            if outcome != .error { outcome = nil }
            journeyID = nil
            replacedJourneyID = nil
            matchedJourneyID = nil
            startValue = .null
            eventValue = .null
            delivered = false
            started = false
        }
    }

    /// A record on its way through the phases: what `prepare` evaluated, what `commit` decided and
    /// answered, and the diagnostics gathered on the way.
    public struct PreparedRecord: Sendable {
        var record: InputRecord
        var context: EvaluationContext
        var roots: SlotRoots
        var isValid: Bool?
        var validationInputs: Value = .null
        var journeys: [PreparedJourney] = []
        var multipleMode = false
        var outcome = Outcome.error
        var diagnostics: [Value] = []
        var failed = false
        var response: Value = .null
        /// The output record and its line, when the commit built them for the store's delivery
        /// row: `write` hands them on rather than building them again.
        var written: (value: Value, line: [UInt8])?

        /// The outcome the output record reports: `error` for a record that failed.
        var reportedOutcome: Outcome { failed ? .error : outcome }

        /// An empty record, swapped in where a worker takes a record out of its batch.
        static let placeholder = PreparedRecord(
            record: InputRecord(file: "", line: 0, position: 0),
            context: EvaluationContext(now: 0), roots: SlotRoots())
    }
}
