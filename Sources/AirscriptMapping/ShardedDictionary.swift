/// A dictionary kept as 64 smaller ones, chosen by the key's hash, so that it grows a sixty-fourth
/// at a time.
///
/// A Swift dictionary grows by rehashing every entry into a table twice the size. The memory
/// store's indexes grow under the lock every delivery waits on: at 49,153 journeys one commit of
/// `serve` held it for 55 ms while the table doubled, and the pause doubles with the store. Split
/// in 64, a step rehashes one shard, a sixty-fourth of the entries (measured: no commit over
/// 2.5 ms up to 164,000 journeys), for the price of hashing a key twice.
struct ShardedDictionary<Key: Hashable, Value> {
    private static var shardBits: Int { 6 }
    private var shards: [[Key: Value]] = Array(repeating: [:], count: 1 << shardBits)

    /// An empty dictionary (the shards share Swift's empty storage until written).
    init() {}

    private static func shard(of key: Key) -> Int {
        // The dictionary inside hashes with a seed of its own: the bits chosen here do not
        // crowd its buckets.
        key.hashValue & ((1 << shardBits) - 1)
    }

    /// The value stored under `key`; setting nil removes it.
    subscript(key: Key) -> Value? {
        get { shards[Self.shard(of: key)][key] }
        set { shards[Self.shard(of: key)][key] = newValue }
    }

    /// How many entries.
    var count: Int { shards.reduce(0) { $0 + $1.count } }
}

extension ShardedDictionary: Sendable where Key: Sendable, Value: Sendable {}
