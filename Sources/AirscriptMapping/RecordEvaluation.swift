import Airscript
import Foundation

/// One input record of a batch (mapping.md §6.1).
public struct InputRecord: Sendable {
    /// The input's name, for the output record.
    public var file: String
    /// The line, from 1.
    public var line: Int
    /// 0-based position in the whole run (seeds RANDOM and UUID).
    public var position: Int
    /// The payload (`payload` in every slot).
    public var payload: Value = .null
    /// The record's own connection namespace (an envelope's), if any.
    public var connection: Value?
    /// The record's own instant (an envelope's `now`), if any.
    public var now: Double?
    /// The record's id (an envelope's), copied to the output record.
    public var id: String?
    /// The `request` root (serve.md §3): the delivery's envelope without its body under `serve`,
    /// an envelope record's `request` under `map`; NULL otherwise.
    public var request: Value?
    /// The key its delivery row is stored under: the delivery key under `serve`; `FILE:LINE` when nil.
    public var deliveryKey: String?
    /// What its delivery row remembers of the request's body (serve's `Idempotency-Key`).
    public var fingerprint: String?
    /// What the delivery inspector keeps of the request (`DeliveryRow.detail`), under `serve --inspector`.
    public var inspection: Value?
    /// Whether the stored delivery row keeps the slot values (start parameters, event payload,
    /// validation inputs) of the output record: `serve` keeps them only with `--capture`, since
    /// they hold the payload's personal data (store.md §5). The answer sent is whole either way.
    public var storesSlotValues = true
    /// Integers of the line, among the parts the mapping reads, that lost precision (W0418).
    public var impreciseIntegers: [String] = []
    /// Why the line is not a record (M0201, M0202, M0203), if it is not.
    public var inputError: (code: DiagnosticCode, message: String)?

    /// A record at `line` of `file`, the `position`-th of the run.
    public init(file: String, line: Int, position: Int) {
        self.file = file
        self.line = line
        self.position = position
    }

    /// Reads one NDJSON line as a payload, or as an envelope (mapping.md §6.1). An envelope's `now`
    /// without an offset is read in `zone` (the run's context zone, as `--now` is).
    package static func parse(
        _ bytes: ArraySlice<UInt8>, format: MappingDefinition.InputFormat, file: String, line: Int,
        position: Int, limits: JSONReader.Options = JSONReader.Options(), demand: FieldDemand = .all, zone: String = "UTC"
    ) -> InputRecord {
        var record = InputRecord(file: file, line: line, position: position)
        let value: Value
        do {
            (value, record.impreciseIntegers) = try JSONReader.readWithWarnings(bytes, options: limits, demand: demand)
        } catch {
            record.inputError = ("M0201", "input line is not valid JSON: \(error.message) at column \(error.column)")
            return record
        }
        guard format == .envelope else {
            record.payload = value
            return record
        }
        guard let fields = value.objectFields else {
            record.inputError = ("M0202", "envelope record has no `payload`")
            return record
        }
        // The id first: an envelope that fails otherwise still names itself in its output record.
        switch fields["id"] {
        case nil, .null?: break
        case .text(let id)?: record.id = id
        case let other?:
            record.inputError = ("M0203", "envelope field `id` must be Text, got \(other.kindName)")
            return record
        }
        guard let payload = fields["payload"] else {
            record.inputError = ("M0202", "envelope record has no `payload`")
            return record
        }
        record.payload = payload
        record.connection = fields["connection"]
        record.request = fields["request"]
        switch fields["now"] {
        case nil, .null?: break
        case .text(let now)?:
            guard let instant = ISO8601Instant.parse(now, zone: zone) else {
                record.inputError = ("M0203", "envelope field `now` must be an ISO 8601 instant such as 2024-05-02T17:21:09Z, got \"\(now)\"")
                return record
            }
            record.now = instant
        case let other?:
            record.inputError = ("M0203", "envelope field `now` must be Text (an ISO 8601 instant), got \(other.kindName)")
            return record
        }
        return record
    }
}

/// The settings one run evaluates with (mapping `settings`, overridden by the command line).
public struct RunOptions: Sendable {
    /// The instant NOW() sees when a record has none of its own.
    public var now: Double
    /// The context time zone.
    public var timeZone: String
    /// The context locale.
    public var locale: String
    /// The region of phone identifiers without a country code.
    public var region: String?
    /// Seeds RANDOM, UUID and the journey ids.
    public var seed: UInt64 = 0
    /// Guardrails on each evaluation.
    public var limits = EvaluationLimits()
    /// Options for a run at `now`.
    public init(now: Double, timeZone: String, locale: String, region: String? = nil, seed: UInt64 = 0) {
        self.now = now
        self.timeZone = timeZone
        self.locale = locale
        self.region = region
        self.seed = seed
    }
}
