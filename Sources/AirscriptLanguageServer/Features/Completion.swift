@_spi(Syntax) import Airscript
import AirscriptMapping

/// `textDocument/completion` (lsp.md §2): after `receiver.` the fields of its static type (from the
/// sample) with their types; at the start of a word the functions with their signatures, the
/// keywords, the roots visible in the slot, query bindings and user-defined functions. The
/// REPL's tab completion asks the same `CompletionContext`.
enum Completion {
    /// LSP `CompletionItemKind`s.
    enum Kind: Double {
        case function = 3, field = 5, variable = 6, keyword = 14
    }

    static func items(at cursor: ExpressionAtCursor) -> Value {
        let source = cursor.expression.source
        let before = source.text(of: SourceSpan(start: 0, end: cursor.offset))
        let context = CompletionContext(environment: cursor.expression.environment)
        if let (receiver, prefix) = CompletionContext.trailingPath(before) {
            let type = context.receiverType(receiver, in: before)
            let fields = (CompletionContext.fields(of: type) ?? []).filter { matches($0.name, prefix) }
            return list(fields.map { item($0.name, .field, detail: $0.type.description) })
        }
        let prefix = String(before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "#" }.reversed())
        var items: [Value] = []
        let environment = cursor.expression.environment
        for root in environment.roots where root.unavailableReason == nil && matches(root.name, prefix) {
            items.append(item(root.name, .variable, detail: root.type.description))
        }
        for name in CompletionContext.queryBindings(before) where matches(name, prefix) {
            items.append(item(name, .variable, detail: "query binding"))
        }
        for function in FunctionLibrary.all where matches(function.name, prefix) {
            items.append(
                item(
                    function.name, .function, detail: function.signatures.joined(separator: "\n"), documentation: function.summary,
                    insert: function.name + "("))
        }
        for function in environment.userFunctions where matches(function.name, prefix) {
            items.append(item(function.name, .function, detail: UserFunctions.signature(function), insert: function.name + "("))
        }
        for keyword in CompletionContext.keywords where matches(keyword, prefix) {
            items.append(item(keyword, .keyword))
        }
        return list(items)
    }

    /// A case-insensitive prefix match: function names and keywords are written in capitals.
    static func matches(_ name: String, _ prefix: String) -> Bool {
        prefix.isEmpty || name.lowercased().hasPrefix(prefix.lowercased())
    }

    static func item(_ label: String, _ kind: Kind, detail: String? = nil, documentation: String? = nil, insert: String? = nil) -> Value {
        var fields: Value.Object = ["label": .text(label), "kind": .number(kind.rawValue)]
        if let detail { fields["detail"] = .text(detail) }
        if let documentation { fields["documentation"] = .text(documentation) }
        if let insert { fields["insertText"] = .text(insert) }
        return .object(fields)
    }

    static func list(_ items: [Value]) -> Value {
        ["isIncomplete": false, "items": .list(items)]
    }
}

/// How user-defined functions are shown: `crm#fullName(first: Text, last: Text) -> Text`.
enum UserFunctions {
    static func signature(_ f: UserFunction) -> String {
        "\(f.name)(\(f.parameters.map { "\($0.name): \($0.type)" }.joined(separator: ", "))) -> \(f.returns)"
    }
}
