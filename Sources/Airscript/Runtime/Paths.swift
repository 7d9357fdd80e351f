/// Path access (language.md §7): total functions, NULL whenever there is nothing to read (D4).
enum Paths {
    /// `v.a.b.c`, from name `k` on. Each step reads the field where it is, borrowing it from its
    /// parent, so only the result is copied: a copy per step retained and released every object
    /// on the way.
    static func follow(_ v: borrowing Value, _ names: borrowing [PropertyName], from k: Int) -> Value {
        if k == names.count { return copy v }
        switch v {
        case .object(let fields):
            // Through the buffer, the name is borrowed, not retained for the look-up.
            return names.withUnsafeBufferPointer { keys in fields.withValue(of: keys[k]) { follow($0, names, from: k + 1) } } ?? .null
        case .null:
            return .null
        default:
            // Dates, Times, DateTimes and Currencies have their fields computed; the rest reads NULL.
            return follow((copy v).member(names[k]), names, from: k + 1)
        }
    }

    /// `v[i]`: a Number indexes a List (negative from the end) or reads the rendered key of an
    /// object; a Text reads a key; anything else is NULL.
    static func index(_ receiver: Value, _ index: Value) -> Value {
        switch index {
        case .number(let n):
            switch receiver {
            case .list(let elements):
                guard let i = integer(n) else { return .null }
                let k = i < 0 ? elements.count + i : i
                return k >= 0 && k < elements.count ? elements[k] : .null
            case .object, .date, .time, .dateTime, .currency:
                return receiver.member(NumberRendering.javaScript(n))
            default:
                return .null
            }
        case .text(let key):
            return receiver.member(key)
        default:
            return .null
        }
    }

    /// `v[a:b]`: both bounds inclusive, negative from the end, clamped (D24).
    static func slice(_ receiver: Value, from: Value?, to: Value?) -> Value {
        guard case .list(let elements) = receiver else { return .null }
        let n = elements.count
        func bound(_ v: Value?, _ missing: Int) -> Int?? {
            guard let v else { return .some(missing) }
            guard case .number(let x) = v, let i = integer(x) else { return .some(nil) }
            return .some(i < 0 ? n + i : i)
        }
        guard case .some(let s?) = bound(from, 0), case .some(let e?) = bound(to, n - 1) else { return .null }
        let start = max(s, 0), end = min(e, n - 1)
        if start > end { return .list([]) }
        return .list(Array(elements[start...end]))
    }

    /// The elements `[*]`, filters and queries iterate: a List's, or an object's values.
    static func elements(of value: Value) -> [Value]? {
        switch value {
        case .list(let elements): return elements
        case .object(let o): return Array(o.values)
        case .date, .time, .dateTime, .currency: return value.objectFields.map { Array($0.values) }
        default: return nil
        }
    }

    /// An integral double as Int, or nil.
    static func integer(_ x: Double) -> Int? {
        guard x.isFinite, x == x.rounded(), abs(x) < 9e15 else { return nil }
        return Int(x)
    }
}
