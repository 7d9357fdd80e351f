import Airscript
import Dispatch
import Foundation
import Synchronization

/// Runs a mapping over streams of NDJSON records (mapping.md §6): every input line yields exactly
/// one output record, in input order, whatever `jobs` is.
///
/// Records go through five stages in batches: read (the lines), prepare (parse and evaluate, any
/// order), commit (decide against the journey store, answer, keep or take back the record's
/// changes: in input order), write (the output record and its line, any order) and emit (in input
/// order). The stages form a pipeline: in one step, batch n+4 is
/// read while batch n+3 is prepared, batch n+2 committed, batch n+1 written and batch n emitted.
/// The three ordered stages run one batch at a time each, so the output is that of processing the
/// records one after another; but they run beside the parallel work rather than between it, which is
/// what lets a second thread double the throughput.
public struct BatchRunner: Sendable {
    /// An input stream and the name records from it are reported with.
    public struct Input {
        /// The name in output records (`file`).
        public var name: String
        /// Where its lines are read from.
        public var handle: FileHandle
        /// An input named `name`, read from `handle`.
        public init(name: String, handle: FileHandle) {
            self.name = name
            self.handle = handle
        }
    }

    /// What a run did, for its summary line.
    public struct Summary: Sendable {
        /// Records written.
        public var records = 0
        /// Records by outcome.
        public var outcomes: [Outcome: Int] = [:]
        /// Diagnostics in records, by code.
        public var diagnosticCodes: [String: Int] = [:]
        /// Records whose outcome is `error`.
        public var errors: Int { outcomes[.error] ?? 0 }
        /// Why the run stopped early: the store failed. The records committed before are written.
        public var storeError: StoreError?
    }

    /// What each record goes through.
    public let processor: RecordProcessor
    /// Threads for the parallel stages (1: everything on the calling thread).
    public var jobs: Int
    /// Records a batch (the unit each stage takes at a time).
    public var batchSize = 512
    /// A longer input line is an `error` record (M0201) whose bytes are skipped.
    public var maxLineBytes = 16 << 20
    /// The JSON reader's guardrails for each line.
    public var json = JSONReader.Options()
    /// Stop after the first record whose outcome is `error`.
    public var failFast = false
    /// Build only the parts of each record the mapping reads (`Mapping.recordDemand`); off, every
    /// record is built whole. The output is the same either way.
    public var projection = true
    /// Records the store already holds delivery rows for (an earlier, interrupted run of the same
    /// inputs) are not mapped again: their stored output records are written (`map --resume`).
    public var resume = false

    /// A runner of `processor` on up to `jobs` threads.
    public init(processor: RecordProcessor, jobs: Int) {
        self.processor = processor
        self.jobs = max(1, jobs)
    }

    /// Processes the inputs in order against `store`, handing each output record to `emit`, as a value
    /// and as its NDJSON line (serialised on the worker threads). `progress` is called after each batch
    /// with the number of records done. `emit` and `progress` are called one at a time, in order, but
    /// not always on the calling thread.
    public func run(
        _ inputs: [Input], store: inout JourneyStore, emit: (Value, [UInt8]) -> Void,
        progress: (Int) -> Void = { _ in }
    ) -> Summary {
        // Moved into the memory store, not shared: a second reference would copy the journeys
        // at the first change.
        let backend = MemoryJourneyStore(store, seed: processor.options.seed)
        store = JourneyStore()
        defer { store = backend.journeys }
        return run(inputs, backend: backend, emit: emit, progress: progress)
    }

    /// Processes the inputs in order, committing each batch through `backend` in one transaction.
    /// When the store fails, the run stops after the records already committed, and the summary
    /// says why (`storeError`).
    public func run(
        _ inputs: [Input], backend: any JourneyStoreBackend, emit: (Value, [UInt8]) -> Void,
        progress: (Int) -> Void = { _ in }
    ) -> Summary {
        withoutActuallyEscaping(emit) { emit in
            withoutActuallyEscaping(progress) { progress in
                let pipeline = Pipeline(
                    runner: self, source: LineBatches(inputs: inputs, size: batchSize, maxLineBytes: maxLineBytes),
                    emit: emit, progress: progress)
                return pipeline.run(backend: backend)
            }
        }
    }

    /// Runs `tasks` on up to `jobs` threads, each task once; a thread takes the next task when it
    /// is done with one. Returns when all are done.
    func perform(_ tasks: [() -> Void]) {
        if jobs == 1 || tasks.count < 2 {
            for task in tasks { task() }
            return
        }
        nonisolated(unsafe) let work = tasks
        let next = TaskCounter()
        DispatchQueue.concurrentPerform(iterations: min(jobs, tasks.count)) { _ in
            while let k = next.take(below: work.count) { work[k]() }
        }
    }
}

/// Hands out task numbers to the threads of one step: an atomic counter, so that a thread taking a
/// task never waits for (or sleeps on) the other (a lock made dozens of context switches a step).
private final class TaskCounter: Sendable {
    private let next = Atomic<Int>(0)

    func take(below count: Int) -> Int? {
        let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return k < count ? k : nil
    }
}

/// The lines of the inputs, in batches of up to `size` non-blank lines and about `byteBudget` bytes:
/// four batches are in flight at once, so memory is bounded by bytes, not only by lines.
struct LineBatches {
    struct Line {
        var file: String
        var number: Int
        var content: LineReader.Line
    }

    private let inputs: [BatchRunner.Input]
    private let size: Int
    private let maxLineBytes: Int
    static let byteBudget = 8 << 20
    private var current = 0
    private var reader: LineReader?
    /// Records handed out so far: the position of the next one.
    private(set) var position = 0

    init(inputs: [BatchRunner.Input], size: Int, maxLineBytes: Int) {
        self.inputs = inputs
        self.size = size
        self.maxLineBytes = maxLineBytes
    }

    /// The next batch and the position of its first record; an empty batch at the end.
    mutating func next() -> (lines: [Line], base: Int) {
        var lines: [Line] = []
        lines.reserveCapacity(size)
        var bytes = 0
        while lines.count < size && bytes < LineBatches.byteBudget && current < inputs.count {
            if reader == nil { reader = LineReader(handle: inputs[current].handle, maxLineBytes: maxLineBytes) }
            guard let line = reader!.next() else {
                reader = nil
                current += 1
                continue
            }
            if case .text(let text) = line {
                if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                bytes += text.count
            }
            lines.append(Line(file: inputs[current].name, number: reader!.lineNumber, content: line))
        }
        let base = position
        position += lines.count
        return (lines, base)
    }
}

/// The state of a run: each stage's batch, and what the ordered stages have produced. A class:
/// the tasks of a step share it, each touching only its own stage's part.
private final class Pipeline {
    typealias Prepared = RecordProcessor.PreparedRecord
    typealias Output = (value: Value, line: [UInt8], outcome: Outcome)

    let runner: BatchRunner
    var source: LineBatches
    let emit: (Value, [UInt8]) -> Void
    let progress: (Int) -> Void
    var summary = BatchRunner.Summary()

    var read: (lines: [LineBatches.Line], base: Int)?
    var prepared: [Prepared]?
    var committed: [Prepared]?
    var written: [Output]?
    /// Set by the commit stage under `--fail-fast`: no later batch is committed, read or prepared.
    var stopped = false
    var exhausted = false

    init(runner: BatchRunner, source: LineBatches, emit: @escaping (Value, [UInt8]) -> Void, progress: @escaping (Int) -> Void) {
        self.runner = runner
        self.source = source
        self.emit = emit
        self.progress = progress
    }

    /// Steps until every stage is empty.
    func run(backend: any JourneyStoreBackend) -> BatchRunner.Summary {
        while !(exhausted || stopped) || read != nil || prepared != nil || committed != nil || written != nil {
            step(backend: backend)
        }
        return summary
    }

    /// One step: every stage works on its batch at once, then the batches move one stage on.
    func step(backend: any JourneyStoreBackend) {
        let runner = self.runner
        let processor = runner.processor
        let chunk = max(16, runner.batchSize / (4 * runner.jobs))
        // Each stage takes its batch out of the pipeline, so that it holds the only reference.
        var toEmit = written.take()
        var toCommit = stopped ? nil : prepared.take()
        let toPrepare = stopped ? nil : read.take()
        var toWrite = committed.take() ?? []
        let writeCount = toWrite.count

        var newlyRead: (lines: [LineBatches.Line], base: Int)?
        var newlyCommitted: [Prepared]?
        var stopHere = false
        let preparedBuffer = UnsafeMutableBufferPointer<Prepared>.allocate(capacity: toPrepare?.lines.count ?? 0)
        let writtenBuffer = UnsafeMutableBufferPointer<Output>.allocate(capacity: writeCount)
        defer {
            preparedBuffer.deallocate()
            writtenBuffer.deallocate()
        }
        toWrite.withUnsafeMutableBufferPointer { records in
            nonisolated(unsafe) let records = records
            var tasks: [() -> Void] = []
            // The ordered stages first: they are the longest single tasks.
            if toCommit != nil {
                tasks.append {
                    var batch = toCommit.take()!
                    do throws(StoreError) {
                        let replaying =
                            runner.resume
                            ? try backend.deliveries(keyed: batch.map(\.deliveryKey), mapping: processor.mapping.definition.name) : [:]
                        let cut = try processor.commit(&batch, to: backend, stopAtFailure: runner.failFast, replaying: replaying)
                        if runner.failFast && cut > 0 && batch[cut - 1].failed { stopHere = true }
                        batch.removeSubrange(cut...)
                        newlyCommitted = batch
                    } catch {
                        // Nothing of this batch was committed: none of it is written.
                        self.summary.storeError = error
                        stopHere = true
                    }
                }
            }
            if toEmit != nil {
                tasks.append {
                    // The outputs are freed here too, beside the other stages.
                    let outputs = toEmit.take()!
                    var batch = BatchRunner.Summary()
                    for (output, line, outcome) in outputs {
                        batch.records += 1
                        batch.outcomes[outcome, default: 0] += 1
                        if case .list(let ds) = output.member("diagnostics") {
                            for d in ds { if case .text(let code) = d.member("code") { batch.diagnosticCodes[code, default: 0] += 1 } }
                        }
                        self.emit(output, line)
                    }
                    self.merge(batch)
                    self.progress(self.summary.records)
                }
            }
            if !(exhausted || stopped) {
                tasks.append { newlyRead = self.source.next() }
            }
            // The parallel stages, in chunks.
            for start in stride(from: 0, to: records.count, by: chunk) {
                let end = min(start + chunk, records.count)
                tasks.append {
                    for k in start..<end {
                        // Taken out of the batch, so that the payload is freed here, in parallel.
                        var record = Prepared.placeholder
                        swap(&record, &records[k])
                        let outcome = record.reportedOutcome
                        if let (value, line) = record.written {
                            (writtenBuffer.baseAddress! + k).initialize(to: (value, line, outcome))
                            continue
                        }
                        let value = processor.write(consume record)
                        (writtenBuffer.baseAddress! + k).initialize(to: (value, RecordProcessor.line(of: value), outcome))
                    }
                }
            }
            if let batch = toPrepare {
                for start in stride(from: 0, to: batch.lines.count, by: chunk) {
                    let end = min(start + chunk, batch.lines.count)
                    tasks.append {
                        for k in start..<end {
                            (preparedBuffer.baseAddress! + k).initialize(
                                to: processor.prepare(runner.record(batch.lines[k], position: batch.base + k)))
                        }
                    }
                }
            }
            runner.perform(tasks)
        }

        // Move the batches on. A batch prepared beside a --fail-fast stop is dropped unseen.
        let preparedNow = toPrepare.map { Pipeline.moveOut(preparedBuffer, count: $0.lines.count) }
        written = writeCount > 0 ? Pipeline.moveOut(writtenBuffer, count: writeCount) : nil
        committed = newlyCommitted
        if stopHere { stopped = true }
        prepared = stopped ? nil : preparedNow
        if let newlyRead {
            if newlyRead.lines.isEmpty { exhausted = true } else { read = newlyRead }
        }
        if stopped { read = nil }
    }

    func merge(_ batch: BatchRunner.Summary) {
        summary.records += batch.records
        summary.outcomes.merge(batch.outcomes, uniquingKeysWith: +)
        summary.diagnosticCodes.merge(batch.diagnosticCodes, uniquingKeysWith: +)
    }

    /// The buffer's first `count` elements, moved (not copied: a copy would retain every one).
    static func moveOut<T>(_ buffer: UnsafeMutableBufferPointer<T>, count: Int) -> [T] {
        Array(unsafeUninitializedCapacity: count) { target, initialized in
            if count > 0 { target.baseAddress!.moveInitialize(from: buffer.baseAddress!, count: count) }
            initialized = count
        }
    }
}

extension BatchRunner {
    /// The input record of one line: parsed, or an error record for a line over the size limit.
    func record(_ line: LineBatches.Line, position: Int) -> InputRecord {
        switch line.content {
        case .text(let bytes):
            return InputRecord.parse(
                bytes, format: processor.mapping.definition.inputFormat, file: line.file, line: line.number,
                position: position, limits: json, demand: projection ? processor.mapping.recordDemand : .all,
                zone: processor.options.timeZone)
        case .tooLong(let n):
            var r = InputRecord(file: line.file, line: line.number, position: position)
            r.inputError = ("M0201", "input line is not valid JSON: it is \(n) bytes long, over the limit of \(maxLineBytes)")
            return r
        case .unreadable(let reason):
            var r = InputRecord(file: line.file, line: line.number, position: position)
            r.inputError = ("M0201", "input line is not valid JSON: the input could not be read on from here (\(reason))")
            return r
        }
    }
}

extension Optional {
    /// The value, leaving nil behind.
    mutating func take() -> Wrapped? {
        defer { self = nil }
        return self
    }
}
