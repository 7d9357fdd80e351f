import OrderedCollections

/// One overload of a built-in, parsed from its signature string (types.md §5.1):
/// `NAME<T>(param: Type, opt?: Type = default, ...rest+: Type) -> Type`.
package struct Signature: Sendable {
    public struct Parameter: Sendable {
        public var name: String
        public var type: StaticType
        public var isOptional: Bool
        /// `...rest`: zero or more; `...rest+`: one or more.
        public var isVariadic: Bool
    }

    public var name: String
    public var parameters: [Parameter]
    public var result: StaticType

    /// The arguments required: the required parameters, and one for a required `...rest+`.
    public var minimumArguments: Int {
        parameters.reduce(0) { n, p in p.isOptional ? n : n + 1 }
    }

    /// The arguments allowed: nil (any number) when a parameter is variadic.
    public var maximumArguments: Int? {
        parameters.contains { $0.isVariadic } ? nil : parameters.count
    }

    /// Whether `n` arguments fit. (Asked at every call the checker types.)
    public func accepts(_ n: Int) -> Bool {
        n >= minimumArguments && maximumArguments.map { n <= $0 } ?? true
    }

    /// The parameter that argument `i` binds to.
    public func parameter(for i: Int) -> Parameter? {
        if i < parameters.count, !parameters[i].isVariadic { return parameters[i] }
        return parameters.last { $0.isVariadic }
    }

    /// Named literal sets (functions.md §0.6).
    static let namedSets: [String: [String]] = [
        "Unit": TimeUnit.allSpellings,
        "DateUnit": Array(TimeUnit.allSpellings.prefix(12)),
        "TimestampUnit": ["s", "ms"],
        "PhoneFormat": ["E164", "INTERNATIONAL", "NATIONAL", "RFC3966"],
    ]

    public init(parsing text: String) {
        var p = SignatureScanner(text)
        name = p.word()
        var variables: Set<String> = []
        if p.skip("<") {
            repeat { variables.insert(p.word()) } while p.skip(",")
            _ = p.skip(">")
        }
        p.variables = variables
        var parameters: [Parameter] = []
        _ = p.skip("(")
        while !p.skip(")") && !p.atEnd {
            let variadic = p.skip("...")
            let name = p.word()
            let plus = p.skip("+")
            let optional = p.skip("?")
            _ = p.skip(":")
            let type = p.type()
            if p.skip("=") { p.skipDefault() }
            parameters.append(Parameter(name: name, type: type, isOptional: optional || (variadic && !plus), isVariadic: variadic))
            _ = p.skip(",")
        }
        self.parameters = parameters
        result = p.skip("->") ? p.type() : .any
    }
}

/// A small scanner for the signature notation. It reads Unicode scalars, not characters: the
/// function table's hundreds of signatures are read at every start, and grapheme breaking made that
/// several milliseconds.
package struct SignatureScanner {
    var chars: [Unicode.Scalar]
    var i = 0
    var variables: Set<String> = []
    /// Set when a type name is missing or unknown. Built-in signatures never set it; a mapping's
    /// `payload.types`, written by users, is refused when it is set.
    package var failed = false

    package init(_ text: String) { chars = Array(text.unicodeScalars) }

    package var atEnd: Bool { i >= chars.count }

    package mutating func spaces() { while i < chars.count && chars[i] == " " { i += 1 } }

    mutating func skip(_ s: String) -> Bool {
        spaces()
        var k = i
        for scalar in s.unicodeScalars {
            guard k < chars.count, chars[k] == scalar else { return false }
            k += 1
        }
        i = k
        return true
    }

    /// A name: letters, digits and `_`, and the combining marks after them (a key written with a
    /// decomposed accent is one word, as it is one character).
    mutating func word() -> String {
        spaces()
        var w = String.UnicodeScalarView()
        while i < chars.count && SignatureScanner.continuesWord(chars[i], afterStart: !w.isEmpty) {
            w.append(chars[i])
            i += 1
        }
        return String(w)
    }

    private static func continuesWord(_ c: Unicode.Scalar, afterStart: Bool) -> Bool {
        if c.isASCII {
            return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_"
        }
        let p = c.properties
        if p.isAlphabetic || p.numericType != nil { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return afterStart
        default: return false
        }
    }

    /// Skips a default value, up to the next top-level `,` or `)`.
    mutating func skipDefault() {
        var depth = 0
        var quoted = false
        while i < chars.count {
            let c = chars[i]
            if c == "\"" { quoted.toggle() }
            if !quoted {
                if c == "(" || c == "[" || c == "{" || c == "<" { depth += 1 }
                if c == ")" || c == "]" || c == "}" || c == ">" {
                    if depth == 0 { return }
                    depth -= 1
                }
                if c == "," && depth == 0 { return }
            }
            i += 1
        }
    }

    package mutating func type() -> StaticType {
        var options = [postfix()]
        while skip("|") { options.append(postfix()) }
        if options.count == 1 { return options[0] }
        if options.allSatisfy({ if case .literals = $0 { return true } else { return false } }) {
            return .literals(options.flatMap { if case .literals(let l) = $0 { return l } else { return [] } })
        }
        return .union(options)
    }

    mutating func postfix() -> StaticType {
        let base = primary()
        return skip("?") ? base.nullable : base
    }

    mutating func primary() -> StaticType {
        spaces()
        guard i < chars.count else {
            failed = true
            return .any
        }
        if chars[i] == "\"" {
            i += 1
            var s = String.UnicodeScalarView()
            while i < chars.count && chars[i] != "\"" {
                s.append(chars[i])
                i += 1
            }
            i += 1
            return .literals([String(s)])
        }
        if chars[i] == "(" {
            i += 1
            let t = type()
            _ = skip(")")
            return t
        }
        if chars[i] == "{" {
            i += 1
            var fields = OrderedDictionary<String, StaticType.Field>()
            var open = false
            var closed = false
            while !atEnd {
                if skip("}") {
                    closed = true
                    break
                }
                let start = i
                if skip("…") || skip("...") {
                    open = true
                    _ = skip(",")
                    continue
                }
                let key = word()
                let optional = skip("?")
                _ = skip(":")
                fields[key] = StaticType.Field(type(), optional: optional)
                _ = skip(",")
                // A field that reads nothing (`{a>}`) would loop forever: stop, and leave the rest unread.
                if i == start || key.isEmpty {
                    failed = true
                    break
                }
            }
            if !closed { failed = true }
            return .record(StaticType.Record(fields: fields, isOpen: open))
        }
        let name = word()
        if variables.contains(name) { return .variable(name) }
        if let set = Signature.namedSets[name] { return .literals(set) }
        switch name {
        case "Any": return .any
        case "Never": return .never
        case "Null": return .null
        case "Boolean": return .boolean
        case "Number": return .number
        case "Text": return .text
        case "Email": return .email
        case "Phone": return .phone
        case "Date": return .date
        case "Time": return .time
        case "DateTime": return .dateTime
        case "Currency": return .currency
        case "Asset": return .asset
        case "DetailedAsset": return .detailedAsset
        case "Object": return .object
        case "List", "Dict":
            _ = skip("<")
            let element = type()
            _ = skip(">")
            return name == "List" ? .list(element) : .dict(element)
        default:
            failed = true
            return .any
        }
    }
}
