import Airscript
import AirscriptMapping
import Foundation

/// What the server knows of one version of an open document (lsp.md §1): its expressions, each in
/// its environment, and every diagnostic `check` gives for it.
package struct DocumentAnalysis: Sendable {
    /// What a document is to the server.
    package enum Kind: Sendable {
        /// A `.airscript` file: the whole file is one expression.
        case expression
        /// A mapping file: every expression slot.
        case mapping
        /// Anything else: nothing to say.
        case ignored
    }

    package let kind: Kind
    /// The document's expressions; for a mapping that no longer parses as YAML, the last good ones.
    package let expressions: [EditableExpression]
    /// Every diagnostic, with the source it points into.
    package let diagnostics: [MappingDiagnostic]
    /// The `payload` sample, for hover.
    package let payloadSample: Value?
    /// The mapping, for a mapping file.
    package let mapping: Mapping?
    /// The sample files read for it: a change to one on disk re-checks the document.
    package let sampleFiles: [String]

    /// An empty analysis (an ignored document).
    package static let none = DocumentAnalysis(kind: .ignored, expressions: [], diagnostics: [], payloadSample: nil, mapping: nil, sampleFiles: [])

    /// Analyses `text`, the content of the file at `path`. `previous` is the last analysis of the
    /// same document: a mapping whose YAML stops parsing keeps its slots for completion and hover.
    package static func analyse(path: String, text: String, previous: DocumentAnalysis?) -> DocumentAnalysis {
        switch DocumentAnalysis.kind(path: path, text: text) {
        case .ignored: return .none
        case .expression: return expression(path: path, text: text)
        case .mapping:
            let mapping = Mapping(path: path, text: text)
            var expressions = mapping.editableExpressions
            if mapping.isUnreadable, let previous, previous.kind == .mapping { expressions = previous.expressions }
            return DocumentAnalysis(
                kind: .mapping, expressions: expressions, diagnostics: mapping.diagnostics, payloadSample: mapping.payloadSample,
                mapping: mapping, sampleFiles: mapping.sampleFiles)
        }
    }

    /// Which documents the server reads (lsp.md §1): `.airscript` files; `.yaml`, `.yml` and `.json`
    /// files with `version` and `journey` at the top level. Read from the text, so a mapping whose
    /// YAML is broken is still one.
    package static func kind(path: String, text: String) -> Kind {
        let lower = path.lowercased()
        if lower.hasSuffix(".airscript") { return .expression }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            var keys = Set<String>()
            for line in text.split(whereSeparator: \.isNewline) {
                guard let first = line.first, first.isLetter || first == "\"" || first == "'" else { continue }
                let key = line.prefix { $0 != ":" }.trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
                keys.insert(key)
            }
            return keys.contains("version") && keys.contains("journey") ? .mapping : .ignored
        }
        if lower.hasSuffix(".json") {
            if case .object(let fields)? = try? JSONReader.read(text) {
                return fields["version"] != nil && fields["journey"] != nil ? .mapping : .ignored
            }
            return text.contains("\"version\"") && text.contains("\"journey\"") ? .mapping : .ignored
        }
        return .ignored
    }

    /// A `.airscript` file: `payload` and `connection` typed from the sibling samples or the
    /// `// payload: PATH` and `// connection: PATH` comments; Any without one.
    private static func expression(path: String, text: String) -> DocumentAnalysis {
        let source = Source(text, name: path)
        var diagnostics: [MappingDiagnostic] = []
        var roots: [RootDeclaration] = []
        var files: [String] = []
        var payloadSample: Value?
        for root in ["payload", "connection"] {
            let file = ExpressionSamples.path(of: root, for: path, text: text)
            guard let file else {
                roots.append(RootDeclaration(root))
                continue
            }
            files.append(file.path)
            switch ExpressionSamples.read(file.path) {
            case .success(let value):
                roots.append(RootDeclaration(root, sample: value))
                if root == "payload" { payloadSample = value }
            case .failure(let problem):
                roots.append(RootDeclaration(root))
                // Only a sample named in the text is a mistake in it; a sibling's is reported too,
                // at the top, since nothing else would say why `payload` is Any.
                diagnostics.append(
                    MappingDiagnostic(
                        diagnostic: Diagnostic(problem.code, problem.message, at: file.span ?? .none, severity: .warning), source: source))
            }
        }
        let environment = Environment(roots: roots)
        let (_, found) = environment.check(source)
        diagnostics += found.map { MappingDiagnostic(diagnostic: $0, source: source) }
        let expression = EditableExpression(source: source, slot: .body, environment: environment, style: .wholeFile)
        return DocumentAnalysis(
            kind: .expression, expressions: [expression], diagnostics: diagnostics, payloadSample: payloadSample, mapping: nil,
            sampleFiles: files)
    }
}
