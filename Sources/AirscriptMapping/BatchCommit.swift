import Airscript

/// A batch of prepared records committed through a `JourneyStoreBackend` in one transaction
/// (store.md §4): the records are decided in input order against the backend's working set, and
/// their events and delivery rows logged beside them.
extension RecordProcessor {
    /// The identifiers, phones and journey ids the batch's records look up: what the backend locks
    /// and loads before the batch is decided.
    public func keys(of batch: [PreparedRecord]) -> JourneyKeys {
        var keys = JourneyKeys()
        let type = mapping.definition.identifierType
        for record in batch where !record.failed {
            for journey in record.journeys {
                if let identifier = journey.identifier { keys.insert(identifier, as: type) }
            }
        }
        return keys
    }

    /// Commits `batch` through `backend`, in one transaction. With `stopAtFailure`
    /// (`--fail-fast`), the batch ends after the first failed record: returns how many records
    /// were committed (failed ones included: they committed nothing, but they were answered).
    /// A record with a row in `replaying` was committed by an earlier run (`map --resume`): it is
    /// not decided again, its stored output record is written again.
    public func commit(
        _ batch: inout [PreparedRecord], to backend: any JourneyStoreBackend, stopAtFailure: Bool = false,
        replaying: [String: DeliveryRow] = [:]
    ) throws(StoreError) -> Int {
        let logs = backend.isDatabase
        let keys = logs ? keys(of: batch) : JourneyKeys()
        return try backend.commit(touching: keys) { store, log in
            for k in batch.indices {
                if !replaying.isEmpty, let row = replaying[batch[k].deliveryKey], let output = row.output {
                    batch[k].replay(output, outcome: row.outcome)
                } else {
                    commit(&batch[k], store: &store)
                    if logs { self.log(&batch[k], store: store, into: &log) }
                }
                if stopAtFailure && batch[k].failed { return k + 1 }
            }
            return batch.count
        }
    }

    /// The rows one committed record adds: an event for each journey it delivered to (numbered as
    /// the store counts that journey's events now), and its delivery row with the whole output
    /// record (which `write` then reuses rather than builds again).
    func log(_ record: inout PreparedRecord, store: JourneyStore, into log: inout BatchLog) {
        let name = mapping.definition.name
        let key = record.deliveryKey
        let now = nowText(of: record)
        for journey in record.journeys where journey.delivered {
            guard let id = journey.journeyID, let stored = store.journey(id: id) else { continue }
            log.events.append(
                JourneyEvent(
                    journeyID: id, sequence: stored.events, kind: journey.started ? .start : .event, time: now,
                    mapping: name, deliveryKey: key, startParameters: journey.startValue, eventPayload: journey.eventValue))
        }
        let output = outputRecord(record)
        // The stored text: the output line (which `map` writes too), or for `serve` without
        // `--capture` the record without its slot values (`serve` answers from the value and
        // writes no line: one JSON text a delivery, made inside the store's transaction).
        let stored: String
        if record.record.storesSlotValues {
            let line = RecordProcessor.line(of: output)
            record.written = (output, line)
            stored = String(decoding: line.dropLast(), as: UTF8.self)
        } else {
            record.written = (output, [])
            stored = JSONWriter.write(RecordProcessor.withoutSlotValues(output))
        }
        var status: Int?
        if case .number(let n) = record.response.member("status") { status = Int(n) }
        let decided = record.journeys.last(where: { $0.journeyID != nil })?.journeyID
        log.deliveries.append(
            DeliveryRow(
                mapping: name, key: key, outcome: record.reportedOutcome.rawValue, journeyID: decided, status: status,
                output: stored, fingerprint: record.record.fingerprint,
                detail: record.record.inspection.map { JSONWriter.write($0) }))
    }

    /// An output record's NDJSON line, with its newline.
    static func line(of output: Value) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(1024)
        JSONWriter.write(output, into: &line)
        line.append(0x0A)
        return line
    }
}

extension RecordProcessor.PreparedRecord {
    /// The key its delivery row is stored under: `FILE:LINE` (store.md §4).
    public var deliveryKey: String { record.deliveryKey ?? "\(record.file):\(record.line)" }

    /// The record as an earlier run committed it: its stored output record, its outcome.
    mutating func replay(_ output: String, outcome stored: String) {
        let bytes = Array(output.utf8)
        written = ((try? JSONReader.read(bytes)) ?? .null, bytes + [0x0A])
        outcome = Outcome(rawValue: stored) ?? .error
        failed = outcome == .error
    }
}
