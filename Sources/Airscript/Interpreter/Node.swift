/// The compiled form of an expression: a tree whose names are resolved to frame slots, whose
/// constant parts are folded, and whose nodes carry the spans their runtime errors point at.
/// It is walked by `Evaluator`; it is immutable and shared freely between threads.
indirect enum Node: Sendable {
    case constant(Value)
    /// A root variable, by position in the caller's roots: read where the caller holds it, never
    /// copied into the frame (a copy retained and released the whole payload each evaluation).
    case root(Int)
    /// A query binding, `@` or wildcard element, by slot of the evaluation's frame of locals.
    case local(Int)
    case template([CompiledTemplatePart])
    case list([Node])
    case object([CompiledMember])
    /// An object literal whose keys are fixed and distinct: its fields are appended in order, with
    /// no search for a repeated key.
    case record(RecordShape)
    case negate(Node, SourceSpan)
    case arithmetic(BinaryOperator, Node, Node, SourceSpan)
    case equal(Node, Node, negated: Bool)
    /// `x = NULL` (or `x <> NULL`, negated): a test of the kind, with no NULL to build and compare.
    case isNull(Node, negated: Bool)
    /// NOT(x), inline: a function call set up an argument buffer for one truthiness test.
    case not(Node)
    case ordering(BinaryOperator, Node, Node, SourceSpan)
    case and(Node, Node)
    case or(Node, Node)
    case xor(Node, Node)
    /// `receiver.a.b.c`: consecutive property reads walked in one loop.
    case memberPath(Node, PropertyPath)
    case index(Node, Node)
    case slice(Node, from: Node?, to: Node?)
    /// Evaluates `rest` for each element of the receiver, with the element in `slot`.
    case wildcard(Node, slot: Int, rest: Node)
    case filter(Node, slot: Int, predicate: Node)
    case call(CompiledCall)
    /// A user-defined function, by index in the program's table.
    case userCall(index: Int, arguments: [Node], span: SourceSpan)
    /// IF(c1, v1, c2, v2, …, else): only the chosen value is evaluated.
    case conditional(pairs: [(condition: Node, value: Node)], otherwise: Node?)
    case query(CompiledQuery)

    init(reading variable: Resolution.Variable) {
        switch variable {
        case .root(let k): self = .root(k)
        case .local(let k): self = .local(k)
        }
    }

    /// The variable this node reads, when it is one.
    var variable: Resolution.Variable? {
        switch self {
        case .root(let k): .root(k)
        case .local(let k): .local(k)
        default: nil
        }
    }

    var constantValue: Value? {
        if case .constant(let v) = self { return v }
        return nil
    }
}

enum CompiledTemplatePart: Sendable {
    case text(String)
    case value(Node)
}

/// The keys and value nodes of an object literal with fixed, distinct keys (no more than an
/// object holds before it is indexed).
final class RecordShape: Sendable {
    let keys: [PropertyName]
    let values: [Node]
    /// Whether the object may have one of the shapes of Date, Time, DateTime or Currency (three or
    /// four fields), which `Value.makeObject` recognises.
    let mayBeSpecial: Bool

    init?(_ members: [CompiledMember]) {
        var keys: [PropertyName] = []
        for m in members {
            guard case .fixed(let key) = m.key, !keys.contains(key) else { return nil }
            keys.append(key)
        }
        guard keys.count <= ObjectFields.indexThreshold else { return nil }
        self.keys = keys
        self.values = members.map(\.value)
        self.mayBeSpecial = keys.count == 3 || keys.count == 4
    }
}

struct CompiledMember: Sendable {
    enum Key: Sendable {
        case fixed(PropertyName)
        case computed(Node, SourceSpan)
    }
    var key: Key
    var value: Node
}

/// A class, so that walking a call node and handing it to the function's body costs one retain.
final class CompiledCall: CallSite, @unchecked Sendable {
    let arguments: [Node]

    init(function: BuiltinFunction, arguments: [Node], span: SourceSpan, argumentSpans: [SourceSpan]) {
        self.arguments = arguments
        super.init(function: function, span: span, argumentSpans: argumentSpans)
    }
}

struct CompiledQuery: Sendable {
    var itemSlot: Int
    var indexSlot: Int?
    var collectionSlot: Int?
    var source: Node
    var sourceSpan: SourceSpan
    var predicate: Node?
    var orderKey: Node?
    var descending: Bool
    var orderSpan: SourceSpan
    var limit: Node?
    var limitSpan: SourceSpan
    var offset: Node?
    var offsetSpan: SourceSpan
    var selectKey: Node?
    var selectKeySpan: SourceSpan
    var selectValue: Node?
    var distinct: Bool
}
