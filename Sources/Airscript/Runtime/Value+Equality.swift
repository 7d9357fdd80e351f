/// Deep structural equality (language.md §5.3, D10): different kinds are never equal, key order is
/// irrelevant, NaN equals NaN and -0 equals 0 (lodash `isEqual`), Text compares code unit by code unit.
extension Value: Equatable {
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.text(let x), .text(let y)): return String.sameCodeUnits(x, y)
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 }
        case (.object(let x), .object(let y)):
            return x.hasSameFields(as: y, ==)
        case (.date(let x), .date(let y)):
            return same(x.day, y.day) && same(x.month, y.month) && same(x.year, y.year)
        case (.time(let x), .time(let y)):
            return same(x.hour, y.hour) && same(x.minute, y.minute) && same(x.second, y.second)
                && same(x.millisecond, y.millisecond)
        case (.dateTime(let x), .dateTime(let y)):
            return Value.date(x.date) == Value.date(y.date) && Value.time(x.time) == Value.time(y.time)
                && String.sameCodeUnits(x.timeZone, y.timeZone)
        case (.currency(let x), .currency(let y)):
            return same(x.amount, y.amount) && String.sameCodeUnits(x.code, y.code) && same(x.precision, y.precision)
        default:
            return false
        }
    }

    private static func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
}

extension String {
    /// JavaScript's `<` on strings: lexicographic by UTF-16 code units.
    static func utf16Less(_ a: String, _ b: String) -> Bool {
        var i = a.utf16.makeIterator(), j = b.utf16.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): if x != y { return x < y }
            }
        }
    }
}
