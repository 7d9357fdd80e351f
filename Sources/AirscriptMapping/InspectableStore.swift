/// What the delivery inspector of `serve` reads of a store (store.md §5): the latest deliveries,
/// one delivery, one journey with its events. Every backend offers it; the memory store keeps no
/// events (it counts them on the journey), so its journeys show none.
public protocol InspectableStore: JourneyStoreBackend {
    /// The newest `limit` delivery rows, newest first.
    func latestDeliveries(limit: Int) throws(StoreError) -> [DeliveryRow]
    /// A journey and its events in order, or nil when there is none with that id.
    func journey(id: String) throws(StoreError) -> (JourneyStore.Journey, [JourneyEvent])?
}
