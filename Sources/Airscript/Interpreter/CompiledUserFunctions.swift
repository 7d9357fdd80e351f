/// The compiled bodies of the user-defined functions a program may call, by index.
final class CompiledUserFunctions: Sendable {
    struct Entry: Sendable {
        var name: String
        var parameterCount: Int
        /// The frame slots of the body's locals; its parameters are its roots.
        var localCount: Int
        var body: Node
    }
    let entries: [Entry]
    init(_ entries: [Entry]) { self.entries = entries }
    static let none = CompiledUserFunctions([])
}
