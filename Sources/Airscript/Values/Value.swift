/// An Airscript value (spec/types.md §1). Every value is a JSON value; Date, Time, DateTime and
/// Currency are objects recognised by their exact shape (§1.3) and kept in a tagged form so that
/// operations need not re-examine the shape.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case text(String)
    case list([Value])
    /// Not boxed: `ObjectFields` is two references, no larger than a Text, so an object is one
    /// allocation (its entries) instead of two, and a path reads through one less reference.
    case object(Object)
    indirect case date(DateValue)
    indirect case time(TimeValue)
    indirect case dateTime(DateTimeValue)
    indirect case currency(CurrencyValue)

    /// An object's properties, in insertion order.
    public typealias Object = ObjectFields

    /// The kind's name as Airscript users read it in messages and from TYPEOF.
    public var kindName: String {
        switch self {
        case .null: "Null"
        case .bool: "Boolean"
        case .number: "Number"
        case .text: "Text"
        case .list: "List"
        case .object: "Object"
        case .date: "Date"
        case .time: "Time"
        case .dateTime: "DateTime"
        case .currency: "Currency"
        }
    }

    /// Whether the value is NULL.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Truthiness (language.md §11.2, D3): FALSE, NULL, 0, NaN and "" are falsy; everything else,
    /// including `[]` and `{}`, is truthy.
    @inline(__always)
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .number(let n): !(n == 0 || n.isNaN)
        case .text(let s): !s.isEmpty
        default: true
        }
    }

    /// Emptiness for ISEMPTY (language.md §11.3): NULL, "", [] and {}.
    public var isEmptyValue: Bool {
        switch self {
        case .null: true
        case .text(let s): s.isEmpty
        case .list(let l): l.isEmpty
        case .object(let o): o.isEmpty
        default: false
        }
    }

    /// How deeply lists and objects nest (a scalar is 0), counting no further than `limit + 1`.
    public func depth(limit: Int) -> Int {
        guard limit >= 0 else { return 1 }
        switch self {
        case .list(let elements):
            return 1 + (elements.map { $0.depth(limit: limit - 1) }.max() ?? 0)
        case .object(let fields):
            return 1 + (fields.values.map { $0.depth(limit: limit - 1) }.max() ?? 0)
        default:
            return 0
        }
    }

    /// Builds an object value, recognising the four special shapes (types.md §1.3).
    public static func makeObject(_ fields: Object) -> Value {
        switch fields.count {
        case 3:
            if let d = DateValue(fields: fields) { return .date(d) }
            if let c = CurrencyValue(fields: fields) { return .currency(c) }
            if let dt = DateTimeValue(fields: fields) { return .dateTime(dt) }
        case 4:
            if let t = TimeValue(fields: fields) { return .time(t) }
        default:
            break
        }
        return .object(fields)
    }

    /// The fields of an object-like value (special kinds in their canonical order), or nil.
    public var objectFields: Object? {
        switch self {
        case .object(let o):
            return o
        case .date, .time, .dateTime, .currency:
            var fields = Object()
            fields.reserveCapacity(4)
            forEachField { fields.appendDistinct($0, $1) }
            return fields
        default:
            return nil
        }
    }

    /// Calls `body` with each field of an object-like value, in order: the special kinds' fields in
    /// their canonical order, without building an object for them (the JSON writer walks them so).
    /// Nothing for other kinds.
    package func forEachField(_ body: (PropertyName, Value) -> Void) {
        switch self {
        case .object(let o):
            for entry in o.entries { body(entry.key, entry.value) }
        case .date(let d):
            body(ShapeKeys.day, .number(d.day))
            body(ShapeKeys.month, .number(d.month))
            body(ShapeKeys.year, .number(d.year))
        case .time(let t):
            body(ShapeKeys.hour, .number(t.hour))
            body(ShapeKeys.minute, .number(t.minute))
            body(ShapeKeys.second, .number(t.second))
            body(ShapeKeys.millisecond, .number(t.millisecond))
        case .dateTime(let dt):
            body(ShapeKeys.date, .date(dt.date))
            body(ShapeKeys.time, .time(dt.time))
            body(ShapeKeys.timeZone, .text(dt.timeZone))
        case .currency(let c):
            body(ShapeKeys.amount, .number(c.amount))
            body(ShapeKeys.code, .text(c.code))
            body(ShapeKeys.precision, .number(c.precision))
        case .null, .bool, .number, .text, .list:
            break
        }
    }

    /// Property access (language.md §7.1): the key's value on object-like values, NULL otherwise.
    public func member(_ key: String) -> Value {
        member(PropertyName(key))
    }

    /// Property access with a key whose fingerprint is computed (compiled paths).
    public func member(_ name: PropertyName) -> Value {
        if case .object(let o) = self { return o[name] ?? .null }
        let key = name.text
        switch self {
        case .date(let d):
            switch key {
            case "day": return .number(d.day)
            case "month": return .number(d.month)
            case "year": return .number(d.year)
            default: return .null
            }
        case .time(let t):
            switch key {
            case "hour": return .number(t.hour)
            case "minute": return .number(t.minute)
            case "second": return .number(t.second)
            case "millisecond": return .number(t.millisecond)
            default: return .null
            }
        case .dateTime(let dt):
            switch key {
            case "date": return .date(dt.date)
            case "time": return .time(dt.time)
            case "timeZone": return .text(dt.timeZone)
            default: return .null
            }
        case .currency(let c):
            switch key {
            case "amount": return .number(c.amount)
            case "code": return .text(c.code)
            case "precision": return .number(c.precision)
            default: return .null
            }
        default:
            return .null
        }
    }
}

extension Value: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        var o = Object()
        for (k, v) in elements { o[k] = v }
        self = Value.makeObject(o)
    }
}

/// A calendar date: `{"day": 16, "month": 6, "year": 2022}`. Fields are Numbers and may be invalid
/// (types.md §1.1); operations that need a valid date check them.
public struct DateValue: Sendable, Hashable {
    /// The day of the month, 1 to 31 when valid.
    public var day: Double
    /// The month, 1 to 12 when valid.
    public var month: Double
    /// The year.
    public var year: Double
    /// A Date of these fields (not checked: an impossible date fails where it is used, R0510).
    public init(year: Double, month: Double, day: Double) {
        self.year = year
        self.month = month
        self.day = day
    }
    init?(fields: Value.Object) {
        guard case .number(let d)? = fields[ShapeKeys.day], case .number(let m)? = fields[ShapeKeys.month],
            case .number(let y)? = fields[ShapeKeys.year]
        else { return nil }
        self.init(year: y, month: m, day: d)
    }
    /// Its JSON shape, `{day, month, year}`.
    public var fields: Value.Object { Value.date(self).objectFields! }
}

/// A time of day: `{"hour": 12, "minute": 0, "second": 0, "millisecond": 0}`.
public struct TimeValue: Sendable, Hashable {
    /// The hour, 0 to 23 when valid.
    public var hour: Double
    /// The minute, 0 to 59 when valid.
    public var minute: Double
    /// The second, 0 to 59 when valid.
    public var second: Double
    /// The millisecond, 0 to 999 when valid.
    public var millisecond: Double
    /// A Time of these fields (not checked).
    public init(hour: Double, minute: Double, second: Double, millisecond: Double) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.millisecond = millisecond
    }
    init?(fields: Value.Object) {
        guard case .number(let h)? = fields[ShapeKeys.hour], case .number(let m)? = fields[ShapeKeys.minute],
            case .number(let s)? = fields[ShapeKeys.second], case .number(let ms)? = fields[ShapeKeys.millisecond]
        else { return nil }
        self.init(hour: h, minute: m, second: s, millisecond: ms)
    }
    /// Its JSON shape, `{hour, minute, second, millisecond}`.
    public var fields: Value.Object { Value.time(self).objectFields! }
}

/// A wall-clock date and time in an IANA time zone: `{"date": …, "time": …, "timeZone": "UTC"}`.
public struct DateTimeValue: Sendable, Hashable {
    /// The wall-clock date.
    public var date: DateValue
    /// The wall-clock time.
    public var time: TimeValue
    /// The IANA zone the wall clock is read in.
    public var timeZone: String
    /// A DateTime: a wall clock in a zone.
    public init(date: DateValue, time: TimeValue, timeZone: String) {
        self.date = date
        self.time = time
        self.timeZone = timeZone
    }
    init?(fields: Value.Object) {
        guard case .date(let d)? = fields[ShapeKeys.date], case .time(let t)? = fields[ShapeKeys.time],
            case .text(let z)? = fields[ShapeKeys.timeZone]
        else { return nil }
        self.init(date: d, time: t, timeZone: z)
    }
    /// Its JSON shape, `{date, time, timeZone}`.
    public var fields: Value.Object { Value.dateTime(self).objectFields! }
}

/// Money: an integer `amount` in units of 10^-precision of `code`: `{"amount": 4000, "code": "USD", "precision": 2}`.
public struct CurrencyValue: Sendable, Hashable {
    /// The amount in minor units (cents for `precision` 2).
    public var amount: Double
    /// The ISO 4217 code, such as `USD`.
    public var code: String
    /// Digits after the point: the amount is `amount / 10^precision`.
    public var precision: Double
    /// A Currency value (not checked: an invalid one fails where it is used, R0505).
    public init(amount: Double, code: String, precision: Double) {
        self.amount = amount
        self.code = code
        self.precision = precision
    }
    init?(fields: Value.Object) {
        guard case .number(let a)? = fields[ShapeKeys.amount], case .text(let c)? = fields[ShapeKeys.code],
            case .number(let p)? = fields[ShapeKeys.precision]
        else { return nil }
        self.init(amount: a, code: c, precision: p)
    }
    /// Its JSON shape, `{amount, code, precision}`.
    public var fields: Value.Object { Value.currency(self).objectFields! }
}

/// The property names of the special shapes, fingerprinted once: every object read or built with
/// three or four fields is tested against them.
enum ShapeKeys {
    static let day = PropertyName("day")
    static let month = PropertyName("month")
    static let year = PropertyName("year")
    static let hour = PropertyName("hour")
    static let minute = PropertyName("minute")
    static let second = PropertyName("second")
    static let millisecond = PropertyName("millisecond")
    static let date = PropertyName("date")
    static let time = PropertyName("time")
    static let timeZone = PropertyName("timeZone")
    static let amount = PropertyName("amount")
    static let code = PropertyName("code")
    static let precision = PropertyName("precision")
}
