@_spi(Syntax) import Airscript
import AirscriptMapping

/// `textDocument/hover` (lsp.md §2): the static type of the sub-expression under the cursor; for a
/// function, its signatures and description; for a payload path, its type and the sample's value.
enum Hover {
    static func contents(at cursor: ExpressionAtCursor, sample: Value?) -> (markdown: String, span: SourceSpan)? {
        let analysis = cursor.expression.environment.analysis(of: cursor.expression.source)
        guard let node = analysis.node(at: cursor.offset) else { return nil }
        if case .call(let call) = node.kind, call.nameSpan.start <= cursor.offset, cursor.offset <= call.nameSpan.end {
            if let user = analysis.userFunction(calledBy: node) {
                return ("```airscript\n\(UserFunctions.signature(user))\n```\nUser-defined function.", call.nameSpan)
            }
            if let function = FunctionLibrary.function(named: call.name) {
                return ("```airscript\n\(function.signatures.joined(separator: "\n"))\n```\n\(function.summary)", call.nameSpan)
            }
        }
        guard let type = analysis.type(of: node) else { return nil }
        let text = cursor.expression.source.text(of: node.span)
        var markdown = "```airscript\n\(Hover.shortened(text)): \(type)\n```"
        if let sample, let value = sampleValue(of: node, in: sample) {
            markdown += "\nSample: `\(Hover.shortened(JSONWriter.write(value)))`"
        }
        return (markdown, node.span)
    }

    /// The sample's value at a path written from `payload` with plain properties and number indexes.
    static func sampleValue(of node: Expr, in sample: Value) -> Value? {
        switch node.kind {
        case .variable("payload"): return sample
        case .property(let receiver, let name, _):
            guard let base = sampleValue(of: receiver, in: sample), case .object = base else { return nil }
            return base.member(name)
        case .index(let receiver, let index):
            guard let base = sampleValue(of: receiver, in: sample), case .list(let elements) = base, case .number(let n) = index.kind,
                n >= 0, n < Double(elements.count), n == n.rounded()
            else { return nil }
            return elements[Int(n)]
        case .group(let inner): return sampleValue(of: inner, in: sample)
        default: return nil
        }
    }

    static func shortened(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(197)) + "…" : text
    }
}
