@_spi(Syntax) import Airscript
import OrderedCollections

/// Checks and compiles every expression of a mapping in its slot's environment (mapping.md §2, §5.9),
/// and applies the cross-field rules (M03xx).
struct SlotCompiler {
    let definition: MappingDefinition
    let file: Source
    var diagnostics: [MappingDiagnostic] = []
    var payloadType = StaticType.any
    var connectionType = StaticType.null

    static let metadataType = StaticType.record(
        StaticType.Record(
            fields: [
                "canvas_link": StaticType.Field(.optional(.text)), "journey_id": StaticType.Field(.optional(.text)),
                "outcome": StaticType.Field(.text), "behavior": StaticType.Field(.text),
            ], isOpen: false))

    /// The `request` root (serve.md §10): the envelope of the delivery without its body; NULL
    /// outside `serve` unless an envelope record provides it.
    static let requestType = StaticType.optional(
        .record(
            StaticType.Record(
                fields: [
                    "method": StaticType.Field(.text), "path": StaticType.Field(.text), "fqdn": StaticType.Field(.text),
                    "host": StaticType.Field(.text), "httpVersion": StaticType.Field(.text),
                    "pathMapping": StaticType.Field(.dict(.text)), "queryParams": StaticType.Field(.dict(.any)),
                    "header": StaticType.Field(.dict(.text)), "cookies": StaticType.Field(.dict(.text)),
                    "claims": StaticType.Field(.any),
                ], isOpen: false)))

    /// The mapping's user-defined functions, compiled once: every slot's environment is a copy.
    let functions: Environment

    init(definition: MappingDefinition, file: Source) {
        var functions = Environment()
        functions.define(definition.functions)
        self.init(definition: definition, file: file, functions: functions)
    }

    /// A compiler for a mapping whose functions are already compiled (a loaded `Mapping`'s).
    init(definition: MappingDefinition, file: Source, functions: Environment) {
        self.definition = definition
        self.file = file
        self.functions = functions
    }

    mutating func fileDiagnostic(_ code: DiagnosticCode, _ message: String, _ span: SourceSpan, help: String? = nil) {
        diagnostics.append(MappingDiagnostic(diagnostic: Diagnostic(code, message, at: span, help: help), source: file, slot: nil))
    }

    mutating func compile() -> CompiledSlots {
        let d = definition
        // Root types (mapping.md §2).
        if let sample = d.payloadSample {
            payloadType = StaticType.inferred(from: sample)
            if d.payloadClosed { payloadType = TypeAnnotations.closed(payloadType) }
        } else {
            fileDiagnostic(
                "W0420", "no `payload.sample`: `payload` has type Any and its properties are not checked", .none,
                help: "add `payload: {sample: payloads/example.json}`")
        }
        for annotation in d.payloadTypes {
            payloadType = TypeAnnotations.apply(annotation.type, at: ArraySlice(annotation.segments), in: payloadType)
        }
        if d.hasValidation {
            connectionType = d.connectionType ?? (d.connectionSample ?? d.connectionValue).map(StaticType.inferred(from:)) ?? .any
        }
        var slots = CompiledSlots()
        for (name, e) in d.validationInputs {
            if let p = program(e, visible: SlotCompiler.visibleRoots(for: e.slot, multiple: false)) {
                slots.validationInputs.append((name, p))
            }
        }
        if let v = d.validation { slots.validation = program(v, visible: SlotCompiler.visibleRoots(for: .validation, multiple: false)) }
        var itemType: StaticType? = nil
        if let m = d.multiple {
            slots.multiple = program(m, visible: SlotCompiler.visibleRoots(for: .multiple, multiple: true))
            if let t = slots.multiple?.program.resultType {
                switch t.nonNull {
                case .list(let e): itemType = e
                case .any: itemType = .any
                default:
                    report(
                        Diagnostic("M0105", "`journey.multiple` must be a List, found \(t)", at: SourceSpan(start: 0, end: m.source.bytes.count)), m)
                    itemType = .any
                }
            }
        }
        let journeyRoots = SlotCompiler.visibleRoots(for: .identifier, multiple: d.multiple != nil)
        let extra = SlotCompiler.elementTypes(itemType)
        if let i = d.identifier {
            slots.identifier = program(i, visible: journeyRoots, extra: extra)
            if let t = slots.identifier?.program.resultType, t.nonNull.isListLike || t.nonNull.isObjectLike {
                report(Diagnostic("M0301", "identifier must be Text, got \(t)", at: SourceSpan(start: 0, end: i.source.bytes.count)), i)
            }
        }
        if let s = d.startParameters { slots.startParameters = program(s, visible: journeyRoots, extra: extra) }
        if let e = d.eventPayload { slots.eventPayload = program(e, visible: journeyRoots, extra: extra) }
        let responseRoots = SlotCompiler.visibleRoots(for: .body, multiple: d.multiple != nil)
        if let s = d.status {
            slots.status = program(s, visible: responseRoots)
            if let p = slots.status { checkStatusType(p, s) }
        }
        for h in d.headers {
            let name = h.name.flatMap { program($0, visible: responseRoots) }
            if let value = program(h.value, visible: responseRoots) {
                checkHeaderType(value, h.value)
                slots.headers.append((h.literalName, name, value))
            }
        }
        if let b = d.body { slots.body = program(b, visible: responseRoots) }
        if let k = d.dedupe { slots.dedupe = program(k, visible: SlotCompiler.visibleRoots(for: .dedupe, multiple: false)) }
        if let w = d.when { slots.when = program(w, visible: SlotCompiler.visibleRoots(for: .when, multiple: false)) }
        checkFunctions()
        crossFieldRules()
        return slots
    }

    /// Checks and compiles one slot; diagnostics are kept with the expression's own source.
    mutating func program(_ e: MappingDefinition.Expression, visible: [String], extra: [String: StaticType] = [:]) -> SlotProgram? {
        let environment = environment(for: e.slot, visible: visible, extra: extra)
        do throws(DiagnosticError) {
            let program = try environment.compile(e.source)
            for d in program.warnings { report(d, e) }
            return SlotProgram(slot: e.slot, program: program)
        } catch {
            var diagnostics = error.diagnostics
            // `expression: "pr-{{…}}"`: YAML took the quotes, and the text is no Airscript string.
            if e.yamlDoubleQuoted, let k = diagnostics.firstIndex(where: { $0.code.rawValue.hasPrefix("E01") || $0.code.rawValue.hasPrefix("E02") }) {
                diagnostics[k].notes.append(
                    "YAML took the double quotes as its own; for an Airscript string write '\"\(e.source.text)\"' (in single quotes)")
            }
            for d in diagnostics { report(d, e) }
            return nil
        }
    }

    /// The environment an expression of `slot` is checked in: every root, those of other slots
    /// unavailable (E0307), with the mapping's types and user-defined functions.
    func environment(for slot: Slot, visible: [String], extra: [String: StaticType] = [:]) -> Environment {
        var types: [String: StaticType] = [
            "payload": payloadType, "connection": connectionType, "isValid": .boolean,
            "metadata": SlotCompiler.metadataType, "request": SlotCompiler.requestType,
        ]
        for (k, v) in extra { types[k] = v }
        let slotName = "the \(slot) expression"
        var unavailable: [String: String] = [:]
        for name in Mapping.journeyNamespaces {
            unavailable[name] = "\(slotName) (journeys do not exist yet while a request is mapped); available: \(visible.joined(separator: ", "))"
        }
        for name in Mapping.roots where !visible.contains(name) {
            unavailable[name] = "\(slotName); available: \(visible.joined(separator: ", "))"
        }
        // Every slot's program has all roots, in one order; those of other slots are unavailable (E0307).
        var environment = functions
        environment.roots = Mapping.roots.map { name in
            RootDeclaration(name, type: visible.contains(name) ? types[name] ?? .any : .any, unavailableReason: unavailable[name])
        }
        // The journey's namespaces are no roots of a mapping, but a reader may expect them here.
        environment.unavailableNames = unavailable.filter { Mapping.journeyNamespaces.contains($0.key) }
        return environment
    }

    /// The roots an expression in `slot` may read (mapping.md §2): the others are declared but
    /// unavailable there (E0307).
    static func visibleRoots(for slot: Slot, multiple: Bool) -> [String] {
        switch slot {
        case .validationInput: ["payload", "request"]
        case .validation: ["payload", "connection", "request"]
        case .multiple: ["payload", "connection", "isValid", "request"]
        case .identifier, .startParameters, .eventPayload:
            ["payload", "connection", "isValid", "request"] + (multiple ? ["item", "index", "items"] : [])
        case .status, .headerName, .headerValue, .body: ["payload", "connection", "isValid", "metadata", "request"]
        case .dedupe, .when: ["payload", "request"]
        case .function: []
        }
    }

    /// The types of `item`, `index` and `items` in multiple-journeys mode, from the list's element type.
    static func elementTypes(_ element: StaticType?) -> [String: StaticType] {
        let element = element ?? .any
        return ["item": element, "index": .number, "items": .list(element)]
    }

    /// The kinds a slot's values may have, from its static type: `nil` for Any (nothing known).
    static func possibleKinds(_ t: StaticType) -> [StaticType]? {
        switch t {
        case .any, .variable: return nil
        case .never: return []
        case .optional(let inner): return possibleKinds(inner).map { $0 + [.null] }
        case .union(let options):
            var kinds: [StaticType] = []
            for option in options {
                guard let more = possibleKinds(option) else { return nil }
                kinds += more
            }
            return kinds
        case .email, .phone, .literals: return [.text]
        default: return [t]
        }
    }

    /// What certainly fails every record fails `check` (M0308), and what may fail some is warned of:
    /// a status must be a Number (and, when it is a constant, an integer from 100 to 599).
    mutating func checkStatusType(_ slot: SlotProgram, _ e: MappingDefinition.Expression) {
        let whole = SourceSpan(start: 0, end: e.source.bytes.count)
        if slot.program.isConstant, let value = try? slot.program.evaluate(roots: []) {
            if case .number(let n) = value, n == n.rounded(), n >= 100, n <= 599 { return }
            report(Diagnostic("M0308", "response status must be an integer from 100 to 599, got \(value.literalText)", at: whole), e)
            return
        }
        checkKinds(
            slot, e, code: "M0308", accepted: [.number],
            certain: "response status must be an integer from 100 to 599, got \(slot.program.resultType)",
            possible: { "response status may be \($0); a record whose status is not a Number fails" })
    }

    /// A header value must be Text, a Number or a Boolean (NULL leaves the header out): a List, an
    /// Object or a date fails every record (M0309).
    mutating func checkHeaderType(_ slot: SlotProgram, _ e: MappingDefinition.Expression) {
        let name = e.slot.description
        checkKinds(
            slot, e, code: "M0309", accepted: [.text, .number, .boolean, .null],
            certain: "header value (\(name)) must be Text, got \(slot.program.resultType)",
            possible: { "header value (\(name)) may be \($0); a record where it is fails" })
    }

    /// Reports a slot whose static type proves that every record fails (an error: no kind but NULL
    /// is `accepted`), or says that some may (a warning naming the kinds that fail).
    mutating func checkKinds(
        _ slot: SlotProgram, _ e: MappingDefinition.Expression, code: DiagnosticCode, accepted: [StaticType],
        certain: String, possible: (String) -> String
    ) {
        guard let kinds = SlotCompiler.possibleKinds(slot.program.resultType) else { return }
        let wrong = kinds.filter { !accepted.contains($0) }
        guard !wrong.isEmpty else { return }
        let whole = SourceSpan(start: 0, end: e.source.bytes.count)
        if !kinds.contains(where: { $0 != .null && accepted.contains($0) }) {
            report(Diagnostic(code, certain, at: whole), e)
        } else {
            report(Diagnostic(code, possible(wrong.map(\.description).joined(separator: " or ")), at: whole, severity: .warning), e)
        }
    }

    mutating func report(_ d: Diagnostic, _ e: MappingDefinition.Expression) {
        diagnostics.append(MappingDiagnostic(diagnostic: d, source: e.source, slot: e.slot.description))
    }

    mutating func checkFunctions() {
        for f in definition.functions {
            var environment = functions
            environment.roots = f.parameters.map { RootDeclaration($0.name, type: $0.type) }
            let (type, found) = environment.check(f.body)
            for d in found { diagnostics.append(MappingDiagnostic(diagnostic: d, source: f.body, slot: "function \(f.name)")) }
            if let type, !found.hasErrors, !Checker.fits(type, f.returns) || (type.isNullable && !f.returns.admitsNull && f.returns != .any) {
                if !Checker.fits(type, f.returns) {
                    fileDiagnostic(
                        "M0314", "UDF `\(f.name)` body has type \(type), declared \(f.returns)",
                        definition.functionSpans[f.name.uppercased()] ?? .none)
                }
            }
        }
    }

    mutating func crossFieldRules() {
        let d = definition
        // `check` warns where `serve` refuses (serve.md §10 "Routing"): only for a written `source`.
        if d.sourceKind == "app-api" && d.route == nil && d.sourceSpan != .none {
            fileDiagnostic(
                "S0101", "app-api mapping `\(d.name)` has no `source.route`; `serve` needs one", d.sourceSpan,
                help: "add `route: /path/{param}`; a mapping used only with `map` needs none")
            diagnostics[diagnostics.count - 1].diagnostic.severity = .warning
        }
        for header in d.headers {
            guard let name = header.literalName else { continue }
            if ServeSource.isServerOwnedHeader(name) {
                diagnostics.append(
                    MappingDiagnostic(
                        diagnostic: Diagnostic(
                            "W0423", "response header `\(name)` is the server's own; `serve` drops the mapping's value",
                            at: SourceSpan(start: 0, end: header.value.source.bytes.count)),
                        source: header.value.source, slot: header.value.slot.description))
            }
        }
        if let span = d.onNoMatchSpan, d.behavior != .lookup {
            fileDiagnostic("M0312", "`onNoMatch` is only valid with `behavior: lookup`", span)
        }
        if d.identifier == nil && d.behavior != .start {
            fileDiagnostic(
                "M0313", "behaviour `\(d.behavior.rawValue)` needs an identifier expression", d.behaviorSpan,
                help: "add journey.identifier: {type: text, expression: …}")
        }
        if let s = d.startParameters, d.behavior == .lookup, !d.onNoMatchStart {
            diagnostics.append(
                MappingDiagnostic(
                    diagnostic: Diagnostic(
                        "W0422", "startParameters is ignored with journey behaviour `lookup`",
                        at: SourceSpan(start: 0, end: s.source.bytes.count),
                        help: "it is used only with onNoMatch: start"),
                    source: s.source, slot: s.slot.description))
        }
        if d.identifierType == .journeyID && d.identifier != nil && d.behavior != .lookup {
            fileDiagnostic("M0307", "journey-id identifiers are only used for matching; new journeys get generated ids", d.behaviorSpan)
        }
        if d.method == "GET" {
            for e in allExpressions() where Parser.parse(e.source).root.map(SlotCompiler.readsPayloadBody) == true {
                diagnostics.append(
                    MappingDiagnostic(
                        diagnostic: Diagnostic(
                            "M0310", "a GET request has no body, but `payload.body` is used",
                            at: SourceSpan(start: 0, end: e.source.bytes.count)),
                        source: e.source, slot: e.slot.description))
            }
        }
        // A subscription's route is the server's choice: its payload has no path mapping.
        if let route = d.route, let sample = d.payloadSample, d.sourceKind == "app-api" {
            let mapping = sample.member("pathMapping").objectFields ?? sample.member("PathMapping").objectFields
            for parameter in SlotCompiler.routeParameters(route) where mapping?[parameter] == nil {
                fileDiagnostic("M0311", "route parameter `\(parameter)` is not in the sample's path mapping", d.routeSpan)
            }
        }
    }

    func allExpressions() -> [MappingDefinition.Expression] {
        let d = definition
        var all = d.validationInputs.map(\.expression)
        all += [d.validation, d.multiple, d.identifier, d.startParameters, d.eventPayload, d.status, d.body].compactMap { $0 }
        all += d.headers.flatMap { [$0.name, $0.value].compactMap { $0 } }
        return all
    }

    static func routeParameters(_ route: String) -> [String] {
        var result: [String] = []
        var rest = Substring(route)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            result.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return result
    }

    /// Whether an expression reads `payload.body`.
    static func readsPayloadBody(_ e: Expr) -> Bool {
        if case .property(let receiver, "body", _) = e.kind, case .variable("payload") = receiver.kind { return true }
        return e.children.contains(where: readsPayloadBody)
    }
}

extension Expr {
    /// The direct sub-expressions.
    package var children: [Expr] {
        switch kind {
        case .number, .text, .boolean, .null, .variable, .filterElement, .wildcardElement: return []
        case .template(let parts): return parts.compactMap { if case .hole(let e) = $0 { return e } else { return nil } }
        case .call(let c): return c.arguments
        case .list(let elements): return elements
        case .object(let members):
            return members.flatMap { m -> [Expr] in
                var out = [m.value]
                if case .template(let parts) = m.key { out += parts.compactMap { if case .hole(let e) = $0 { return e } else { return nil } } }
                return out
            }
        case .group(let e), .negate(let e): return [e]
        case .binary(_, let l, let r): return [l, r]
        case .property(let r, _, _): return [r]
        case .index(let r, let i): return [r, i]
        case .slice(let r, let a, let b): return [r] + [a, b].compactMap { $0 }
        case .wildcard(let r, let rest): return [r, rest]
        case .filter(let r, let p): return [r, p]
        case .query(let q):
            return [q.source, q.predicate, q.order?.key, q.limit, q.offset, q.select?.key, q.select?.value].compactMap { $0 }
        }
    }
}
