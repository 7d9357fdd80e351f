import Airscript

/// An expression of a mapping file as an editor sees it: its text (positioned in the file), the
/// environment it is checked in, and what the checker made of it.
package struct EditableExpression: Sendable {
    /// The expression's text, with its place in the file.
    package let source: Source
    /// The slot it fills, or the user-defined function whose body it is.
    package let slot: Slot
    /// Its slot's environment: roots, their types, the mapping's functions.
    package let environment: Environment
    /// How the file writes it (formatting and quick fixes escape their text for it).
    package let style: ScalarStyle

    package init(source: Source, slot: Slot, environment: Environment, style: ScalarStyle) {
        self.source = source
        self.slot = slot
        self.environment = environment
        self.style = style
    }
}

extension Mapping {
    /// Every expression of the file, in its slot's environment: the slots, the source's, then the
    /// bodies of the user-defined functions (their parameters as roots). The language server asks
    /// these what stands at a place; `check` has already reported their diagnostics.
    package var editableExpressions: [EditableExpression] {
        var builder = SlotCompiler(definition: definition, file: file, functions: functions)
        builder.payloadType = payloadType
        builder.connectionType = connectionType
        var element: StaticType? = nil
        if case .list(let e)? = slots.multiple?.program.resultType.nonNull { element = e }
        let multiple = definition.multiple != nil
        var all: [EditableExpression] = []
        for e in builder.allExpressions() + [definition.dedupe, definition.when].compactMap({ $0 }) {
            let environment = builder.environment(
                for: e.slot, visible: SlotCompiler.visibleRoots(for: e.slot, multiple: multiple),
                extra: SlotCompiler.elementTypes(element))
            all.append(EditableExpression(source: e.source, slot: e.slot, environment: environment, style: e.style))
        }
        for f in definition.functions {
            var environment = builder.functions
            environment.roots = f.parameters.map { RootDeclaration($0.name, type: $0.type) }
            all.append(
                EditableExpression(
                    source: f.body, slot: .function(name: f.name), environment: environment,
                    style: definition.functionStyles[f.name.uppercased()] ?? .plain))
        }
        return all
    }

    /// The files the samples were read from.
    package var sampleFiles: [String] { definition.sampleFiles }

    /// The `payload` sample (its values show on hover), if the mapping has one.
    package var payloadSample: Value? { definition.payloadSample }

    /// Where the file names a user-defined function (`name: crm#fullName`).
    package func definitionSpan(ofFunction name: String) -> SourceSpan? {
        definition.functionSpans[name.uppercased()]
    }
}
