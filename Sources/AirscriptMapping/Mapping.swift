import Airscript
import Foundation

/// A diagnostic about a mapping, with the source it points into (the file, or an expression inside it).
public struct MappingDiagnostic: Error, Sendable {
    /// The diagnostic.
    public var diagnostic: Diagnostic
    /// The source it points into: the file, or an expression inside it.
    public var source: Source
    /// The slot it concerns (`response.status`), if any.
    public var slot: String?

    /// A diagnostic pointing into `source`, about `slot` when given.
    public init(diagnostic: Diagnostic, source: Source, slot: String? = nil) {
        self.diagnostic = diagnostic
        self.source = source
        self.slot = slot
    }
}

extension Array where Element == MappingDiagnostic {
    /// The diagnostics under a policy: allowed warnings dropped, the rest raised under `strict`.
    public func applying(_ policy: DiagnosticPolicy) -> [MappingDiagnostic] {
        compactMap { d in
            policy.applied(to: [d.diagnostic]).first.map { MappingDiagnostic(diagnostic: $0, source: d.source, slot: d.slot) }
        }
    }

    public var hasErrors: Bool { contains { $0.diagnostic.isError } }
}

/// A loaded, checked and compiled journey mapping (spec/mapping.md): ready to evaluate records.
public struct Mapping: Sendable {
    package let definition: MappingDefinition
    /// The mapping's `name`.
    public var name: String { definition.name }
    /// The path it was read from.
    public var path: String { definition.path }
    /// The file's text.
    public let file: Source
    /// Everything found, under the mapping's own `settings` policy.
    public let diagnostics: [MappingDiagnostic]
    /// The type of `payload`: inferred from the sample, refined by `payload.types`.
    public let payloadType: StaticType
    /// The type of `connection`.
    public let connectionType: StaticType
    let slots: CompiledSlots
    /// What the mapping's expressions read of an input line: the parts of the payload they use
    /// (and, for envelopes, the envelope's own fields). The rest of a line is checked, not built.
    public let recordDemand: FieldDemand
    /// Whether the file is no YAML at all (its one diagnostic says why): it has no slots.
    package let isUnreadable: Bool
    /// The environment of the mapping's user-defined functions, compiled once: each slot's is a copy.
    let functions: Environment

    /// The roots of every slot, in the fixed order their programs are compiled with.
    static let roots = MappingRoot.allCases.map(\.name)
    static let journeyNamespaces = [
        "session", "actor", "event", "activity", "activityGroup", "control", "profile", "theme",
        "channels", "browser",
    ]

    /// Whether the mapping can run (no errors; with `strict`, no warnings either).
    public var hasErrors: Bool { diagnostics.contains { $0.diagnostic.isError } }

    /// Loads a mapping file. Unreadable files throw; everything else is in `diagnostics`.
    public static func load(path: String) throws -> Mapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return Mapping(path: path, text: String(decoding: data, as: UTF8.self))
    }

    /// Reads and checks a mapping from its text (`path` names it and anchors relative paths).
    public init(path: String, text: String) {
        var loader = MappingLoader(path: path, text: text)
        let definition = loader.load()
        self.definition = definition
        self.file = loader.file
        var diagnostics = loader.diagnostics.map { MappingDiagnostic(diagnostic: $0, source: loader.file, slot: nil) }
        var builder = SlotCompiler(definition: definition, file: loader.file)
        self.functions = builder.functions
        // A file that is not YAML has no slots to speak of: its one diagnostic says why.
        self.isUnreadable = loader.isUnreadable
        let slots = loader.isUnreadable ? CompiledSlots() : builder.compile()
        diagnostics += builder.diagnostics
        self.diagnostics = diagnostics.applying(definition.settings.policy)
        self.payloadType = builder.payloadType
        self.connectionType = builder.connectionType
        self.slots = slots
        let payload = slots.programs.compactMap { $0.demand(ofRoot: "payload") }.reduce(FieldDemand.nothing) { $0.union($1) }
        switch definition.inputFormat {
        case .envelope:
            self.recordDemand = .fields([
                PropertyName("payload"): payload, PropertyName("connection"): .all, PropertyName("id"): .all,
                PropertyName("now"): .all,
            ])
        default:
            self.recordDemand = payload
        }
    }
}

extension Mapping {
    /// Checks one expression as if it stood in `slot` of this mapping: with the slot's roots, the
    /// sample's types and the mapping's user-defined functions (`check MAPPING --expr`).
    package func check(expression text: String, in slot: Slot) -> (type: StaticType?, diagnostics: [MappingDiagnostic]) {
        var builder = SlotCompiler(definition: definition, file: file, functions: functions)
        builder.payloadType = payloadType
        builder.connectionType = connectionType
        var element: StaticType? = nil
        if case .list(let e)? = slots.multiple?.program.resultType.nonNull { element = e }
        let expression = MappingDefinition.Expression(source: Source(text, name: "<expr>"), slot: slot)
        let program = builder.program(
            expression, visible: SlotCompiler.visibleRoots(for: slot, multiple: definition.multiple != nil),
            extra: SlotCompiler.elementTypes(element))
        return (program?.program.resultType, builder.diagnostics)
    }

    /// Each slot's result type, in the file's order (`check --explain-types`).
    package var slotTypes: [(slot: Slot, type: StaticType)] {
        var all = slots.validationInputs.map(\.program)
        all += [slots.validation, slots.multiple, slots.identifier, slots.startParameters, slots.eventPayload, slots.status].compactMap { $0 }
        all += slots.headers.flatMap { [$0.name, $0.value].compactMap { $0 } }
        all += [slots.body].compactMap { $0 }
        return all.map { ($0.slot, $0.program.resultType) }
    }

    /// The paths of the payload sample whose value is NULL: their type is unknown (Any, types.md §4.3).
    package var nullSampleFields: [String] {
        var paths: [String] = []
        func walk(_ value: Value, _ path: String) {
            switch value {
            case .null: paths.append(path)
            case .list(let elements): for (k, e) in elements.enumerated() { walk(e, "\(path)[\(k)]") }
            case .object(let fields): for (key, v) in fields { walk(v, "\(path).\(key)") }
            default: break
            }
        }
        if let sample = definition.payloadSample { walk(sample, "payload") }
        return paths
    }
}

/// A slot's compiled program, with the slot it fills. A class, like `Program`: records refer to it
/// for each evaluation, and a struct holding the slot's names was copied (and its texts retained)
/// each time.
final class SlotProgram: Sendable {
    let slot: Slot
    let program: Program
    /// The slot's random stream without an element (`Slot.stream(element:)`), worked out once.
    private let streamBase: UInt64

    init(slot: Slot, program: Program) {
        self.slot = slot
        self.program = program
        self.streamBase = slot.stream(element: nil)
    }

    /// `slot.stream(element:)`: the element fills the low 32 bits the base leaves free.
    func stream(element: Int?) -> UInt64 {
        streamBase | Slot.elementBits(element)
    }
}

/// The compiled programs of a mapping's slots.
struct CompiledSlots: Sendable {
    var validationInputs: [(name: String, program: SlotProgram)] = []
    var validation: SlotProgram?
    var multiple: SlotProgram?
    var identifier: SlotProgram?
    var startParameters: SlotProgram?
    var eventPayload: SlotProgram?
    var status: SlotProgram?
    var headers: [(literalName: String?, name: SlotProgram?, value: SlotProgram)] = []
    var body: SlotProgram?
    var dedupe: SlotProgram?
    var when: SlotProgram?

    /// Every program, in no particular order.
    var programs: [Program] {
        (validationInputs.map(\.program)
            + [validation, multiple, identifier, startParameters, eventPayload, status, body, dedupe, when].compactMap { $0 }
            + headers.flatMap { [$0.name, $0.value].compactMap { $0 } }).map(\.program)
    }
}
