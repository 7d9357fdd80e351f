import Airscript

/// Where journeys are kept (store.md): in memory for one run, or in a database that outlives it.
///
/// A backend commits a *batch* of records in one transaction: it locks (or loads) the journeys the
/// batch touches into a working `JourneyStore`, hands it to the caller, who decides every record of
/// the batch against it in input order (the same code for every backend: `RecordProcessor.commit`),
/// then writes the changes, the events and the delivery rows the caller logged, together or not at
/// all.
///
/// The interface is synchronous and safe to call from any thread: the record pipeline calls it
/// from its ordered stage, a server from a thread of its own, never from the cooperative pool
/// (a database call blocks). README, "Decisions beyond the spec".
public protocol JourneyStoreBackend: AnyObject, Sendable {
    /// What the store is, for messages: `memory:`, `sqlite:PATH`, without any password.
    var location: StoreLocation { get }

    /// The seed journey ids are made with (mapping.md §7.2). A store remembers the seed it was
    /// created with; opening it with another is a usage error (store.md §6).
    var seed: UInt64 { get }

    /// Whether the store is a database: `commit` then wants the batch's keys (to lock and load)
    /// and its events and delivery rows in the `BatchLog`. The memory store holds every journey,
    /// counts events on them and keeps no rows, so `map` in memory builds none of these.
    var isDatabase: Bool { get }

    /// One transaction: `body` decides the batch against the journeys `keys` names (and any it
    /// creates), and logs its events and deliveries; they are kept only if `body` returns and the
    /// store commits. Batches that share a key are serialised; their outcomes are those of some
    /// order of them, one at a time.
    func commit<Result>(
        touching keys: JourneyKeys, _ body: (inout JourneyStore, inout BatchLog) -> Result
    ) throws(StoreError) -> Result

    /// The delivery rows of records already committed under `keys` (for `map --resume`), by key.
    func deliveries(keyed keys: [String], mapping: String) throws(StoreError) -> [String: DeliveryRow]
}

/// What a batch touches, for locking and loading: identifiers, phones and journey ids.
public struct JourneyKeys: Sendable, Equatable {
    /// Text identifiers.
    public var identifiers: Set<String> = []
    /// Phones (E.164).
    public var phones: Set<String> = []
    /// Session ids (behaviour `lookup` with identifier type Journey ID).
    public var journeyIDs: Set<String> = []
    /// Delivery keys of `deliveryMapping` whose stored rows the batch reads (`serve`'s duplicate
    /// deliveries, serve.md §5): the backend hands them over in `BatchLog.earlier`, read inside
    /// the transaction so that two instances cannot both map one delivery.
    public var deliveryKeys: Set<String> = []
    /// The mapping `deliveryKeys` belong to.
    public var deliveryMapping = ""

    /// No keys.
    public init() {}

    /// Adds a normalised identifier of the given type.
    package mutating func insert(_ value: String, as type: MappingDefinition.IdentifierType) {
        switch type {
        case .text: identifiers.insert(value)
        case .phone: phones.insert(value)
        case .journeyID: journeyIDs.insert(value)
        }
    }
}

/// What a batch logged besides the journeys' changes: the rows written in the same transaction.
public struct BatchLog: Sendable {
    /// Events delivered to journeys, in order (store.md §6, "Rows").
    public var events: [JourneyEvent] = []
    /// One row per record that reached the mapping.
    public var deliveries: [DeliveryRow] = []
    /// The rows stored before this batch under the keys it named (`JourneyKeys.deliveryKeys`), by
    /// key: what the batch reads, not what it writes.
    public var earlier: [String: DeliveryRow] = [:]

    /// An empty log.
    public init() {}
}

/// One delivery to a journey: the start of a new one, or an event to an existing one.
public struct JourneyEvent: Sendable, Equatable {
    /// `start` for a journey the delivery started, `event` for one it resumed.
    public enum Kind: String, Sendable {
        /// The delivery started the journey.
        case start
        /// The delivery was an event to a running journey.
        case event
    }

    /// The journey's session id.
    public var journeyID: String
    /// Its place among the journey's events, from 1.
    public var sequence: Int
    /// Start or event.
    public var kind: Kind
    /// The context instant (ISO 8601).
    public var time: String
    /// The mapping that delivered it.
    public var mapping: String
    /// The delivery's key (file and line for `map`).
    public var deliveryKey: String?
    /// The start parameters (`session.start`) of a started journey; null otherwise.
    public var startParameters: Value
    /// The event payload (`event`).
    public var eventPayload: Value

    /// An event row.
    public init(
        journeyID: String, sequence: Int, kind: Kind, time: String, mapping: String, deliveryKey: String?,
        startParameters: Value, eventPayload: Value
    ) {
        self.journeyID = journeyID
        self.sequence = sequence
        self.kind = kind
        self.time = time
        self.mapping = mapping
        self.deliveryKey = deliveryKey
        self.startParameters = startParameters
        self.eventPayload = eventPayload
    }
}

/// A record that reached a mapping, as the store remembers it (store.md §1).
public struct DeliveryRow: Sendable, Equatable {
    /// The mapping's name.
    public var mapping: String
    /// The delivery key: `FILE:LINE` for `map` (store.md §4).
    public var key: String
    /// The record's outcome.
    public var outcome: String
    /// The journey it decided, if any.
    public var journeyID: String?
    /// The response's status, when it has one.
    public var status: Int?
    /// The whole output record (mapping.md §6.2), as its JSON line without the newline: what
    /// `map --resume` prints again for a record already committed.
    public var output: String?
    /// When the key was first stored (Unix seconds), as read back; nil for a row not yet written.
    public var firstSeen: Double?
    /// The SHA-256 (hex) of the request's body, for an App API's `Idempotency-Key` (serve.md §10):
    /// the same key with another body is refused.
    public var fingerprint: String?
    /// What `serve --inspector` shows of the delivery beyond its output record, as JSON text: the
    /// request as received (headers without secrets; the body only with `--capture`), its route and
    /// request id, and how long it took (store.md §5).
    public var detail: String?

    /// A delivery row.
    public init(
        mapping: String, key: String, outcome: String, journeyID: String?, status: Int?, output: String?, firstSeen: Double? = nil,
        fingerprint: String? = nil, detail: String? = nil
    ) {
        self.firstSeen = firstSeen
        self.fingerprint = fingerprint
        self.detail = detail
        self.mapping = mapping
        self.key = key
        self.outcome = outcome
        self.journeyID = journeyID
        self.status = status
        self.output = output
    }
}

/// Why a store could not be used: exit 69 (unavailable) or 64 (a usage error).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure the command maps to exit statuses.
    public enum Kind: Sendable {
        /// The store cannot be reached or written (exit 69).
        case unavailable
        /// The URL or the request is wrong (exit 64).
        case usage
        /// The store is newer than this binary, or not a store at all (exit 65).
        case incompatible
        /// There is no store where the URL points, and the command only reads one (exit 66).
        case missing
        /// The store refuses the request as it stands: an import into a store holding journeys
        /// (exit 1).
        case refused
    }

    /// What kind of failure.
    public var kind: Kind
    /// The message, naming the store.
    public var message: String

    /// A failure of `kind`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
