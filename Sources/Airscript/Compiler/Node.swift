/// The compiled form of an expression: a tree whose names are resolved to frame slots, whose
/// constant parts are folded, and whose nodes carry the spans their runtime errors point at.
/// It is walked by `Evaluator`; it is immutable and shared freely between threads.
indirect enum Node: Sendable {
    case constant(Value)
    /// A root variable, query binding, `@` or wildcard element, by frame slot.
    case slot(Int)
    case template([CompiledTemplatePart])
    case list([Node])
    case object([CompiledMember])
    case negate(Node, SourceSpan)
    case arithmetic(BinaryOperator, Node, Node, SourceSpan)
    case equal(Node, Node, negated: Bool)
    case ordering(BinaryOperator, Node, Node, SourceSpan)
    case and(Node, Node)
    case or(Node, Node)
    case xor(Node, Node)
    /// `receiver.a.b.c`: consecutive property reads walked in one loop.
    case memberPath(Node, [PropertyName])
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

    var constantValue: Value? {
        if case .constant(let v) = self { return v }
        return nil
    }
}

enum CompiledTemplatePart: Sendable {
    case text(String)
    case value(Node)
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
final class CompiledCall: Sendable {
    let function: BuiltinFunction
    let arguments: [Node]
    let span: SourceSpan
    let argumentSpans: [SourceSpan]

    init(function: BuiltinFunction, arguments: [Node], span: SourceSpan, argumentSpans: [SourceSpan]) {
        self.function = function
        self.arguments = arguments
        self.span = span
        self.argumentSpans = argumentSpans
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
