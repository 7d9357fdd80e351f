/// A user-defined function (`NAMESPACE#NAME`, language.md §8.2), declared in a mapping file's
/// `functions:`: typed positional parameters and a body that sees only them.
public struct UserFunction: Sendable {
    public var name: String
    public var parameters: [(name: String, type: StaticType)]
    public var returns: StaticType
    public var body: Source

    public init(name: String, parameters: [(name: String, type: StaticType)], returns: StaticType, body: Source) {
        self.name = name
        self.parameters = parameters
        self.returns = returns
        self.body = body
    }

    /// The upper-cased `NAMESPACE#NAME` the calls are matched by.
    var key: String { name.uppercased() }
}
