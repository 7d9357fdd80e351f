import Airscript
import Foundation
import Yams

/// Reads a mapping file (YAML, or JSON as YAML) into a `MappingDefinition`, checking the schema of
/// spec/mapping.md §5: unknown keys (M0102), wrong types (M0105) and missing keys (M0106), each
/// reported at its line and column in the file.
struct MappingLoader {
    let file: Source
    let folder: URL
    var diagnostics: [Diagnostic] = []
    /// The file is not YAML at all: nothing else is said about it (no false warnings after M0104).
    var isUnreadable = false
    var definition: MappingDefinition

    init(path: String, text: String) {
        file = Source(text, name: path)
        folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        definition = MappingDefinition(path: path)
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, _ node: Yams.Node?, help: String? = nil) {
        diagnostics.append(Diagnostic(code, message, at: span(node), help: help))
    }

    func span(_ node: Yams.Node?) -> SourceSpan {
        guard let mark = node?.mark else { return .none }
        let start = file.offset(line: mark.line, column: mark.column)
        var end = start
        if case .scalar(let s)? = node, s.style == .plain || s.style == .singleQuoted || s.style == .doubleQuoted {
            end = min(file.bytes.count, start + max(1, s.string.utf8.count + (s.style == .plain ? 0 : 2)))
        }
        return SourceSpan(start: start, end: max(end, start + 1))
    }

    // MARK: - Entry

    /// What YAML found wrong, in its own words, and where: the problem's position, or for a
    /// duplicate key the key written the second time (M0104).
    func yamlProblem(_ error: Error) -> (reason: String, at: SourceSpan) {
        func at(_ line: Int, _ column: Int) -> SourceSpan {
            let offset = file.offset(line: line, column: column)
            return SourceSpan(start: offset, end: offset + 1)
        }
        guard let yamlError = error as? YamlError else { return ("\(error)", .none) }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return (problem + during, at(mark.line, mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.sorted().first ?? ""
            return ("duplicate key `\(key)`: a key may stand once in a mapping", duplicateKeySpan(key, after: context.mark.line))
        default:
            return (yamlError.description.split(separator: "\n").first.map(String.init) ?? "\(yamlError)", .none)
        }
    }

    /// The second `key:` at one indentation from `line` on: where a duplicated key stands again.
    func duplicateKeySpan(_ key: String, after line: Int) -> SourceSpan {
        var seen: [Int: Int] = [:]  // indentation: times seen
        for n in max(1, line - 1)...max(1, file.lineCount) {
            let text = file.lineText(n)
            let indent = text.prefix { $0 == " " || $0 == "-" }.count
            let rest = text.dropFirst(indent)
            guard rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") || rest.hasPrefix("'\(key)':") else { continue }
            seen[indent, default: 0] += 1
            if seen[indent] == 2 {
                let offset = file.offset(line: n, column: indent + 1)
                return SourceSpan(start: offset, end: offset + key.utf8.count)
            }
        }
        return .none
    }

    mutating func load() -> MappingDefinition {
        let root: Yams.Node
        do {
            guard let node = try Yams.compose(yaml: file.text) else {
                report("M0106", "missing required key `version` (the file is empty)", nil)
                return definition
            }
            root = node
        } catch {
            isUnreadable = true
            let (reason, at) = yamlProblem(error)
            diagnostics.append(Diagnostic("M0104", "invalid JSON/YAML in `\(file.name)`: \(reason)", at: at))
            return definition
        }
        let top = fields(
            root, "the mapping file",
            allowed: [
                "version", "name", "description", "source", "settings", "input",
                "payload", "validation", "journey", "response", "functions",
            ])
        if let v = top["version"] {
            if case .scalar(let s) = v, s.string == "1" {} else { report("M0103", "unsupported mapping `version` \(v.string ?? "?"); expected 1", v) }
        } else {
            report("M0106", "missing required key `version`", root)
        }
        if let n = top["name"], let name = string(n, "name") {
            if name.trimmingCharacters(in: .whitespaces).isEmpty {
                report("M0105", "`name` must be a non-empty string", n)
            } else {
                definition.name = name
            }
        } else if top["name"] == nil {
            report("M0106", "missing required key `name`", root)
        }
        definition.description = top["description"].flatMap { string($0, "description") }
        if let s = top["source"] { loadSource(s) }
        if let s = top["settings"] { loadSettings(s) }
        if let i = top["input"] {
            let f = fields(i, "input", allowed: ["format"])
            if let format = f["format"].flatMap({ string($0, "input.format") }) {
                if let value = MappingDefinition.InputFormat(rawValue: format) {
                    definition.inputFormat = value
                } else {
                    report("M0105", "`input.format` must be payload or envelope", f["format"])
                }
            }
        }
        if let p = top["payload"] { loadPayload(p) }
        if let v = top["validation"] { loadValidation(v) }
        if let j = top["journey"] { loadJourney(j) } else { report("M0106", "missing required key `journey`", root) }
        if let r = top["response"] { loadResponse(r) }
        if let f = top["functions"] { loadFunctions(f) }
        return definition
    }

    // MARK: - Schema helpers

    /// The keys of a mapping node, reporting unknown ones (M0102) and duplicates.
    mutating func fields(_ node: Yams.Node, _ section: String, allowed: [String]) -> [String: Yams.Node] {
        guard case .mapping(let m) = node else {
            report("M0105", "`\(section)` must be a mapping of keys to values", node)
            return [:]
        }
        var result: [String: Yams.Node] = [:]
        for (k, v) in m {
            guard let key = k.string else { continue }
            if !allowed.contains(key) {
                report("M0102", "unknown key `\(key)` in `\(section)`", k, help: didYouMean(nearestNames(to: key, among: allowed)))
                continue
            }
            result[key] = v
        }
        return result
    }

    mutating func string(_ node: Yams.Node, _ key: String) -> String? {
        guard case .scalar(let s) = node else {
            report("M0105", "`\(key)` must be a string", node)
            return nil
        }
        return s.string
    }

    /// A YAML 1.2 Boolean: `true` or `false` (YAML 1.1's `yes`, `no`, `on` and `off` are text in 1.2).
    mutating func bool(_ node: Yams.Node, _ key: String) -> Bool? {
        switch node.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            report("M0105", "`\(key)` must be true or false", node, help: node.string.map { "`\($0)` is not a Boolean in YAML 1.2" })
            return nil
        }
    }

    /// Whether a node is YAML's null (`key:` with nothing after it, `~`, `null`).
    func isNull(_ node: Yams.Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// An expression scalar, with its position in the file so diagnostics point inside the YAML.
    mutating func expression(_ node: Yams.Node, _ slot: Slot) -> MappingDefinition.Expression? {
        guard case .scalar(let s) = node, let mark = s.mark else {
            report("M0105", "`\(slot)` must be an expression (a string)", node)
            return nil
        }
        var line = mark.line, column = mark.column, continuation = mark.column
        switch s.style {
        case .singleQuoted, .doubleQuoted:
            column += 1
            continuation = 1
        case .literal, .folded:
            // The content starts on the next line, at its indentation.
            line += 1
            let text = file.lineText(line)
            let indent = text.prefix { $0 == " " }.count
            column = indent + 1
            continuation = indent + 1
        default:
            continuation = 1
        }
        let name = "\(file.name) (\(slot))"
        // Every style but a literal block (whose lines are the file's, shifted by the indentation)
        // is mapped character by character: escapes, folded breaks, quoted scalars over lines.
        var filePositions: [SourcePosition]? = nil
        if s.style != .literal {
            let quote: Unicode.Scalar? = s.style == .singleQuoted ? "'" : s.style == .doubleQuoted ? "\"" : nil
            filePositions = ScalarPositions.map(file: file, line: line, column: column, cooked: s.string, quote: quote)
        }
        var expression = MappingDefinition.Expression(
            source: Source(
                s.string, name: name, origin: SourcePosition(line: line, column: column), continuationColumn: continuation,
                enclosing: EnclosingFile(file: file, part: slot.description), filePositions: filePositions),
            slot: slot)
        expression.style = ScalarStyle(s.style)
        return expression
    }

    /// A JSON value: inline YAML/JSON, or a path to a `.json`/`.yaml`/`.yml` file beside the mapping.
    mutating func jsonValue(_ node: Yams.Node, _ key: String) -> Value? {
        if case .scalar(let s) = node, s.style == .plain || s.style == .singleQuoted || s.style == .doubleQuoted {
            let text = s.string
            let lower = text.lowercased()
            if lower.hasSuffix(".json") || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
                guard let url = resolve(text, node, key) else { return nil }
                definition.sampleFiles.append(url.path)
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    report("M0101", "cannot read `\(text)` (for `\(key)`): no such file", node)
                    return nil
                }
                if lower.hasSuffix(".json") {
                    do { return try JSONReader.read(Array(data)) } catch {
                        report("M0104", "invalid JSON/YAML in `\(text)` at \(error.line):\(error.column): \(error.message)", node)
                        return nil
                    }
                }
                guard let yaml = try? Yams.compose(yaml: String(decoding: data, as: UTF8.self)) else {
                    report("M0104", "invalid JSON/YAML in `\(text)`", node)
                    return nil
                }
                return MappingLoader.value(yaml)
            }
            if s.style != .plain || text.hasPrefix("{") || text.hasPrefix("[") {
                if let v = try? JSONReader.read(text) { return v }
            }
        }
        return MappingLoader.value(node)
    }

    /// A path written in the mapping: relative to the mapping file's folder, and, once `..` and
    /// symbolic links are resolved, still inside that folder, so a mapping cannot make the tool read
    /// files elsewhere (M0101 otherwise).
    mutating func resolve(_ path: String, _ node: Yams.Node, _ key: String) -> URL? {
        guard !path.hasPrefix("/") && !path.hasPrefix("~") else {
            report("M0101", "cannot read `\(path)` (for `\(key)`): paths in a mapping are relative to the mapping file's folder", node)
            return nil
        }
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        let url = URL(fileURLWithPath: path, relativeTo: folder).standardizedFileURL.resolvingSymlinksInPath()
        guard url.path == base || url.path.hasPrefix(base.hasSuffix("/") ? base : base + "/") else {
            report(
                "M0101", "cannot read `\(path)` (for `\(key)`): it is outside the mapping file's folder", node,
                help: "keep samples beside the mapping, in its folder or below")
            return nil
        }
        return url
    }

    /// A YAML node as a value (scalars typed as YAML 1.2's core schema does).
    static func value(_ node: Yams.Node) -> Value {
        switch node {
        case .scalar(let s):
            if s.style == .plain {
                switch s.string {
                case "null", "~", "": return .null
                case "true": return .bool(true)
                case "false": return .bool(false)
                default:
                    if let n = Double(s.string), s.string.first.map({ $0.isNumber || $0 == "-" }) == true { return .number(n) }
                }
            }
            return .text(s.string)
        case .sequence(let seq):
            return .list(seq.map(value))
        case .mapping(let m):
            var o = Value.Object()
            for (k, v) in m { o[k.string ?? ""] = value(v) }
            return Value.makeObject(o)
        case .alias:
            return .null
        }
    }

    /// A type written in a mapping file (types.md §4.1 syntax).
    mutating func typeAnnotation(_ node: Yams.Node, _ key: String) -> StaticType? {
        guard let text = string(node, key) else { return nil }
        var scanner = SignatureScanner(text)
        let t = scanner.type()
        scanner.spaces()
        if !scanner.atEnd || scanner.failed {
            report("M0105", "`\(key)` must be a type such as Text?, Phone or {id: Text, …}; cannot read `\(text)`", node)
            return nil
        }
        return t
    }
}
