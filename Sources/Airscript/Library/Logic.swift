/// §1 Logic: IF and NOT.
extension FunctionLibrary {
    static let logic: [BuiltinFunction] = [
        BuiltinFunction(
            ["IF<T>(condition: Any, value: T, ...rest: Any) -> T?"], category: .logic,
            summary: "The value paired with the first truthy condition: IF(c1, v1, c2, v2, …, else); only that value is evaluated.",
            propagatesNull: false, form: .conditional
        ) { _, _ in .null },
        BuiltinFunction(
            ["NOT(value: Any) -> Boolean"], category: .logic,
            summary: "TRUE when the value is falsy (FALSE, NULL, 0, NaN or \"\"), FALSE otherwise.",
            propagatesNull: false, form: .negation
        ) { arguments, _ in .bool(!arguments[0].isTruthy) },
    ]
}
