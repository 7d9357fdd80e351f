import Airscript
import Dispatch

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
            // Decided one after another (each sees the ones before); what the store then writes
            // (output records, JSON) is built afterwards on every core: the decisions are the only
            // part that must be serial, and the transaction is open meanwhile.
            var cut = batch.count
            var sequences: [[Int]] = logs ? Array(repeating: [], count: batch.count) : []
            var replayed = Array(repeating: false, count: logs ? batch.count : 0)
            for k in batch.indices {
                if !replaying.isEmpty, let row = replaying[batch[k].deliveryKey], let output = row.output {
                    batch[k].replay(output, outcome: row.outcome)
                    if logs { replayed[k] = true }
                } else {
                    commit(&batch[k], store: &store)
                    if logs { sequences[k] = eventSequences(batch[k], store: store) }
                }
                if stopAtFailure && batch[k].failed {
                    cut = k + 1
                    break
                }
            }
            if logs { self.log(&batch, upTo: cut, sequences: sequences, skipping: replayed, into: &log) }
            return cut
        }
    }

    /// Each delivered journey's place among its events, as the store counts them right after
    /// the record: a later record of the batch may deliver to the same journey.
    func eventSequences(_ record: PreparedRecord, store: JourneyStore) -> [Int] {
        record.journeys.compactMap { journey in
            journey.delivered ? journey.journeyID.flatMap { store.journey(id: $0)?.events } : nil
        }
    }

    /// The rows the batch's first `count` records add: an event for each journey a record
    /// delivered to, and its delivery row with the whole output record (which `write` then reuses
    /// rather than builds again). Built in chunks on every core, kept in input order.
    func log(
        _ batch: inout [PreparedRecord], upTo count: Int, sequences: [[Int]], skipping replayed: [Bool],
        into log: inout BatchLog
    ) {
        let chunk = 64
        let chunks = (count + chunk - 1) / chunk
        var parts = Array(repeating: BatchLog(), count: chunks)
        batch.withUnsafeMutableBufferPointer { records in
            parts.withUnsafeMutableBufferPointer { parts in
                nonisolated(unsafe) let records = records
                nonisolated(unsafe) let parts = parts
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    for k in (c * chunk)..<min(count, (c + 1) * chunk) where !replayed[k] {
                        self.log(&records[k], sequences: sequences[k], into: &parts[c])
                    }
                }
            }
        }
        for part in parts {
            log.events += part.events
            log.deliveries += part.deliveries
        }
    }

    /// The rows one committed record adds.
    func log(_ record: inout PreparedRecord, sequences: [Int], into log: inout BatchLog) {
        let name = mapping.definition.name
        let key = record.deliveryKey
        let now = ISO8601Instant.format(record.context.now)
        var next = sequences.makeIterator()
        for journey in record.journeys where journey.delivered {
            guard let id = journey.journeyID, let sequence = next.next() else { continue }
            log.events.append(
                JourneyEvent(
                    journeyID: id, sequence: sequence, kind: journey.started ? .start : .event, time: now,
                    mapping: name, deliveryKey: key, startParameters: journey.startValue, eventPayload: journey.eventValue))
        }
        let output = outputRecord(record)
        let line = RecordProcessor.line(of: output)
        record.written = (output, line)
        var status: Int?
        if case .number(let n) = record.response.member("status") { status = Int(n) }
        let decided = record.journeys.last(where: { $0.journeyID != nil })?.journeyID
        log.deliveries.append(
            DeliveryRow(
                mapping: name, key: key, outcome: record.reportedOutcome.rawValue, journeyID: decided, status: status,
                output: String(decoding: line.dropLast(), as: UTF8.self)))
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
    public var deliveryKey: String { "\(record.file):\(record.line)" }

    /// The record as an earlier run committed it: its stored output record, its outcome.
    mutating func replay(_ output: String, outcome stored: String) {
        let bytes = Array(output.utf8)
        written = ((try? JSONReader.read(bytes)) ?? .null, bytes + [0x0A])
        outcome = Outcome(rawValue: stored) ?? .error
        failed = outcome == .error
    }
}
