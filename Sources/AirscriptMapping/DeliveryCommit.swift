import Airscript

/// What became of one live delivery (serve.md §5, §10).
public enum DeliveryResult: Sendable {
    /// Mapped and committed: its output record (mapping.md §6.2), whose `response` is the answer.
    case mapped(Value)
    /// A duplicate of a delivery that changed the store within the window: the row it left, whose
    /// output record holds the response to send again.
    case duplicate(DeliveryRow)
    /// The deadline passed before the commit: nothing was committed.
    case timedOut
    /// The key was remembered with another body (an App API's `Idempotency-Key`): nothing mapped.
    case conflict(DeliveryRow)
}

extension RecordProcessor {
    /// One delivery of `serve`, in a transaction of its own: the stored row under `dedupeKey` is
    /// read inside the transaction, and a delivery that changed the store within `window` seconds
    /// of `now` is answered from it, mapping nothing. Otherwise the record is mapped; if it changed
    /// the store (a journey started, replaced or resumed) its row is kept under `dedupeKey`, so a
    /// retry is answered from it; a delivery that changed nothing (or failed, or has no key) is
    /// logged under `requestKey`, where no retry finds it. Past `deadline` (checked before the
    /// commit) everything is taken back.
    public func deliver(
        _ record: consuming InputRecord, dedupeKey: String?, requestKey: String, window: Double, now: Double,
        to backend: any JourneyStoreBackend, dryRun: Bool = false, deadline: @escaping () -> Bool
    ) throws(StoreError) -> DeliveryResult {
        var prepared = prepare(record)
        var keys = self.keys(of: [prepared])
        if let dedupeKey {
            keys.deliveryKeys = [dedupeKey]
            keys.deliveryMapping = mapping.definition.name
        }
        return try backend.commit(touching: keys) { store, log in
            if let dedupeKey, let row = log.earlier[dedupeKey], now - (row.firstSeen ?? now) <= window {
                if let stored = row.fingerprint, let mine = prepared.record.fingerprint, stored != mine { return .conflict(row) }
                return .duplicate(row)
            }
            commit(&prepared, store: &store)
            if dryRun {
                // The inspector's dry run: decided against the live journeys, then taken back.
                let output = outputRecord(prepared)
                store.discardRecord()
                log = BatchLog()
                return .mapped(output)
            }
            if deadline() {
                store.discardRecord()
                log = BatchLog()
                return .timedOut
            }
            let remembered = !prepared.failed && prepared.journeys.contains { $0.delivered }
            prepared.record.deliveryKey = remembered ? dedupeKey ?? requestKey : requestKey
            self.log(&prepared, store: store, into: &log)
            return .mapped(prepared.written?.value ?? outputRecord(prepared))
        }
    }
}

extension RecordProcessor {
    /// An output record without the values of its slots (store.md §5: kept only with `--capture`):
    /// its start parameters, event payload and validation inputs, also inside `journeys`.
    public static func withoutSlotValues(_ output: Value) -> Value {
        guard var fields = output.objectFields else { return output }
        for key in ["startParameters", "eventPayload", "validationInputs"] where fields[key] != nil { fields[key] = .null }
        if case .list(let journeys)? = fields["journeys"] { fields["journeys"] = .list(journeys.map(withoutSlotValues)) }
        return .object(fields)
    }

    /// Evaluates the `source.when` or `source.dedupe` expression (serve.md §5, §10) over a
    /// delivery's `payload` and `request`: nil when the mapping has none.
    public func evaluateSource(_ slot: Slot, of record: InputRecord) -> Result<Value, MappingDiagnostic>? {
        let program: SlotProgram?
        switch slot {
        case .when: program = mapping.slots.when
        case .dedupe: program = mapping.slots.dedupe
        default: program = nil
        }
        guard let program else { return nil }
        var prepared = start(record)
        return evaluate(program, &prepared)
    }
}
