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
    case fields([PropertyName: FieldDemand])

    /// Nothing at all: the value is checked, not built.
    public static let nothing = FieldDemand.fields([:])

    /// The demand of a path of property names, ending in the whole value.
    public init(path: some Collection<PropertyName>) {
        self = path.reversed().reduce(FieldDemand.all) { inner, name in .fields([name: inner]) }
    }

    /// What either demand reads.
    public func union(_ other: FieldDemand) -> FieldDemand {
        switch (self, other) {
        case (.all, _), (_, .all): return .all
        case (.fields(let a), .fields(let b)): return .fields(a.merging(b) { $0.union($1) })
        }
    }

    /// The demand on one field of the value.
    func field(_ name: PropertyName) -> FieldDemand? {
        switch self {
        case .all: return .all
        case .fields(let fields): return fields[name]
        }
    }
}
