/// What `airscript store` asks of a durable store (store.md §3): read it whole or in part, fill an
/// empty one, prune it, check its invariants.
public protocol StoreAdministration: InspectableStore {
    /// The whole store: journeys in creation order, their events, the sequence, the seed, and the
    /// delivery rows when `deliveries` is set.
    func snapshot(deliveries: Bool) throws(StoreError) -> StoreSnapshot

    /// Fills an empty store with a snapshot, exactly. A store holding any journey refuses
    /// (`StoreNotEmpty`), and so does a snapshot with two active holders of one identifier or
    /// phone, beyond the first (their identifiers are dropped, M0403: returned as warnings).
    func restore(_ snapshot: StoreSnapshot) throws(StoreError) -> [String]

    /// Journeys matching `filter`, in creation order.
    func journeys(matching filter: JourneyFilter) throws(StoreError) -> [JourneyStore.Journey]

    /// One journey and its events in order; nil when the store has no such journey.
    func journey(id: String) throws(StoreError) -> (JourneyStore.Journey, [JourneyEvent])?

    /// Delivery rows, oldest first, of one mapping or all, first seen at or after `since`
    /// (seconds since 1970), with when they were first seen.
    func deliveryLog(mapping: String?, since: Double?) throws(StoreError) -> [(row: DeliveryRow, firstSeen: Double)]

    /// Removes delivery rows first seen before `deliveriesBefore`, and ended journeys (with their
    /// events) ended before `endedBefore` (context instants, ISO 8601). Returns what was removed.
    func prune(deliveriesBefore: Double?, endedBefore: String?) throws(StoreError) -> (deliveries: Int, journeys: Int)

    /// The invariants of store.md §4, each violation in words: no identifier or phone held by two
    /// active journeys, every event's journey exists, the sequence above every journey's `seq`.
    func violations() throws(StoreError) -> [String]

    /// Records the start of a `map` run over the store; returns its id.
    func beginRun(_ run: MapRun) throws(StoreError) -> Int

    /// The latest run of `mapping` over exactly `inputs`, finished or not (for `map --resume`).
    func lastRun(mapping: String, inputs: [String]) throws(StoreError) -> MapRun?

    /// Marks a run finished: every record of its inputs was committed.
    func finishRun(id: Int) throws(StoreError)
}

/// A `map` run over a durable store (store.md §6, "`map --resume`"): what a resumed run reuses so
/// that its output equals an uninterrupted run's.
public struct MapRun: Sendable, Equatable {
    /// The store's id of the run (0 before it is recorded).
    public var id = 0
    /// The mapping's name.
    public var mapping: String
    /// The context instant of the run, in milliseconds since 1970.
    public var now: Double
    /// The run's seed.
    public var seed: UInt64
    /// The inputs, each as `ABSOLUTE-PATH SIZE`: a resumed run reads the same files, unchanged.
    public var inputs: [String]
    /// Whether every record was committed.
    public var finished = false

    /// A run about to start.
    public init(mapping: String, now: Double, seed: UInt64, inputs: [String]) {
        self.mapping = mapping
        self.now = now
        self.seed = seed
        self.inputs = inputs
    }
}

/// Which journeys `store journeys` lists.
public struct JourneyFilter: Sendable {
    /// Only active ones.
    public var activeOnly = false
    /// Only those holding (or having held) this identifier.
    public var identifier: String?
    /// Only those holding this phone.
    public var phone: String?
    /// Only those started by this mapping.
    public var mapping: String?

    /// Every journey.
    public init() {}

    /// Whether `journey` passes.
    public func admits(_ journey: JourneyStore.Journey) -> Bool {
        (!activeOnly || journey.active) && (identifier == nil || journey.identifier == identifier)
            && (phone == nil || journey.phone == phone) && (mapping == nil || journey.mapping == mapping)
    }
}
