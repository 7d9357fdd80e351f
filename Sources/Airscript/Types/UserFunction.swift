/// A user-defined function (`NAMESPACE#NAME`, language.md §8.2), declared in a mapping file's
/// `functions:`: typed positional parameters and a body that sees only them.
public struct UserFunction: Sendable {
    /// `NAMESPACE#NAME`, as calls write it.
    public var name: String
    /// The parameters in order; the body sees only them.
    public var parameters: [(name: String, type: StaticType)]
    /// The declared result type, which the body's type must fit (M0314).
    public var returns: StaticType
    /// The body, an expression.
    public var body: Source

    /// A function named `name` (`NAMESPACE#NAME`).
    public init(name: String, parameters: [(name: String, type: StaticType)], returns: StaticType, body: Source) {
        self.name = name
        self.parameters = parameters
        self.returns = returns
        self.body = body
    }

    /// The upper-cased `NAMESPACE#NAME` the calls are matched by.
    var key: String { name.uppercased() }
}
