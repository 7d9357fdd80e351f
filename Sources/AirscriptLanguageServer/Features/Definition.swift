@_spi(Syntax) import Airscript
import AirscriptMapping

/// `textDocument/definition` (lsp.md §2): a user-defined function's call goes to where the mapping
/// names it; a query variable to the binding that introduces it.
enum Definition {
    /// The span of the definition, and the source it is in.
    static func target(at cursor: ExpressionAtCursor, mapping: Mapping?) -> (span: SourceSpan, source: Source)? {
        let analysis = cursor.expression.environment.analysis(of: cursor.expression.source)
        guard let node = analysis.node(at: cursor.offset) else { return nil }
        if let user = analysis.userFunction(calledBy: node), let mapping, let span = mapping.definitionSpan(ofFunction: user.name) {
            return (span, mapping.file)
        }
        if let binding = analysis.binding(of: node) {
            return (binding, cursor.expression.source)
        }
        return nil
    }
}
