/// What the names of one syntax tree refer to, decided once by the `Resolver`: the checker types
/// the tree through it and the compiler lowers it through it, so neither looks a name up again
/// and every unknown name is reported once, in the same words, whether or not types are checked.
///
/// Tables are indexed by node (`Expr.id`); a node the resolver could not resolve has no entry, and
/// its diagnostic is in `diagnostics`.
package struct Resolution: Sendable {
    /// Where a variable's value is held while the program runs.
    package enum Variable: Hashable, Sendable {
        /// A root, by its position in the environment's root list.
        case root(Int)
        /// A slot of the evaluation's frame: a query binding, `@`, or a `[*]` element.
        case local(Int)
    }

    /// The function a call invokes.
    package enum Callee: Sendable {
        case builtin(BuiltinFunction)
        /// A user-defined function, by its position in the environment's function list.
        case user(index: Int, UserFunction)
    }

    /// The frame slots of a query's bindings.
    package struct QuerySlots: Sendable {
        package var item: Int
        package var index: Int?
        package var collection: Int?
    }

    package private(set) var variables: [Variable?]
    package private(set) var callees: [Callee?]
    /// The slot holding the element of each `[?( )]` filter and `[*]` wildcard.
    package private(set) var elementSlots: [Int?]
    package private(set) var querySlots: [QuerySlots?]
    /// The frame slots an evaluation needs (the most that are live at once).
    package internal(set) var slotCount = 0
    /// Unknown and unavailable names, wrong argument counts, shadowed bindings.
    package internal(set) var diagnostics: [Diagnostic] = []

    init(nodeCount: Int) {
        variables = Array(repeating: nil, count: nodeCount)
        callees = Array(repeating: nil, count: nodeCount)
        elementSlots = Array(repeating: nil, count: nodeCount)
        querySlots = Array(repeating: nil, count: nodeCount)
    }

    package func variable(_ node: Expr) -> Variable? { variables[node.id] }
    package func callee(_ node: Expr) -> Callee? { callees[node.id] }
    package func elementSlot(_ node: Expr) -> Int? { elementSlots[node.id] }
    package func querySlots(_ node: Expr) -> QuerySlots? { querySlots[node.id] }

    mutating func record(_ variable: Variable, for node: Expr) { variables[node.id] = variable }
    mutating func record(_ callee: Callee, for node: Expr) { callees[node.id] = callee }
    mutating func record(elementSlot: Int, for node: Expr) { elementSlots[node.id] = elementSlot }
    mutating func record(_ slots: QuerySlots, for node: Expr) { querySlots[node.id] = slots }
}
