import Foundation

/// Walks a compiled `Node` tree over the caller's roots and a frame of locals. One evaluator serves
/// one evaluation; the program it walks is shared and immutable.
struct Evaluator {
    /// The root variables' values, borrowed from the caller for the evaluation (never written).
    var roots: UnsafeBufferPointer<Value>
    /// The frame: query bindings, `@` and wildcard elements. Its memory belongs to the caller
    /// (the stack, see `withLocals`).
    var locals: UnsafeMutableBufferPointer<Value>
    /// The caller's context, borrowed for the evaluation: a copy would retain its texts.
    let contextAddress: UnsafePointer<EvaluationContext>
    var context: EvaluationContext { unsafeAddress { contextAddress } }
    var random: SeededGenerator
    /// The program's user-defined functions. Not retained: the program outlives its evaluations.
    unowned(unsafe) let userFunctions: CompiledUserFunctions
    private var callDepth = 0
    /// The lowest stack address user-defined functions may recurse to (set at the first call).
    private var stackFloor: UInt = 0
    static let stackBudget: UInt = 4 << 20
    private var steps = 0
    /// When the time limit runs out (monotonic seconds); set at the first clock check, so an
    /// evaluation that stays under 4,096 steps never reads the clock.
    private var deadline: Double = 0

    /// `roots` and `context` must outlive the evaluator (the caller holds them for the evaluation).
    init(
        roots: UnsafeBufferPointer<Value>, locals: UnsafeMutableBufferPointer<Value>, context: UnsafePointer<EvaluationContext>,
        userFunctions: CompiledUserFunctions
    ) {
        self.roots = roots
        self.locals = locals
        self.userFunctions = userFunctions
        self.contextAddress = context
        self.random = SeededGenerator(seed: context.pointee.seed)
    }

    /// Counts work; checks the step budget, and the clock every 4096 steps.
    @inline(__always)
    mutating func tick(_ span: @autoclosure () -> SourceSpan, _ n: Int = 1) throws(RuntimeError) {
        steps &+= n
        if steps & 0xFFF < n || steps > context.limits.maxSteps {
            if steps > context.limits.maxSteps {
                throw RuntimeError(
                    "R0511", "evaluation limit exceeded: more than \(context.limits.maxSteps) steps (maxSteps)", at: span(), limit: .maxSteps)
            }
            if let cancellation = context.cancellation, cancellation.isCancelled {
                throw RuntimeError("R0518", "evaluation cancelled", at: span())
            }
            let now = Evaluator.monotonicSeconds()
            if deadline == 0 { deadline = now + context.limits.timeLimit }
            if now > deadline {
                throw RuntimeError(
                    "R0511", "evaluation limit exceeded: time limit of \(NumberRendering.javaScript(context.limits.timeLimit)) s (timeLimit)",
                    at: span(), limit: .timeLimit)
            }
        }
    }

    /// Calls `body` with a frame of `count` locals on the stack, all NULL: a steady-state
    /// evaluation allocates nothing for it, and one without locals does not set one up.
    @inline(__always)
    static func withLocals(count: Int, _ body: (UnsafeMutableBufferPointer<Value>) throws(RuntimeError) -> Value) throws(RuntimeError) -> Value {
        if count == 0 { return try body(UnsafeMutableBufferPointer(start: nil, count: 0)) }
        return try withUnsafeTemporaryAllocation(of: Value.self, capacity: count) { (frame) throws(RuntimeError) -> Value in
            frame.initialize(repeating: .null)
            defer { _ = frame.deinitialize() }
            return try body(frame)
        }
    }

    static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// The walk. The common node kinds are handled here, in a small frame; the others in
    /// `evaluateComposite`, whose large frame (buffers, loops, error paths) they do not pay for.
    mutating func evaluate(_ node: Node) throws(RuntimeError) -> Value {
        switch node {
        case .constant(let v):
            return v
        case .root(let k):
            return roots[k]
        case .local(let k):
            return locals[k]
        case .equal, .isNull, .not, .ordering:
            // Tests: `condition` holds their semantics (NULL only from an ordering).
            return try condition(node).map(Value.bool) ?? .null
        case .and(let l, let r):
            guard let lhs = try condition(l) else { return .null }
            if !lhs { return .bool(false) }
            return try condition(r).map(Value.bool) ?? .null
        case .or(let l, let r):
            guard let lhs = try condition(l) else { return .null }
            if lhs { return .bool(true) }
            return try condition(r).map(Value.bool) ?? .null
        case .memberPath(let receiver, let path):
            if let held = address(of: receiver) { return Paths.follow(held, path) }
            return Paths.follow(try evaluate(receiver), path)
        case .call(let call):
            return try evaluateCall(call)
        default:
            return try evaluateComposite(node)
        }
    }

    /// An operand: variables, constants and paths from a variable read here, without a visit of
    /// their own (a visit costs a frame and an error check, as much as the comparison it feeds).
    @inline(__always)
    mutating func operand(_ node: Node) throws(RuntimeError) -> Value {
        switch node {
        case .constant(let v): return v
        case .root(let k): return roots[k]
        case .local(let k): return locals[k]
        case .memberPath(.root(let k), let path): return Paths.follow(roots.baseAddress! + k, path)
        case .memberPath(.local(let k), let path): return Paths.follow(UnsafePointer(locals.baseAddress! + k), path)
        default: return try evaluate(node)
        }
    }

    /// A condition (an operand of AND and OR, a WHERE clause): NULL (nil) or its truth. Equality,
    /// NULL tests and NOT answer here, without a visit of their own or a Boolean to build and test;
    /// a variable they test is read where it is held, not copied.
    @inline(__always)
    mutating func condition(_ node: Node) throws(RuntimeError) -> Bool? {
        switch node {
        case .equal(let l, let r, let negated):
            if let held = address(of: l), case .constant(let c) = r, let same = Evaluator.quickEquality(held, c) {
                return same != negated
            }
            let lhs = try operand(l)
            let rhs = try operand(r)
            return (lhs == rhs) != negated
        case .isNull(let x, let negated):
            if let held = address(of: x) { return held.pointee.isNull != negated }
            return try operand(x).isNull != negated
        case .not(let x):
            if let held = address(of: x) { return !held.pointee.isTruthy }
            return !(try operand(x).isTruthy)
        case .ordering(let op, let l, let r, let span):
            let lhs = try operand(l)
            if case .constant(.number(let b)) = r, case .number(let a) = lhs { return Evaluator.order(op, a, b) }
            let rhs = try operand(r)
            let v = try ordering(op, lhs, rhs, span)
            return v.isNull ? nil : v.isTruthy
        default:
            if let held = address(of: node) { return held.pointee.isNull ? nil : held.pointee.isTruthy }
            let v = try operand(node)
            return v.isNull ? nil : v.isTruthy
        }
    }

    /// Where a variable's value is held during the evaluation; nil for other nodes.
    @inline(__always)
    func address(of node: Node) -> UnsafePointer<Value>? {
        switch node {
        case .root(let k): roots.baseAddress! + k
        case .local(let k): UnsafePointer(locals.baseAddress! + k)
        default: nil
        }
    }

    /// `held = constant` for the kinds that answer without a call (NULL, Booleans, Numbers, and
    /// texts sharing a representation); nil when the full comparison must decide.
    @inline(__always)
    static func quickEquality(_ held: UnsafePointer<Value>, _ constant: Value) -> Bool? {
        switch constant {
        case .null: return held.pointee.isNull
        case .bool(let b):
            if case .bool(let x) = held.pointee { return x == b }
            return held.pointee.isNull ? false : nil
        case .number(let n):
            // NaN equals NaN (D10): the full comparison says so.
            if case .number(let x) = held.pointee, !n.isNaN { return x == n }
            return held.pointee.isNull ? false : nil
        case .text(let t):
            if case .text(let x) = held.pointee, String.sameRepresentation(x, t) { return true }
            return held.pointee.isNull ? false : nil
        default:
            return nil
        }
    }

    @inline(never)
    mutating func evaluateComposite(_ node: Node) throws(RuntimeError) -> Value {
        switch node {
        case .template(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .text(let s): text += s
                case .value(let n): text += try evaluate(n).renderedText
                }
                if text.utf8.count > context.limits.maxTextBytes { try checkTextSize(text.utf8.count, .none) }
            }
            return .text(text)
        case .list(let elements):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for e in elements { values.append(try evaluate(e)) }
            return .list(values)
        case .record(let shape):
            var fields = Value.Object()
            fields.reserveCapacity(shape.keys.count)
            for k in 0..<shape.keys.count { fields.appendDistinct(shape.keys[k], try operand(shape.values[k])) }
            return shape.mayBeSpecial ? Value.makeObject(fields) : .object(fields)
        case .object(let members):
            var fields = Value.Object()
            fields.reserveCapacity(members.count)
            for m in members {
                let key: PropertyName
                switch m.key {
                case .fixed(let k): key = k
                case .computed(let k, let span): key = PropertyName(try objectKey(try evaluate(k), span))
                }
                fields[key] = try evaluate(m.value)
            }
            return Value.makeObject(fields)
        case .negate(let operand, let span):
            return try negate(try evaluate(operand), span)
        case .arithmetic(let op, let l, let r, let span):
            let lhs = try evaluate(l)
            let rhs = try evaluate(r)
            return try arithmetic(op, lhs, rhs, span)
        case .xor(let l, let r):
            let lhs = try evaluate(l)
            let rhs = try evaluate(r)
            if lhs.isNull || rhs.isNull { return .null }
            return .bool(lhs.isTruthy != rhs.isTruthy)
        case .index(let receiver, let index):
            let r = try evaluate(receiver)
            return Paths.index(r, try evaluate(index))
        case .slice(let receiver, let from, let to):
            let r = try evaluate(receiver)
            let a = try from.map { n throws(RuntimeError) in try evaluate(n) }
            let b = try to.map { n throws(RuntimeError) in try evaluate(n) }
            return Paths.slice(r, from: a, to: b)
        case .wildcard(let receiver, let slot, let rest):
            guard let elements = Paths.elements(of: try evaluate(receiver)) else { return .null }
            var results: [Value] = []
            results.reserveCapacity(elements.count)
            for element in elements {
                try tick(.none)
                locals[slot] = element
                results.append(try evaluate(rest))
            }
            return .list(results)
        case .filter(let receiver, let slot, let predicate):
            guard let elements = Paths.elements(of: try evaluate(receiver)) else { return .null }
            var results: [Value] = []
            for element in elements {
                try tick(.none)
                locals[slot] = element
                if try condition(predicate) == true { results.append(element) }
            }
            return .list(results)
        case .conditional(let pairs, let otherwise):
            for pair in pairs where try condition(pair.condition) == true {
                return try evaluate(pair.value)
            }
            return try otherwise.map { n throws(RuntimeError) in try evaluate(n) } ?? .null
        case .query(let q):
            return try evaluateQuery(q)
        case .userCall(let index, let argumentNodes, let span):
            return try evaluateUserCall(index, argumentNodes, span)
        case .constant, .root, .local, .equal, .isNull, .not, .ordering, .and, .or, .memberPath, .call:
            preconditionFailure("handled by evaluate")
        }
    }

    /// Calls a user-defined function: its body runs with its arguments as its roots and a frame of
    /// its own locals.
    @inline(never)
    mutating func evaluateUserCall(_ index: Int, _ argumentNodes: [Node], _ span: SourceSpan) throws(RuntimeError) -> Value {
        try tick(span)
        let entry = userFunctions.entries[index]
        var arguments: [Value] = []
        arguments.reserveCapacity(argumentNodes.count)
        for node in argumentNodes { arguments.append(try evaluate(node)) }
        return try arguments.withUnsafeBufferPointer { (parameters) throws(RuntimeError) -> Value in
            try Evaluator.withLocals(count: entry.localCount) { (frame) throws(RuntimeError) -> Value in
                var roots = parameters, locals = frame
                return try callBody(entry, &roots, &locals, span)
            }
        }
    }

    /// Runs a function body on its own roots and locals (swapped in for the caller's).
    private mutating func callBody(
        _ entry: CompiledUserFunctions.Entry, _ parameters: inout UnsafeBufferPointer<Value>,
        _ frame: inout UnsafeMutableBufferPointer<Value>, _ span: SourceSpan
    ) throws(RuntimeError) -> Value {
        callDepth += 1
        defer { callDepth -= 1 }
        // Recursion is bounded by the call depth, and by the stack of the thread it runs on.
        var marker = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        // Threads get at least 8 MiB of stack on Linux; recursion may use half of it from its first call.
        if stackFloor == 0 { stackFloor = here > Evaluator.stackBudget ? here - Evaluator.stackBudget : 1 }
        if here < stackFloor {
            throw RuntimeError(
                "R0511", "evaluation limit exceeded: user-defined functions nested too deeply for the stack (maxCallDepth)",
                at: span, limit: .maxCallDepth)
        }
        if callDepth > context.limits.maxCallDepth {
            throw RuntimeError(
                "R0511", "evaluation limit exceeded: more than \(context.limits.maxCallDepth) nested calls of user-defined functions (maxCallDepth)",
                at: span, limit: .maxCallDepth)
        }
        swap(&roots, &parameters)
        swap(&locals, &frame)
        defer {
            swap(&roots, &parameters)
            swap(&locals, &frame)
        }
        do throws(RuntimeError) {
            let result = try evaluate(entry.body)
            // Recursion can nest values deeper than any literal; printing them must stay safe.
            if result.depth(limit: context.limits.maxValueDepth) > context.limits.maxValueDepth {
                throw RuntimeError(
                    "R0511", "evaluation limit exceeded: a value nested deeper than \(context.limits.maxValueDepth) levels (maxValueDepth)",
                    at: span, limit: .maxValueDepth)
            }
            return result
        } catch {
            // The failing node is in the function's own body: point at the call, and say where.
            if error.diagnostic.message.hasPrefix("in `") { throw error }
            throw RuntimeError(error.code, "in `\(entry.name)`: \(error.message)", at: span, help: error.diagnostic.help)
        }
    }

    @inline(never)
    mutating func evaluateCall(_ call: CompiledCall) throws(RuntimeError) -> Value {
        try tick(call.span)
        let nodes = call.arguments
        // The arguments live on the stack for the call: a call allocates nothing for them.
        return try withUnsafeTemporaryAllocation(of: Value.self, capacity: max(nodes.count, 1)) { (buffer) throws(RuntimeError) -> Value in
            buffer.initialize(repeating: .null)
            defer { _ = buffer.deinitialize() }
            for k in 0..<nodes.count { buffer[k] = try evaluate(nodes[k]) }
            let arguments = Arguments(UnsafeBufferPointer(rebasing: buffer[0..<nodes.count]))
            let function = call.function
            if function.propagatesNull {
                for k in 0..<min(function.minArguments, nodes.count) where arguments[k].isNull { return .null }
            }
            var invocation = Invocation(call: call, context: contextAddress, random: random)
            defer { random = invocation.random }
            return try function.body(arguments, &invocation)
        }
    }

    /// A computed object key (language.md §6.4): Text as is, a Number rendered; else R0514.
    func objectKey(_ key: Value, _ span: SourceSpan) throws(RuntimeError) -> String {
        switch key {
        case .text(let s): return s
        case .number(let n): return NumberRendering.javaScript(n)
        default: throw RuntimeError("R0514", "object key must be Text or Number, got \(key.kindName)", at: span)
        }
    }
}
