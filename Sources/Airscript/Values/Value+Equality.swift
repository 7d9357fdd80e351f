/// Deep structural equality (language.md §5.3, D10): different kinds are never equal, key order is
/// irrelevant, NaN equals NaN and -0 equals 0 (lodash `isEqual`), Text compares code unit by code unit.
extension Value: Equatable {
    public static func == (a: Value, b: Value) -> Bool {
        // One switch on `a`, then a match on `b`: a switch on the pair would copy both values.
        switch a {
        case .null:
            return b.isNull
        case .bool(let x):
            if case .bool(let y) = b { return x == y }
        case .number(let x):
            if case .number(let y) = b { return same(x, y) }
        case .text(let x):
            if case .text(let y) = b { return String.sameCodeUnits(x, y) }
        case .list(let x):
            if case .list(let y) = b { return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 } }
        case .object(let x):
            if case .object(let y) = b { return x.hasSameFields(as: y, ==) }
        case .date(let x):
            if case .date(let y) = b { return same(x.day, y.day) && same(x.month, y.month) && same(x.year, y.year) }
        case .time(let x):
            if case .time(let y) = b {
                return same(x.hour, y.hour) && same(x.minute, y.minute) && same(x.second, y.second) && same(x.millisecond, y.millisecond)
            }
        case .dateTime(let x):
            if case .dateTime(let y) = b {
                return Value.date(x.date) == Value.date(y.date) && Value.time(x.time) == Value.time(y.time)
                    && String.sameCodeUnits(x.timeZone, y.timeZone)
            }
        case .currency(let x):
            if case .currency(let y) = b {
                return same(x.amount, y.amount) && String.sameCodeUnits(x.code, y.code) && same(x.precision, y.precision)
            }
        }
        return false
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
