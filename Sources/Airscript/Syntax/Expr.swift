/// A node of the syntax tree: what was written, and where.
@_spi(Syntax) public struct Expr: Sendable {
    public var kind: ExprKind
    public var span: SourceSpan
    /// The node's number in its tree (0 ..< `SyntaxTree.nodeCount`, in the order the parser made
    /// them): what the resolver's tables are indexed by.
    package let id: Int

    package init(_ kind: ExprKind, _ span: SourceSpan, id: Int) {
        self.kind = kind
        self.span = span
        self.id = id
    }
}

/// The constructs of Airscript (spec/language.md §3).
///
/// Only the cases that hold a node or a call are boxed: leaves (names, literals) and lists live
/// inline in their node, so a parse allocates and frees a box for a third fewer nodes.
@_spi(Syntax) public enum ExprKind: Sendable {
    case number(Double)
    case text(String)
    /// A string with interpolation holes.
    case template([TemplatePart])
    case boolean(Bool)
    case null
    case variable(String)
    /// `@`, the current element inside a `[?( … )]` filter.
    case filterElement
    /// The current element of a `[*]` wildcard: the implicit receiver of the rest of the chain.
    case wildcardElement
    indirect case call(FunctionCall)
    case list([Expr])
    case object([ObjectMember])
    indirect case group(Expr)
    indirect case negate(Expr)
    indirect case binary(BinaryOperator, Expr, Expr)
    indirect case property(Expr, name: String, nameSpan: SourceSpan)
    indirect case index(Expr, Expr)
    indirect case slice(Expr, from: Expr?, to: Expr?)
    /// `receiver[*] rest`: `rest` is evaluated for each element, which it reads as `wildcardElement`.
    indirect case wildcard(Expr, rest: Expr)
    indirect case filter(Expr, predicate: Expr)
    indirect case query(QueryExpression)
}

@_spi(Syntax) public enum TemplatePart: Sendable {
    case text(String)
    case hole(Expr)
}

@_spi(Syntax) public struct FunctionCall: Sendable {
    /// `NAMESPACE` of a user-defined `NAMESPACE#NAME(…)` call.
    public var namespace: String?
    public var name: String
    public var nameSpan: SourceSpan
    public var arguments: [Expr]
    public init(namespace: String?, name: String, nameSpan: SourceSpan, arguments: [Expr]) {
        self.namespace = namespace
        self.name = name
        self.nameSpan = nameSpan
        self.arguments = arguments
    }
    /// `NAME` or `NAMESPACE#NAME`, as written.
    public var qualifiedName: String { namespace.map { "\($0)#\(name)" } ?? name }
}

@_spi(Syntax) public struct ObjectMember: Sendable {
    public var key: ObjectKey
    public var keySpan: SourceSpan
    public var value: Expr
    public init(key: ObjectKey, keySpan: SourceSpan, value: Expr) {
        self.key = key
        self.keySpan = keySpan
        self.value = value
    }
}

@_spi(Syntax) public enum ObjectKey: Sendable {
    /// A bare word: `{from: 1}`.
    case word(String)
    /// A quoted key: `{"foo-bar": 1}`.
    case text(String)
    /// A computed key: `{"{{index}}": item}`.
    case template([TemplatePart])

    /// The key when it is known without evaluation.
    public var staticName: String? {
        switch self {
        case .word(let s), .text(let s): s
        case .template: nil
        }
    }
}

@_spi(Syntax) public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "AND", or = "OR", xor = "XOR"

    /// Binding strength: higher binds tighter (spec/language.md §4).
    public var precedence: Int {
        switch self {
        case .multiply, .divide, .remainder: 4
        case .add, .subtract: 3
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: 2
        case .and, .or, .xor: 1
        }
    }

    public var isComparison: Bool { precedence == 2 }
    public var isLogical: Bool { precedence == 1 }
    public var isOrdering: Bool {
        switch self {
        case .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }
}

@_spi(Syntax) public struct QueryBinding: Sendable {
    public var name: String
    public var span: SourceSpan
    public init(name: String, span: SourceSpan) {
        self.name = name
        self.span = span
    }
}

/// `FROM item [, index [, collection]] IN source [WHERE …] [ORDER BY …] [LIMIT …] [OFFSET …] [SELECT …]`.
@_spi(Syntax) public struct QueryExpression: Sendable {
    public var item: QueryBinding
    public var index: QueryBinding?
    public var collection: QueryBinding?
    public var source: Expr
    public var predicate: Expr?
    public var order: OrderClause?
    public var limit: Expr?
    public var offset: Expr?
    public var select: SelectClause?

    public init(
        item: QueryBinding, index: QueryBinding? = nil, collection: QueryBinding? = nil, source: Expr,
        predicate: Expr? = nil, order: OrderClause? = nil, limit: Expr? = nil, offset: Expr? = nil,
        select: SelectClause? = nil
    ) {
        self.item = item
        self.index = index
        self.collection = collection
        self.source = source
        self.predicate = predicate
        self.order = order
        self.limit = limit
        self.offset = offset
        self.select = select
    }

    public var bindings: [QueryBinding] { [item] + [index, collection].compactMap { $0 } }
}

@_spi(Syntax) public struct OrderClause: Sendable {
    public var key: Expr
    public var descending: Bool
    /// Written as the old single word `ORDER_BY` (W0409).
    public var oldSpelling: Bool
    public init(key: Expr, descending: Bool, oldSpelling: Bool = false) {
        self.key = key
        self.descending = descending
        self.oldSpelling = oldSpelling
    }
}

@_spi(Syntax) public struct SelectClause: Sendable {
    public var distinct: Bool
    /// The key of the `SELECT key: value` form, which builds an Object.
    public var key: Expr?
    public var value: Expr
    public init(distinct: Bool, key: Expr?, value: Expr) {
        self.distinct = distinct
        self.key = key
        self.value = value
    }
}
