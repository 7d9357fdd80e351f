/// What the delivery inspector of `serve` reads of a store (store.md §5): the latest deliveries,
/// one delivery, one journey with its events. Every backend offers it; the memory store keeps no
/// events (it counts them on the journey), so its journeys show none.
public protocol InspectableStore: JourneyStoreBackend {
    /// The newest `limit` delivery rows, newest first.
    func latestDeliveries(limit: Int) throws(StoreError) -> [DeliveryRow]
    /// A journey and its events in order, or nil when there is none with that id.
    func journey(id: String) throws(StoreError) -> (JourneyStore.Journey, [JourneyEvent])?
    /// Removes delivery rows of `mappings` first seen before `time` (seconds since 1970), the oldest
    /// first and at most `limit` of them: what `serve` does with rows older than its dedupe window
    /// (store.md §1), a little at a time. A mapping with an unfinished `map` run in the store keeps
    /// its rows: `--resume` reads them. Returns how many.
    func forgetDeliveries(of mappings: [String], firstSeenBefore time: Double, limit: Int) throws(StoreError) -> Int
}
