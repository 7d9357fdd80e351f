/// The names an expression may use: its roots (some of which may be declared unavailable where it
/// is written, E0307), the user-defined functions and the functions an embedder added.
package struct NameScope: Sendable {
    /// The roots, in slot order.
    package var roots: [String]
    /// Roots that exist elsewhere but not here, with where "here" is (a mapping slot).
    package var unavailable: [String: String]
    /// User-defined functions, called as NAMESPACE#NAME(…).
    package var functions: [UserFunction]
    /// Functions an embedder added, by upper-cased name, called like built-ins.
    package var added: [String: BuiltinFunction]

    package init(
        roots: [String], unavailable: [String: String] = [:], functions: [UserFunction] = [],
        added: [String: BuiltinFunction] = [:]
    ) {
        self.roots = roots
        self.unavailable = unavailable
        self.functions = functions
        self.added = added
    }

    /// The built-in or added function called `name` (any case).
    func builtin(named name: String) -> BuiltinFunction? {
        FunctionLibrary.function(named: name) ?? (added.isEmpty ? nil : added[name.uppercased()])
    }

    /// The user-defined functions by upper-cased NAMESPACE#NAME, with their positions (the first
    /// declaration of a name wins, as the mapping loader reports any repeat).
    var functionsByKey: [String: (index: Int, function: UserFunction)] {
        var byKey: [String: (index: Int, function: UserFunction)] = [:]
        for (index, function) in functions.enumerated() where byKey[function.key] == nil {
            byKey[function.key] = (index, function)
        }
        return byKey
    }
}
