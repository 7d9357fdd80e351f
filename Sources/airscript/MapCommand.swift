import Airscript
import AirscriptMapping
import ArgumentParser
import Foundation

struct MapCommand: ParsableCommand, PolicyOptions {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Run a mapping over streams of payloads (NDJSON) and write one output record per input record.",
        discussion: """
            Inputs are NDJSON files (one payload, or one envelope with `input.format: envelope`, per line), or standard input. Every input line yields exactly one output record, in input order, whatever --jobs is; a line that is not JSON yields an `error` record and the run goes on. Outcomes come from a journey store: in memory (loaded from and saved to --state FILE, if given), or a database given by --store URL, which each batch of records commits to in one transaction, in input order. After a crash, the same command with --resume finishes the job: records already committed are not mapped again, their stored output records are written again, so the output equals an uninterrupted run's.

            Exit statuses: 0 every record mapped, 1 some record has outcome `error`, 2 the mapping has errors (nothing is read), 64 usage error, 65 the store is not an airscript store (or a newer one), 66 unreadable input, mapping or state file, 69 the store is unavailable (the records committed before are written), 74 output or state cannot be written.

            Examples:
              airscript map lead.yaml leads.ndjson --summary
              airscript map lead.yaml --state journeys.json -o out.ndjson < leads.ndjson
              airscript map lead.yaml a.ndjson b.ndjson --jobs 4 --now 2024-05-02T17:21:09Z
              airscript map lead.yaml leads.ndjson --store sqlite:journeys.sqlite -o out.ndjson
              airscript map lead.yaml leads.ndjson --store sqlite:journeys.sqlite -o out.ndjson --resume
            """
    )

    @Argument(help: "The mapping file (.yaml, .yml or .json).")
    var mapping: String

    @Argument(help: "NDJSON input files; `-` or none reads standard input.")
    var inputs: [String] = []

    @Option(help: ArgumentHelp("Load the journey store from FILE (if it exists) and save it back atomically.", valueName: "FILE"))
    var state: String?

    @Option(
        help: ArgumentHelp(
            "Keep journeys in the store at URL: `memory:` (the default), `sqlite:PATH`, `postgres://USER@HOST:PORT/DB`.", valueName: "URL"))
    var store: String?

    @Flag(help: "Finish the last run of these inputs over --store: committed records are not mapped again.")
    var resume = false

    // Read unconditionally, so that `--jobs -3` is refused by the check below rather than taken for
    // an option; optional, so that the help names the default as it is, not as this machine has it.
    @Option(parsing: .unconditional, help: ArgumentHelp("Records evaluated in parallel (default: the number of cores).", valueName: "N"))
    var jobs: Int?

    @Option(
        help: ArgumentHelp(
            "Records per transaction (default: 512 in memory, 4096 with --store sqlite: or postgres://, where each transaction costs a commit).",
            valueName: "N"))
    var batchSize: Int?

    @Option(
        name: [.long, .customShort("o")],
        help: ArgumentHelp("Write the records to FILE (atomically, at the end) instead of standard output.", valueName: "FILE"))
    var output: String?

    @Flag(inversion: .prefixedNo, help: "A summary and a progress line on standard error (default: when it is a terminal).")
    var summary: Bool?

    @Flag(help: "Stop at the first record with outcome `error` (exit 1).")
    var failFast = false

    @Flag(help: Self.strictHelp)
    var strict = false

    @Option(help: Self.allowHelp)
    var allow: String?

    @Option(help: ArgumentHelp("Default region for phone identifiers without a country code.", valueName: "CC"))
    var region: String?

    @Option(help: ArgumentHelp("Longest input line accepted, in bytes; longer lines are error records.", valueName: "N"))
    var maxLineBytes: Int = 16 << 20

    @Option(help: ArgumentHelp("Deepest nesting of arrays and objects in an input line.", valueName: "N"))
    var maxJSONDepth: Int = 512

    @OptionGroup var context: ContextOptions

    @OptionGroup(title: "Limits") var limits: LimitOptions

    func validate() throws {
        _ = try commandLinePolicy()
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
        if maxLineBytes < 2 || maxJSONDepth < 1 { throw ValidationError("--max-line-bytes and --max-json-depth must be positive") }
        if state != nil && store != nil { throw ValidationError("--state and --store cannot be used together: --state is a memory store") }
        if resume && store == nil { throw ValidationError("--resume needs --store URL: the store the run committed to") }
        if resume && (inputs.isEmpty || inputs.contains("-")) {
            throw ValidationError("--resume needs input files: standard input cannot be read again")
        }
        if let region, PhoneNumbersRegion.isKnown(region) == false {
            throw ValidationError("unknown region '\(region)'; use an ISO 3166 code such as US")
        }
    }

    func run() throws {
        let mapping = try MappingReport.load(self.mapping)
        let showSummary = summary ?? (isatty(2) != 0)
        let diagnostics = mapping.diagnostics.applying(try commandLinePolicy())
        if diagnostics.hasErrors {
            MappingReport.print(mapping, diagnostics, format: .text)
            throw Status.rejected
        }
        if showSummary && !diagnostics.isEmpty { MappingReport.print(mapping, diagnostics, format: .text) }
        let settings = mapping.definition.settings
        let base = try context.makeContext(defaultZone: settings.timezone, defaultLocale: settings.locale, defaultSeed: 0)
        var options = RunOptions(
            now: base.now, timeZone: base.timeZone, locale: base.locale,
            region: region?.uppercased() ?? settings.defaultRegion, seed: base.seed)
        options.limits = base.limits
        limits.apply(to: &options.limits)

        try refuseOverlaps()
        var journeys = JourneyStore()
        if let state {
            do {
                let (loaded, warnings) = try JourneyStore.load(path: state)
                journeys = loaded
                for w in warnings { printError("warning[M0403]: \(w)") }
            } catch {
                printError("error[M0401]: cannot read state file `\(state)`: \(error)")
                throw Status.cannotOpen
            }
        }
        let backend: any JourneyStoreBackend
        var run: (store: any StoreAdministration, id: Int)?
        if let store {
            backend = try StoreOpening.backend(store, seed: context.seed)
            options.seed = backend.seed
            if let durable = backend as? any StoreAdministration {
                run = (durable, try recordRun(in: durable, mapping: mapping.definition.name, options: &options))
            }
        } else {
            backend = MemoryJourneyStore(journeys, seed: options.seed)
            journeys = JourneyStore()
        }

        // Where the records and the state go is checked before anything is read: a missing folder
        // or a read-only one is known now, not after the whole stream (exit 74, M0402).
        let outputDestination = try output.map { try Self.destination($0, what: "output") }
        let stateDestination = try state.map { try Self.destination($0, what: "state file") }
        Interruption.removeTemporaryFilesOnSignals()

        // Open every input first, so an unreadable one stops the run before anything is written.
        var handles: [BatchRunner.Input] = []
        for name in inputs.isEmpty ? ["-"] : inputs {
            if name == "-" {
                handles.append(.init(name: "-", handle: FileHandle.standardInput))
            } else if !Inputs.isDirectory(name), let handle = FileHandle(forReadingAtPath: name) {
                handles.append(.init(name: name, handle: handle))
            } else {
                printError("airscript: cannot open input '\(name)': \(Inputs.unreadableReason(name))")
                throw Status.cannotOpen
            }
        }
        var writer: RecordWriter
        do {
            writer = try RecordWriter(destination: outputDestination)
        } catch {
            printError("error[M0402]: cannot write output `\(error.path)`: \(error.reason)")
            throw Status.cannotWrite
        }
        var runner = BatchRunner(
            processor: try RecordProcessor(mapping: mapping, options: options), jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        runner.failFast = failFast
        runner.resume = resume
        // A database commit rewrites the pages a batch touched: fewer, larger transactions are
        // measured faster (Benchmarks/README.md, "The journey store").
        runner.batchSize = batchSize ?? (backend.isDatabase ? 4096 : 512)
        runner.maxLineBytes = maxLineBytes
        runner.json.maxDepth = maxJSONDepth
        let started = Date()
        var lastProgress = Date.distantPast
        let progressOnTerminal = showSummary && isatty(2) != 0
        let result = runner.run(
            handles, backend: backend, emit: { _, line in writer.write(line) },
            progress: { done in
                guard progressOnTerminal, Date().timeIntervalSince(lastProgress) >= 0.5 else { return }
                lastProgress = Date()
                let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
                FileHandle.standardError.write(Data("\r\(done) records, \(Int(rate)) records/s".utf8))
            })
        if progressOnTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        do {
            try writer.finish()
        } catch {
            printError("error[M0402]: cannot write output `\(error.path)`: \(error.reason)")
            throw Status.cannotWrite
        }
        if let error = result.storeError {
            printError("error: \(error.message); the \(result.records) record\(result.records == 1 ? "" : "s") written were committed")
            throw StoreOpening.status(of: error)
        }
        if let run, !(failFast && result.errors > 0) {
            do { try run.store.finishRun(id: run.id) } catch { throw StoreOpening.report(error) }
        }
        if let stateDestination, let memory = backend as? MemoryJourneyStore {
            do {
                try memory.journeys.save(to: stateDestination)
            } catch {
                printError("error[M0402]: cannot write state file `\(error.path)`: \(error.reason)")
                throw Status.cannotWrite
            }
        }
        if showSummary {
            let elapsed = Date().timeIntervalSince(started)
            let outcomes = result.outcomes.map { ($0.key.rawValue, $0.value) }.sorted { $0.0 < $1.0 }.map { "\($0.0) \($0.1)" }.joined(
                separator: ", ")
            let codes = result.diagnosticCodes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            printError(
                "\(mapping.definition.name): \(result.records) record\(result.records == 1 ? "" : "s") in \(String(format: "%.2f", elapsed)) s"
                    + (outcomes.isEmpty ? "" : "; \(outcomes)") + (codes.isEmpty ? "" : "; diagnostics: \(codes)"))
        }
        if result.errors > 0 { throw Status.runtimeError }
    }
}

enum PhoneNumbersRegion {
    static func isKnown(_ region: String) -> Bool {
        (try? Environment().compile("PARSE_PHONE(\"2025550100\", \"\(region.filter(\.isLetter))\")").evaluate()) != nil
    }
}

extension MapCommand {
    /// Records this run in the store, or (with --resume) finds the run it continues and takes its
    /// instant and seed, so that the records mapped now give what they would have then.
    func recordRun(in store: any StoreAdministration, mapping: String, options: inout RunOptions) throws -> Int {
        let identities = inputs.map { path in
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
            return "\(absolute) \(size)"
        }
        do throws(StoreError) {
            if resume {
                if let earlier = try store.lastRun(mapping: mapping, inputs: identities) {
                    options.now = earlier.now
                    options.seed = earlier.seed
                    return earlier.id
                }
                // Killed before its run was recorded, the earlier run committed nothing: this
                // one starts afresh.
                printError("note: store `\(store.location)` has no run of `\(mapping)` over these inputs to resume; starting one")
            }
            return try store.beginRun(MapRun(mapping: mapping, now: options.now, seed: options.seed, inputs: identities))
        } catch {
            throw StoreOpening.report(error)
        }
    }

    /// A destination checked before the run; one that cannot be written exits 74 (M0402).
    static func destination(_ path: String, what: String) throws -> FileDestination {
        do {
            return try FileDestination.check(path)
        } catch {
            printError("error[M0402]: cannot write \(what) `\(path)`: \(error.reason)")
            throw Status.cannotWrite
        }
    }

    /// The output, the state file and the inputs must be different files, however they are
    /// spelt (links, `./`, standard input redirected from one): writing one would destroy
    /// another. A usage error, before anything is read.
    func refuseOverlaps() throws {
        var inputsByIdentity: [FileIdentity: String] = [:]
        for name in inputs.isEmpty ? ["-"] : inputs {
            if name == "-" {
                if let identity = FileIdentity.standardInput { inputsByIdentity[identity] = "standard input" }
            } else {
                inputsByIdentity[FileIdentity.of(name)] = "the input `\(name)`"
            }
        }
        // A FIFO or a device is written straight through: it is no file that could be destroyed.
        func identity(_ path: String?) -> FileIdentity? {
            guard let path, !FileIdentity.isSpecial(path) else { return nil }
            return FileIdentity.of(path)
        }
        let outputIdentity = identity(output), stateIdentity = identity(state)
        var problem: String?
        if let outputIdentity, let input = inputsByIdentity[outputIdentity] {
            problem = "the output `\(output!)` is \(input): writing it would destroy it"
        } else if let stateIdentity, let input = inputsByIdentity[stateIdentity] {
            problem = "the state file `\(state!)` is \(input): saving it would destroy it"
        } else if let outputIdentity, outputIdentity == stateIdentity {
            problem = "the output `\(output!)` is the state file: the state would be written over the records"
        }
        if let problem {
            printError("airscript map: \(problem)")
            throw Status.usage
        }
    }
}

/// The output records: to standard output, or to a destination checked before the run. A regular
/// file is written to a temporary file beside it that replaces it at the end (the output appears
/// whole or not at all, and memory stays bounded however long the run); a FIFO or device is
/// written straight through.
struct RecordWriter {
    let destination: FileDestination?
    var buffer: [UInt8] = []
    private var temporary: URL?
    private var handle: FileHandle?
    private var failure: DestinationError?

    init(destination: FileDestination?) throws(DestinationError) {
        self.destination = destination
        buffer.reserveCapacity(1 << 16)
        guard let destination else { return }
        switch destination.mode {
        case .replace:
            let url = try destination.createTemporary()
            temporary = url
            handle = FileHandle(forWritingAtPath: url.path)
        case .straight:
            handle = FileHandle(forWritingAtPath: destination.path)
        }
        if handle == nil {
            if let temporary { TemporaryFiles.shared.remove(temporary) }
            throw DestinationError(path: destination.path, reason: String(cString: strerror(errno)))
        }
    }

    mutating func write(_ line: [UInt8]) {
        buffer.append(contentsOf: line)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard let destination else {
            FileHandle.standardOutput.write(Data(buffer))
            return
        }
        guard failure == nil, let handle else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            failure = DestinationError(path: destination.path, reason: error.localizedDescription)
        }
    }

    mutating func finish() throws(DestinationError) {
        flush()
        guard let destination else { return }
        try? handle?.close()
        if let failure {
            if let temporary { TemporaryFiles.shared.remove(temporary) }
            throw failure
        }
        if let temporary { try destination.commit(temporary) }
    }
}
