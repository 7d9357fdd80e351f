import Airscript
import Foundation
import Yams

/// The sections of a mapping file (spec/mapping.md §5.2–§5.8).
extension MappingLoader {
    /// Each `{name}` of a route must be an identifier (it becomes a field of the path mapping);
    /// a bad one is reported at the segment itself.
    mutating func checkRouteParameters(_ route: String, _ node: Yams.Node) {
        guard case .scalar(let s) = node else { return }
        let base = span(node).start + (s.style == .plain ? 0 : 1)
        var offset = 0
        for segment in route.split(separator: "/", omittingEmptySubsequences: false) {
            defer { offset += segment.utf8.count + 1 }
            guard segment.hasPrefix("{") && segment.hasSuffix("}") && segment.count >= 2 else { continue }
            let name = segment.dropFirst().dropLast()
            let isIdentifier =
                name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if !isIdentifier {
                let at = SourceSpan(start: base + offset, end: base + offset + segment.utf8.count)
                diagnostics.append(
                    Diagnostic(
                        "M0105", "route parameter `\(name)` must be an identifier (letters, digits and `_`)", at: at,
                        help: "for example `{\(name.filter { $0.isLetter || $0.isNumber || $0 == "_" })}`"))
            }
        }
    }

    mutating func loadSettings(_ node: Yams.Node) {
        // `settings:` with nothing under it is an empty section, not a wrong one.
        if isNull(node) { return }
        let f = fields(node, "settings", allowed: ["timezone", "locale", "defaultRegion", "canvasBaseUrl", "allow", "strict"])
        if let z = f["timezone"].flatMap({ string($0, "settings.timezone") }) {
            if let canonical = TimeZones.canonicalName(z) {
                definition.settings.timezone = canonical
            } else {
                report("M0105", "`settings.timezone` must be an IANA time zone; `\(z)` is unknown", f["timezone"])
            }
        }
        if let l = f["locale"].flatMap({ string($0, "settings.locale") }) { definition.settings.locale = l }
        if let r = f["defaultRegion"].flatMap({ string($0, "settings.defaultRegion") }) {
            if PhoneNumbers.regions[r.uppercased()] != nil {
                definition.settings.defaultRegion = r.uppercased()
            } else {
                report("M0105", "`settings.defaultRegion` must be an ISO 3166 region such as US", f["defaultRegion"])
            }
        }
        if let u = f["canvasBaseUrl"].flatMap({ string($0, "settings.canvasBaseUrl") }) { definition.settings.canvasBaseUrl = u }
        if let a = f["allow"] {
            let written: [String]
            if case .sequence(let seq) = a { written = seq.compactMap(\.string) } else { written = a.string.map { [$0] } ?? [] }
            do throws(UnknownWarningCode) {
                definition.settings.policy.allowed = try DiagnosticPolicy.allowList(written)
            } catch {
                report("M0105", "`settings.allow` must list warning codes: \(error)", a)
            }
        }
        if let s = f["strict"].flatMap({ bool($0, "settings.strict") }) { definition.settings.policy.strict = s }
    }

    mutating func loadPayload(_ node: Yams.Node) {
        let f = fields(node, "payload", allowed: ["sample", "types", "closed"])
        if let s = f["sample"] { definition.payloadSample = jsonValue(s, "payload.sample") }
        if let c = f["closed"].flatMap({ bool($0, "payload.closed") }) { definition.payloadClosed = c }
        if let t = f["types"] {
            guard case .mapping(let m) = t else {
                report("M0105", "`payload.types` must map paths to types", t)
                return
            }
            for (k, v) in m {
                guard let path = k.string, let type = typeAnnotation(v, "payload.types.\(path)") else { continue }
                guard let segments = TypeAnnotations.segments(path) else {
                    report(
                        "M0105", "`payload.types` key `\(path)` is not a path", k,
                        help: "dot-separated keys, `[]` for list elements, quotes for odd keys: `body.contacts[].phone`")
                    continue
                }
                definition.payloadTypes.append((path, segments, type, span(k)))
            }
        }
    }

    mutating func loadValidation(_ node: Yams.Node) {
        definition.hasValidation = true
        let f = fields(node, "validation", allowed: ["inputs", "connection", "expression"])
        if let i = f["inputs"] {
            if case .mapping(let m) = i {
                for (position, (k, v)) in m.enumerated() {
                    guard let name = k.string, let e = expression(v, .validationInput(position: position, name: name)) else { continue }
                    definition.validationInputs.append((name, e))
                }
            } else {
                report("M0105", "`validation.inputs` must map names to expressions", i)
            }
        }
        if let c = f["connection"] {
            let cf = fields(c, "validation.connection", allowed: ["sample", "type", "value"])
            if let s = cf["sample"] { definition.connectionSample = jsonValue(s, "validation.connection.sample") }
            if let t = cf["type"] { definition.connectionType = typeAnnotation(t, "validation.connection.type") }
            if let v = cf["value"] { definition.connectionValue = jsonValue(v, "validation.connection.value") }
        }
        if let e = f["expression"] {
            definition.validation = expression(e, .validation)
        } else {
            report("M0106", "missing required key `validation.expression`", node)
        }
    }

    mutating func loadJourney(_ node: Yams.Node) {
        let f = fields(node, "journey", allowed: ["behavior", "onNoMatch", "identifier", "startParameters", "eventPayload", "multiple"])
        if let b = f["behavior"] {
            definition.behaviorSpan = span(b)
            if let text = string(b, "journey.behavior") {
                if let behavior = MappingDefinition.Behavior(rawValue: text) {
                    definition.behavior = behavior
                } else {
                    report(
                        "M0105", "`journey.behavior` must be start, replace, abort or lookup", b,
                        help: didYouMean(nearestNames(to: text, among: MappingDefinition.Behavior.allCases.map(\.rawValue))))
                }
            }
        } else {
            report("M0106", "missing required key `journey.behavior`", node)
        }
        if let n = f["onNoMatch"], let text = string(n, "journey.onNoMatch") {
            definition.onNoMatchSpan = span(n)
            switch text {
            case "start": definition.onNoMatchStart = true
            case "no-match": definition.onNoMatchStart = false
            default: report("M0105", "`journey.onNoMatch` must be no-match or start", n)
            }
        }
        if let i = f["identifier"] {
            let idf = fields(i, "journey.identifier", allowed: ["type", "expression", "defaultRegion"])
            if let t = idf["type"], let text = string(t, "journey.identifier.type") {
                if let type = MappingDefinition.IdentifierType(rawValue: text) {
                    definition.identifierType = type
                } else {
                    report("M0105", "`journey.identifier.type` must be text, journey-id or phone", t)
                }
            } else if idf["expression"] != nil {
                report("M0106", "missing required key `journey.identifier.type`", i)
            }
            if let e = idf["expression"] { definition.identifier = expression(e, .identifier) }
            if let r = idf["defaultRegion"].flatMap({ string($0, "journey.identifier.defaultRegion") }) {
                if PhoneNumbers.regions[r.uppercased()] != nil {
                    definition.identifierRegion = r.uppercased()
                } else {
                    report("M0105", "`journey.identifier.defaultRegion` must be an ISO 3166 region such as US", idf["defaultRegion"])
                }
            }
        }
        if let s = f["startParameters"] { definition.startParameters = expression(s, .startParameters) }
        if let e = f["eventPayload"] { definition.eventPayload = expression(e, .eventPayload) }
        if let m = f["multiple"] { definition.multiple = expression(m, .multiple) }
    }

    mutating func loadResponse(_ node: Yams.Node) {
        let f = fields(node, "response", allowed: ["status", "headers", "body"])
        if let s = f["status"] { definition.status = expression(s, .status) }
        if let b = f["body"] { definition.body = expression(b, .body) }
        guard let h = f["headers"] else { return }
        switch h {
        case .sequence(let seq):
            for (k, item) in seq.enumerated() {
                let hf = fields(item, "response.headers[\(k)]", allowed: ["name", "value"])
                guard let n = hf["name"], let v = hf["value"] else {
                    report("M0106", "missing required key `name` or `value` in `response.headers[\(k)]`", item)
                    continue
                }
                guard let name = expression(n, .headerName(position: k)),
                    let value = expression(v, .headerValue(position: k, name: nil))
                else { continue }
                definition.headers.append(.init(literalName: nil, name: name, value: value))
            }
        case .mapping(let m):
            for (position, (k, v)) in m.enumerated() {
                guard let name = k.string, let value = expression(v, .headerValue(position: position, name: name)) else { continue }
                definition.headers.append(.init(literalName: name, name: nil, value: value))
            }
        default:
            report("M0105", "`response.headers` must be a list of {name, value} or a map of names to expressions", h)
        }
    }

    mutating func loadFunctions(_ node: Yams.Node) {
        guard case .sequence(let seq) = node else {
            report("M0105", "`functions` must be a list", node)
            return
        }
        var seen: Set<String> = []
        for (k, item) in seq.enumerated() {
            let f = fields(item, "functions[\(k)]", allowed: ["name", "params", "returns", "body"])
            guard let nameNode = f["name"], let name = string(nameNode, "functions[\(k)].name") else {
                report("M0106", "missing required key `name` in `functions[\(k)]`", item)
                continue
            }
            let parts = name.split(separator: "#", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ Value.isBareKey(String($0)) }) else {
                report("M0105", "`functions[\(k)].name` must be NAMESPACE#NAME (two identifiers)", nameNode)
                continue
            }
            if !seen.insert(name.uppercased()).inserted { report("M0105", "function `\(name)` is declared twice", nameNode) }
            var parameters: [(name: String, type: StaticType)] = []
            if let p = f["params"] {
                if case .sequence(let ps) = p {
                    for (j, param) in ps.enumerated() {
                        let pf = fields(param, "functions[\(k)].params[\(j)]", allowed: ["name", "type"])
                        guard let pn = pf["name"].flatMap({ string($0, "name") }) else {
                            report("M0106", "missing required key `name` in `functions[\(k)].params[\(j)]`", param)
                            continue
                        }
                        if parameters.contains(where: { $0.name == pn }) { report("M0105", "parameter `\(pn)` is declared twice", param) }
                        parameters.append((pn, pf["type"].flatMap { typeAnnotation($0, "type") } ?? .any))
                    }
                } else {
                    report("M0105", "`functions[\(k)].params` must be a list of {name, type}", p)
                }
            }
            let returns = f["returns"].flatMap { typeAnnotation($0, "functions[\(k)].returns") } ?? .any
            guard let b = f["body"], let body = expression(b, .function(name: name)) else {
                report("M0106", "missing required key `body` in `functions[\(k)]`", item)
                continue
            }
            definition.functions.append(UserFunction(name: name, parameters: parameters, returns: returns, body: body.source))
            definition.functionSpans[name.uppercased()] = span(nameNode)
            definition.functionStyles[name.uppercased()] = body.style
        }
    }
}
