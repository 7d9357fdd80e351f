import OrderedCollections

/// The checker's description of the values an expression can produce (spec/types.md §4).
public indirect enum StaticType: Sendable, Hashable, CustomStringConvertible {
    case any
    case never
    case null
    case boolean
    case number
    case text
    case email
    case phone
    case date
    case time
    case dateTime
    case currency
    case asset
    case detailedAsset
    case list(StaticType)
    /// An object with arbitrary keys whose values have this type.
    case dict(StaticType)
    case record(Record)
    /// Any object (the open record `{…}`).
    case object
    /// A closed set of Text literals, for parameters (`"s" | "ms"`).
    case literals([String])
    /// T or NULL.
    case optional(StaticType)
    /// A type variable of a generic signature.
    case variable(String)
    /// Only in signatures: any of these.
    case union([StaticType])

    /// A record type: known fields; open records allow others.
    public struct Record: Sendable, Hashable {
        /// The known properties, in the sample's order.
        public var fields: OrderedDictionary<String, Field>
        /// Whether other properties may exist (a type inferred from a sample is open).
        public var isOpen: Bool
        /// A record type with these fields.
        public init(fields: OrderedDictionary<String, Field>, isOpen: Bool) {
            self.fields = fields
            self.isOpen = isOpen
        }
    }

    /// One property of a record type.
    public struct Field: Sendable, Hashable {
        /// The property's type.
        public var type: StaticType
        /// `key?:` — the key may be absent.
        public var isOptional: Bool
        /// A property of type `type`; an optional one may be absent.
        public init(_ type: StaticType, optional: Bool = false) {
            self.type = type
            self.isOptional = optional
        }
    }

    /// `T?`, normalised: `Any?` is Any, `Null?` is Null, `T??` is `T?`.
    public var nullable: StaticType {
        switch self {
        case .any, .null, .optional: self
        case .never: .null
        default: .optional(self)
        }
    }

    /// The type without its `?`.
    public var nonNull: StaticType {
        if case .optional(let t) = self { return t }
        return self
    }

    /// Whether NULL is among the values (Null, T?, Any).
    public var admitsNull: Bool {
        switch self {
        case .null, .optional, .any: true
        default: false
        }
    }

    /// Whether NULL is among its values.
    public var isNullable: Bool {
        if case .optional = self { return true }
        return false
    }

    /// The closed record of a special kind's fields.
    var specialFields: Record? {
        switch self {
        case .date:
            return Record(fields: ["day": Field(.number), "month": Field(.number), "year": Field(.number)], isOpen: false)
        case .time:
            return Record(
                fields: [
                    "hour": Field(.number), "minute": Field(.number), "second": Field(.number),
                    "millisecond": Field(.number),
                ], isOpen: false)
        case .dateTime:
            return Record(fields: ["date": Field(.date), "time": Field(.time), "timeZone": Field(.text)], isOpen: false)
        case .currency:
            return Record(fields: ["amount": Field(.number), "code": Field(.text), "precision": Field(.number)], isOpen: false)
        case .asset:
            let fields: OrderedDictionary<String, Field> = [
                "id": Field(.text), "assetKey": Field(.text, optional: true),
                "organizationId": Field(.text, optional: true),
                "visibility": Field(.text, optional: true), "version": Field(.any, optional: true),
            ]
            return Record(fields: fields, isOpen: true)
        case .detailedAsset:
            var record = StaticType.asset.specialFields!
            for name in [
                "displayName", "description", "type", "size", "expiration", "scope", "region", "state", "createdTime",
                "modifiedTime", "deletedTime", "validationErrors", "extraInfo", "downloadUrl", "thumbnailUrl",
            ] {
                record.fields[name] = Field(name == "size" ? .number : .text, optional: true)
            }
            return record
        default:
            return nil
        }
    }

    /// How the type is written in diagnostics and `:type` (types.md §4.1).
    public var description: String {
        switch self {
        case .any: "Any"
        case .never: "Never"
        case .null: "Null"
        case .boolean: "Boolean"
        case .number: "Number"
        case .text: "Text"
        case .email: "Email"
        case .phone: "Phone"
        case .date: "Date"
        case .time: "Time"
        case .dateTime: "DateTime"
        case .currency: "Currency"
        case .asset: "Asset"
        case .detailedAsset: "DetailedAsset"
        case .list(let t): "List<\(t)>"
        case .dict(let t): "Dict<\(t)>"
        case .object: "Object"
        case .literals(let values): values.map { "\"\($0)\"" }.joined(separator: " | ")
        case .optional(let t):
            if case .union = t { "(\(t))?" } else { "\(t)?" }
        case .variable(let name): name
        case .union(let types): types.map(\.description).joined(separator: " | ")
        case .record(let r): StaticType.describe(r, limit: 8)
        }
    }

    static func describe(_ r: Record, limit: Int) -> String {
        var parts = r.fields.prefix(limit).map { key, field in
            "\(Value.isBareKey(key) ? key : "\"\(key)\"")\(field.isOptional ? "?" : ""): \(field.type)"
        }
        if r.fields.count > limit { parts.append("… \(r.fields.count - limit) more") }
        if r.isOpen { parts.append("…") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The kind words used in messages: "Number", "a List", …
    package var isListLike: Bool {
        if case .list = nonNull { return true }
        return false
    }

    /// Whether values of this type are objects (records, dicts, special kinds).
    package var isObjectLike: Bool {
        switch nonNull {
        case .record, .dict, .object, .date, .time, .dateTime, .currency, .asset, .detailedAsset: true
        default: false
        }
    }
}
