@_spi(Syntax) import Airscript
import AirscriptMapping

/// `textDocument/semanticTokens/full` (lsp.md §2): functions, keywords, variables, properties,
/// strings, numbers and the `{{ }}` of holes, from the lexer's tokens of every expression, at
/// their places in the file.
enum SemanticTokens {
    /// The legend the server announces; a token's type is its index here.
    static let legend = ["function", "keyword", "variable", "property", "string", "number", "macro"]

    enum TokenType: Int {
        case function, keyword, variable, property, string, number, hole
    }

    static func data(_ analysis: DocumentAnalysis, in document: OpenDocument) -> Value {
        var found: [(position: LSPPosition, length: Int, type: TokenType)] = []
        for expression in analysis.expressions {
            let source = expression.source
            let tokens = Lexer.tokenize(source).tokens
            for (k, token) in tokens.enumerated() {
                guard let type = classify(tokens, k) else { continue }
                let from = document.position(of: token.span.start, in: source)
                let to = document.position(of: token.span.end, in: source)
                // A token is on one line in the protocol: one that is not (a string over lines) is left out.
                guard from.line == to.line, to.character > from.character else { continue }
                found.append((from, to.character - from.character, type))
            }
        }
        found.sort { $0.position < $1.position }
        var data: [Value] = []
        var previous = LSPPosition(line: 0, character: 0)
        for token in found {
            let deltaLine = token.position.line - previous.line
            let deltaStart = deltaLine == 0 ? token.position.character - previous.character : token.position.character
            data += [deltaLine, deltaStart, token.length, token.type.rawValue, 0].map { .number(Double($0)) }
            previous = token.position
        }
        return ["data": .list(data)]
    }

    static func classify(_ tokens: [Token], _ k: Int) -> TokenType? {
        let token = tokens[k]
        switch token.kind {
        case .number: return .number
        case .stringStart, .stringText, .stringEnd: return .string
        case .holeOpen, .holeClose: return .hole
        case .identifier:
            if k > 0, tokens[k - 1].kind == .dot { return .property }
            if k + 1 < tokens.count, tokens[k + 1].kind == .leftParen || tokens[k + 1].kind == .hash { return .function }
            if k > 0, tokens[k - 1].kind == .hash { return .function }
            if token.keyword != nil { return .keyword }
            return .variable
        default: return nil
        }
    }
}
