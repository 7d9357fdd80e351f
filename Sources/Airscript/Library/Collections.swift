/// §5 Lists and objects.
extension FunctionLibrary {
    static let collections: [BuiltinFunction] = [
        BuiltinFunction(
            [
                "CONTAINS<T>(list: List<T>, value: Any) -> Boolean", "CONTAINS(text: Text, search: Text) -> Boolean",
                "CONTAINS(object: Object, value: Any) -> Boolean",
            ], category: .collections,
            summary: "Whether a List holds an equal element, a Text holds a substring, or an Object a value equal to `value`; FALSE for NULL.",
            propagatesNull: false
        ) { a, call throws(RuntimeError) in
            switch a[0] {
            case .null: return .bool(false)
            case .list(let elements): return .bool(elements.contains(a[1]))
            case .text(let s):
                guard case .text(let search) = a[1] else {
                    if case .null = a[1] { return .bool(false) }
                    throw call.wrongKind(1, expected: "Text", got: a[1])
                }
                return .bool(UTF16Search.first(of: Array(search.utf16), in: Array(s.utf16)) != nil)
            default:
                guard let fields = a[0].objectFields else {
                    throw call.wrongKind(0, expected: "a List, Text or an Object", got: a[0])
                }
                return .bool(fields.values.contains(a[1]))
            }
        },
        BuiltinFunction(
            ["FLAT<T>(list: List<List<T> | T>) -> List<T>"], category: .collections,
            summary: "Removes one level of nesting: each List element is replaced by its elements."
        ) { a, call throws(RuntimeError) in
            var out: [Value] = []
            for element in try call.list(a, 0) {
                if case .list(let inner) = element { out.append(contentsOf: inner) } else { out.append(element) }
                if out.count > call.context.limits.maxCollectionSize {
                    throw call.failure(
                        "evaluation limit exceeded: a list of more than \(call.context.limits.maxCollectionSize) elements (maxCollectionSize)",
                        code: "R0511", limit: .maxCollectionSize)
                }
            }
            return .list(out)
        },
        BuiltinFunction(
            ["MERGE_OBJECTS(...objects+: Object?) -> Object", "MERGE_OBJECTS(objects: List<Object?>) -> Object"],
            category: .collections,
            summary: "A shallow merge, left to right: later values win, keys keep their first position; NULLs are skipped.",
            propagatesNull: false
        ) { a, call throws(RuntimeError) in
            var sources: [(Value, Int)] = a.enumerated().map { ($1, $0) }
            if a.count == 1, case .list(let elements) = a[0] { sources = elements.map { ($0, 0) } }
            var merged = Value.Object()
            for (v, index) in sources {
                if case .null = v { continue }
                guard let fields = v.objectFields else { throw call.wrongKind(index, expected: "an Object", got: v) }
                merged.merge(fields)
            }
            return Value.makeObject(merged)
        },
    ]
}
