/// Which parts of a value a program can read. `payload.body.Id` and `payload.body.Email` read two
/// fields of one field of `payload`; `payload` passed whole to a function reads all of it.
///
/// `airscript map` hands the demand of all of a mapping's expressions to the JSON reader, which
/// then builds only those parts of each record and checks the rest without building it. Webhook
/// payloads are large and mappings read a few fields: most of a record is never materialised.
public indirect enum FieldDemand: Sendable, Equatable {
    /// The whole value.
    case all
    /// Only these fields, each with its own demand (of an object; nothing of a list).
    case fields(WantedFields)
    /// Each element of a list under this demand (what a query or a wildcard reads of its source).
    /// Anything else is read whole.
    case each(FieldDemand)

    /// Nothing at all: the value is checked, not built.
    public static let nothing = FieldDemand.fields([:])

    /// The demand of a path of property names, ending in `leaf` (the whole value by default).
    public init(path: some Collection<PropertyName>, leaf: FieldDemand = .all) {
        self = path.reversed().reduce(leaf) { inner, name in .fields([name: inner]) }
    }

    /// What either demand reads.
    public func union(_ other: FieldDemand) -> FieldDemand {
        switch (self, other) {
        case (.fields(let a), .fields(let b)): return .fields(WantedFields(a.byName.merging(b.byName) { $0.union($1) }))
        case (.each(let a), .each(let b)): return .each(a.union(b))
        // A value read both as a container to iterate and through its fields: all of it.
        default: return .all
        }
    }
}

/// The fields a `FieldDemand` asks for, by name; and their fingerprints in one array, so the JSON
/// reader matches a key on its bytes without building it (most keys of a payload are not wanted).
public struct WantedFields: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// What is wanted of each property, by name.
    public let byName: [PropertyName: FieldDemand]
    private let names: [PropertyName]
    private let demands: [FieldDemand]
    private let fingerprints: [UInt32]

    /// Wanted fields, each with what is wanted of its value.
    public init(_ byName: [PropertyName: FieldDemand]) {
        self.byName = byName
        names = Array(byName.keys)
        demands = names.map { byName[$0]! }
        fingerprints = names.map(\.fingerprint)
    }

    public init(dictionaryLiteral elements: (PropertyName, FieldDemand)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { $0.union($1) }))
    }

    public subscript(name: PropertyName) -> FieldDemand? { byName[name] }

    /// How many fields are wanted.
    public var count: Int { names.count }

    /// The wanted field whose name has these UTF-8 bytes (with this fingerprint), if any.
    func field(named bytes: UnsafeBufferPointer<UInt8>, fingerprint: UInt32) -> (name: PropertyName, demand: FieldDemand)? {
        let match = fingerprints.withUnsafeBufferPointer { fingerprints -> Int? in
            for k in fingerprints.indices where fingerprints[k] == fingerprint && names[k].text.hasUTF8(bytes) { return k }
            return nil
        }
        return match.map { (names[$0], demands[$0]) }
    }

    public static func == (a: WantedFields, b: WantedFields) -> Bool { a.byName == b.byName }
}
