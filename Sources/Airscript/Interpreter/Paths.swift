/// Path access (language.md §7): total functions, NULL whenever there is nothing to read (D4).
enum Paths {
    /// `v.a.b.c` on the value at `start`, read in place: each step goes to the address of the field
    /// in its parent's storage, so only the result is copied (a copy per step retained and released
    /// every value on the way). `start` must stay valid for the call (a root or a local).
    static func follow(_ start: UnsafePointer<Value>, _ path: PropertyPath, from first: Int = 0) -> Value {
        path.names.withUnsafeBufferPointer { keys in
            var current = start
            var k = first
            while k < keys.count {
                let hint = path.hint(k)
                switch step(current, keys[k], hint: hint) {
                case .found(let next, let position):
                    if position != hint { path.remember(k, position) }
                    current = next
                    k += 1
                case .absent:
                    return .null
                case .undecided:
                    return followSlowly(current, path, from: k)
                }
            }
            return current.pointee
        }
    }

    /// The steps `step` leaves undecided: large objects, keys told apart by their bytes, and the
    /// computed fields of Dates, Times, DateTimes and Currencies (the rest reads NULL). Apart, so
    /// that the common steps do not pay for its frame.
    @inline(never)
    private static func followSlowly(_ current: UnsafePointer<Value>, _ path: PropertyPath, from k: Int) -> Value {
        switch current.pointee {
        case .object(let fields):
            guard let next = fields.address(of: path.names[k]) else { return .null }
            return follow(next, path, from: k + 1)
        case .null:
            return .null
        default:
            let field = current.pointee.member(path.names[k])
            return withUnsafePointer(to: field) { follow($0, path, from: k + 1) }
        }
    }

    /// `v.a.b.c` on a computed value.
    static func follow(_ v: Value, _ path: PropertyPath) -> Value {
        withUnsafePointer(to: v) { follow($0, path) }
    }

    /// One step of a path, without a call: the object at `value` is borrowed, not copied, because
    /// nothing in the step can write memory. Undecided for large objects, for a key whose
    /// fingerprint matches but whose representation differs, and for kinds other than objects.
    @inline(__always)
    private static func step(_ value: UnsafePointer<Value>, _ key: borrowing PropertyName, hint: Int) -> ObjectFields.QuickLookup {
        switch value.pointee {
        case .object(let fields): fields.quickAddress(of: key, hint: hint)
        case .null: .absent
        default: .undecided
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
