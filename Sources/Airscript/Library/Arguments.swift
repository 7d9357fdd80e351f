/// Reading arguments in function bodies: each accessor checks the kind and raises R0506, naming the
/// function and the argument, when it is wrong.
extension Invocation {
    /// Argument `i` as a Number; another kind raises R0506 naming the argument.
    public func number(_ arguments: Arguments, _ i: Int) throws(RuntimeError) -> Double {
        guard case .number(let n) = arguments[i] else { throw wrongKind(i, expected: "a Number", got: arguments[i]) }
        return n
    }

    /// Argument `i` as Text; another kind raises R0506.
    public func text(_ arguments: Arguments, _ i: Int) throws(RuntimeError) -> String {
        guard case .text(let s) = arguments[i] else { throw wrongKind(i, expected: "Text", got: arguments[i]) }
        return s
    }

    /// Argument `i` as a List; another kind raises R0506.
    public func list(_ arguments: Arguments, _ i: Int) throws(RuntimeError) -> [Value] {
        guard case .list(let l) = arguments[i] else { throw wrongKind(i, expected: "a List", got: arguments[i]) }
        return l
    }

    /// An integer argument (functions.md §0.4): truncated toward zero; NaN and infinities raise R0506.
    public func integer(_ arguments: Arguments, _ i: Int) throws(RuntimeError) -> Int {
        let n = try number(arguments, i)
        guard n.isFinite else { throw wrongKind(i, expected: "a finite Number", got: arguments[i]) }
        let t = n.rounded(.towardZero)
        guard abs(t) < 9e15 else { throw failure("argument \(i + 1) is out of range", argument: i) }
        return Int(t)
    }

    /// An optional argument: nil when absent or NULL (an explicit NULL means the default, §0.3).
    public func optional(_ arguments: Arguments, _ i: Int) -> Value? {
        guard i < arguments.count else { return nil }
        if case .null = arguments[i] { return nil }
        return arguments[i]
    }

    /// Argument `i` as Text, or nil when it is absent or NULL.
    public func optionalText(_ arguments: Arguments, _ i: Int) throws(RuntimeError) -> String? {
        guard optional(arguments, i) != nil else { return nil }
        return try text(arguments, i)
    }

    /// Argument `i` as an integer, or nil when it is absent or NULL; a fraction raises R0506.
    public func optionalInteger(_ arguments: Arguments, _ i: Int) throws(RuntimeError) -> Int? {
        guard optional(arguments, i) != nil else { return nil }
        return try integer(arguments, i)
    }

    /// Guards a produced text against the size limit (R0511).
    public func checkedText(_ s: String) throws(RuntimeError) -> Value {
        if s.utf8.count > context.limits.maxTextBytes {
            throw failure(
                "evaluation limit exceeded: a text longer than \(context.limits.maxTextBytes) bytes (maxTextBytes)", code: "R0511",
                limit: .maxTextBytes)
        }
        return .text(s)
    }
}

extension String {
    /// Length in UTF-16 code units, as Airscript counts text (functions.md §4).
    var utf16Length: Int { utf16.count }

    /// The code units `from ..< to` as text (a split surrogate pair becomes U+FFFD).
    func utf16Slice(_ from: Int, _ to: Int) -> String {
        let units = Array(utf16)
        return String(decoding: units[from..<to], as: UTF16.self)
    }
}
