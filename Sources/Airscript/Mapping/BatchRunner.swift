import Dispatch
import Foundation

/// Runs a mapping over streams of NDJSON records (mapping.md §6): every input line yields exactly
/// one output record, in input order, whatever `jobs` is.
public struct BatchRunner: Sendable {
    public struct Input {
        public var name: String
        public var handle: FileHandle
        public init(name: String, handle: FileHandle) {
            self.name = name
            self.handle = handle
        }
    }

    public struct Summary: Sendable {
        public var records = 0
        public var outcomes: [String: Int] = [:]
        public var diagnosticCodes: [String: Int] = [:]
        public var errors: Int { outcomes["error"] ?? 0 }
    }

    public let processor: RecordProcessor
    public var jobs: Int
    public var batchSize = 512
    public var maxLineBytes = 16 << 20
    public var json = JSONReader.Options()
    public var failFast = false

    public init(processor: RecordProcessor, jobs: Int) {
        self.processor = processor
        self.jobs = max(1, jobs)
    }

    /// Processes the inputs in order against `store`, handing each output record to `emit`, as a value
    /// and as its NDJSON line (serialised on the worker threads). `progress` is called after each batch
    /// with the number of records done.
    public func run(_ inputs: [Input], store: inout JourneyStore, emit: (Value, [UInt8]) -> Void,
                    progress: (Int) -> Void = { _ in }) -> Summary {
        var summary = Summary()
        var position = 0
        var pending: [(file: String, line: Int, line_: LineReader.Line)] = []
        var stop = false

        func flush(_ store: inout JourneyStore) {
            guard !pending.isEmpty else { return }
            let batch = pending
            let base = position
            let runner = self
            pending.removeAll(keepingCapacity: true)
            // Phase 1, in parallel: parse and prepare.
            var committed = parallelMap(batch.indices) { k -> RecordProcessor.PreparedRecord in
                let item = batch[k]
                let record: InputRecord
                switch item.line_ {
                case .text(let bytes):
                    record = InputRecord.parse(bytes, format: runner.processor.mapping.definition.inputFormat, file: item.file,
                                               line: item.line, position: base + k, limits: runner.json)
                case .tooLong(let n):
                    var r = InputRecord(file: item.file, line: item.line, position: base + k)
                    r.inputError = ("M0201", "input line is not valid JSON: it is \(n) bytes long, over the limit of \(runner.maxLineBytes)")
                    record = r
                }
                return runner.processor.prepare(record)
            }
            position += batch.count
            // Phase 2, in order: decide and commit.
            var cut = committed.count
            for k in committed.indices {
                processor.commit(&committed[k], store: &store)
                if failFast && committed[k].failed {
                    cut = k + 1
                    stop = true
                    break
                }
            }
            // Phase 3, in parallel: responses and output records. Each worker takes its records out
            // of the batch, so that their payloads are also freed in parallel, not by this thread.
            let outputs = committed.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let records = buffer
                return parallelMap(0..<cut) { k -> (Value, [UInt8]) in
                    var record = RecordProcessor.PreparedRecord.placeholder
                    swap(&record, &records[k])
                    let value = runner.processor.respond(record)
                    var line: [UInt8] = []
                    line.reserveCapacity(1024)
                    JSONWriter.write(value, into: &line)
                    line.append(0x0A)
                    return (value, line)
                }
            }
            for (output, line) in outputs {
                summary.records += 1
                if case .text(let outcome) = output.member("outcome") { summary.outcomes[outcome, default: 0] += 1 }
                if case .list(let ds) = output.member("diagnostics") {
                    for d in ds { if case .text(let code) = d.member("code") { summary.diagnosticCodes[code, default: 0] += 1 } }
                }
                emit(output, line)
            }
            progress(summary.records)
        }

        for input in inputs {
            var reader = LineReader(handle: input.handle, maxLineBytes: maxLineBytes)
            while !stop, let line = reader.next() {
                if case .text(let bytes) = line, bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                pending.append((input.name, reader.lineNumber, line))
                if pending.count >= batchSize { flush(&store) }
            }
            if stop { break }
        }
        if !stop { flush(&store) }
        return summary
    }

    /// Maps over a range on up to `jobs` threads, keeping the order.
    func parallelMap<T: Sendable>(_ range: Range<Int>, _ body: @Sendable (Int) -> T) -> [T] {
        if jobs == 1 || range.count < 2 { return range.map(body) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: range.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let output = results
        let workers = min(jobs, range.count)
        let lower = range.lowerBound, count = range.count
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var k = w
            while k < count {
                output[k] = body(lower + k)
                k += workers
            }
        }
        // Moved out, not copied: a copy would retain every result here and release it again.
        return (0..<count).map { (results.baseAddress! + $0).move()! }
    }
}
