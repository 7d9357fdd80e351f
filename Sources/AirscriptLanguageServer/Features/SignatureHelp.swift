@_spi(Syntax) import Airscript
import AirscriptMapping

/// `textDocument/signatureHelp` (lsp.md §2): the overloads of the call around the cursor, the
/// parameter being typed active. Read from the tokens before the cursor, so it works on a call not
/// yet closed, which does not parse.
enum SignatureHelp {
    static func help(at cursor: ExpressionAtCursor) -> Value {
        let source = cursor.expression.source
        let before = Source(source.text(of: SourceSpan(start: 0, end: cursor.offset)))
        let tokens = Lexer.tokenize(before).tokens.filter { $0.kind != .endOfInput }
        guard let (name, argument) = enclosingCall(tokens) else { return .null }
        var signatures: [Value] = []
        if let function = FunctionLibrary.function(named: name) {
            for overload in function.overloads {
                signatures.append(
                    signature(
                        label: "\(overload.name)(", parameters: overload.parameters.map { parameterLabel($0) },
                        result: overload.result.description, documentation: function.summary))
            }
        } else if let user = cursor.expression.environment.userFunctions.first(where: { $0.name.uppercased() == name.uppercased() }) {
            signatures.append(
                signature(
                    label: "\(user.name)(", parameters: user.parameters.map { "\($0.name): \($0.type)" }, result: user.returns.description,
                    documentation: nil))
        }
        guard !signatures.isEmpty else { return .null }
        // The first overload that takes as many arguments as are being written.
        var active = 0
        if let function = FunctionLibrary.function(named: name) {
            active = function.overloads.firstIndex { $0.maximumArguments.map { argument < $0 } ?? true } ?? 0
        }
        return ["signatures": .list(signatures), "activeSignature": .number(Double(active)), "activeParameter": .number(Double(argument))]
    }

    /// The name of the innermost call left open before the cursor, and the index of the argument
    /// being written (the commas at its own depth).
    static func enclosingCall(_ tokens: [Token]) -> (name: String, argument: Int)? {
        var depth = 0
        var commas = 0
        var i = tokens.count - 1
        // A string's text is one token: brackets inside it are none.
        while i >= 0 {
            switch tokens[i].kind {
            case .rightParen, .rightBracket, .rightBrace: depth += 1
            case .leftBracket, .leftBrace, .filterOpen:
                if depth == 0 { return nil }
                depth -= 1
            case .leftParen:
                if depth == 0 {
                    guard i > 0, case .identifier(let name) = tokens[i - 1].kind else { return nil }
                    if i > 2, tokens[i - 2].kind == .hash, case .identifier(let namespace) = tokens[i - 3].kind {
                        return ("\(namespace)#\(name)", commas)
                    }
                    return (name, commas)
                }
                depth -= 1
            case .comma where depth == 0: commas += 1
            default: break
            }
            i -= 1
        }
        return nil
    }

    static func parameterLabel(_ p: Signature.Parameter) -> String {
        "\(p.name)\(p.isOptional ? "?" : ""): \(p.type)\(p.isVariadic ? "..." : "")"
    }

    static func signature(label: String, parameters: [String], result: String, documentation: String?) -> Value {
        var text = label
        var offsets: [Value] = []
        for (k, p) in parameters.enumerated() {
            if k > 0 { text += ", " }
            let start = text.utf16.count
            text += p
            offsets.append(["label": .list([.number(Double(start)), .number(Double(text.utf16.count))])])
        }
        text += ") -> \(result)"
        var fields: Value.Object = ["label": .text(text), "parameters": .list(offsets)]
        if let documentation { fields["documentation"] = .text(documentation) }
        return .object(fields)
    }
}
