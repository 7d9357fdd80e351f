/// Every diagnostic code, its severity and what it means: the one list that the documentation,
/// the `--allow` and `settings.allow` checks and the tests read (types.md §6.2, mapping.md §8).
/// Codes are stable: a code is never reused for another meaning (types.md §6.3), so an entry is
/// only ever added.
public enum DiagnosticCatalog {
    /// One code of the catalogue.
    public struct Entry: Sendable {
        /// The code, such as `W0401`.
        public let code: DiagnosticCode
        /// Its severity when no policy changes it.
        public let severity: Severity
        /// The message template, with `{…}` placeholders.
        public let meaning: String
    }

    /// Every code, in code order.
    public static let entries: [Entry] = [
        Entry(code: "E0101", severity: .error, meaning: "unexpected character `{ch}` {hint}"),
        Entry(code: "E0102", severity: .error, meaning: "unterminated string literal (opened here)"),
        Entry(code: "E0103", severity: .error, meaning: "invalid escape sequence `\\{x}` in string"),
        Entry(code: "E0104", severity: .error, meaning: "empty or unterminated interpolation `{{ }}`"),
        Entry(code: "E0105", severity: .error, meaning: "invalid number literal `{text}` {hint}"),
        Entry(code: "E0106", severity: .error, meaning: "unterminated block comment"),
        Entry(code: "E0107", severity: .error, meaning: "strings use double quotes, not single quotes"),
        Entry(code: "E0201", severity: .error, meaning: "expected {expected}, found {found}"),
        Entry(code: "E0202", severity: .error, meaning: "unclosed `{open}` (opened here)"),
        Entry(code: "E0203", severity: .error, meaning: "comparison operators cannot be chained; add parentheses"),
        Entry(code: "E0204", severity: .error, meaning: "`@` can only be used inside a `[?( … )]` filter"),
        Entry(
            code: "E0205", severity: .error,
            meaning: "`{clause}` clause is out of order or repeated; clauses go WHERE, ORDER BY, LIMIT/OFFSET, SELECT"),
        Entry(code: "E0206", severity: .error, meaning: "DISTINCT cannot be combined with a `key: value` SELECT"),
        Entry(code: "E0207", severity: .error, meaning: "`{word}` is a reserved word and cannot be used as a variable name"),
        Entry(code: "E0208", severity: .error, meaning: "`==` is not an operator; use `=` for equality"),
        Entry(code: "E0209", severity: .error, meaning: "unexpected input after the end of the expression"),
        Entry(code: "E0210", severity: .error, meaning: "expression too large or too deeply nested ({limit})"),
        Entry(code: "E0211", severity: .error, meaning: "query bindings must have distinct names (`{name}` used twice)"),
        Entry(code: "E0301", severity: .error, meaning: "unknown variable `{name}` {did-you-mean}"),
        Entry(code: "E0302", severity: .error, meaning: "unknown function `{name}` {did-you-mean}"),
        Entry(code: "E0303", severity: .error, meaning: "`{fn}` takes {arity} arguments, got {n}"),
        Entry(code: "E0304", severity: .error, meaning: "argument {i} of `{fn}` must be {expected}, found {actual}"),
        Entry(code: "E0305", severity: .error, meaning: "cannot apply `{op}` to {left} and {right} {hint}"),
        Entry(code: "E0306", severity: .error, meaning: "cannot order {left} and {right}"),
        Entry(code: "E0307", severity: .error, meaning: "`{root}` is not available in the {slot} expression; available: {roots}"),
        Entry(code: "E0308", severity: .error, meaning: "invalid {what} `{literal}`; expected one of {values} {did-you-mean}"),
        Entry(code: "E0309", severity: .error, meaning: "division by zero (the divisor is the literal 0)"),
        Entry(code: "E0310", severity: .error, meaning: "a query can only iterate a List or an Object, found {type}"),
        Entry(code: "M0101", severity: .error, meaning: "cannot read mapping file `{path}`: {reason}"),
        Entry(code: "M0102", severity: .error, meaning: "unknown key `{key}` in `{section}` {did-you-mean}"),
        Entry(code: "M0103", severity: .error, meaning: "unsupported mapping `version` {v}; expected 1"),
        Entry(code: "M0104", severity: .error, meaning: "invalid JSON/YAML in `{path}` at {line}:{column}: {reason}"),
        Entry(code: "M0105", severity: .error, meaning: "`{key}` must be {expected}"),
        Entry(code: "M0106", severity: .error, meaning: "missing required key `{key}`"),
        Entry(code: "M0201", severity: .error, meaning: "input line is not valid JSON: {reason}"),
        Entry(code: "M0202", severity: .error, meaning: "envelope record has no `payload`"),
        Entry(code: "M0203", severity: .error, meaning: "envelope field `{field}` must be {expected}, got {actual}"),
        Entry(code: "M0301", severity: .error, meaning: "identifier must be Text, got {type}"),
        Entry(code: "M0302", severity: .warning, meaning: "identifier is {type}; it was converted to Text `{text}`"),
        Entry(code: "M0303", severity: .warning, meaning: "journey-id identifier `{value}` does not look like a session id"),
        Entry(code: "M0304", severity: .error, meaning: "identifier `{raw}` is not a valid phone number: {reason}"),
        Entry(code: "M0305", severity: .warning, meaning: "no identifier (NULL or empty); behaviour `{behavior}` {consequence}"),
        Entry(
            code: "M0306", severity: .warning, meaning: "identifier `{value}` is already held by journey {id}; the new journey was started without it"
        ),
        Entry(code: "M0307", severity: .warning, meaning: "journey-id identifiers are only used for matching; new journeys get generated ids"),
        Entry(code: "M0308", severity: .error, meaning: "response status must be an integer from 100 to 599, got {value}"),
        Entry(code: "M0309", severity: .error, meaning: "header `{name}` value must be Text, got {type}"),
        Entry(code: "M0310", severity: .warning, meaning: "a GET request has no body, but `payload.body` is used"),
        Entry(code: "M0311", severity: .warning, meaning: "route parameter `{name}` is not in the sample's path mapping"),
        Entry(code: "M0312", severity: .error, meaning: "`onNoMatch` is only valid with `behavior: lookup`"),
        Entry(code: "M0313", severity: .error, meaning: "behaviour `{behavior}` needs an identifier expression"),
        Entry(code: "M0314", severity: .error, meaning: "UDF `{name}` body has type {actual}, declared {expected}"),
        Entry(code: "M0401", severity: .error, meaning: "cannot read state file `{path}`: {reason}"),
        Entry(code: "M0402", severity: .error, meaning: "cannot write {what} `{path}`: {reason}"),
        Entry(code: "M0403", severity: .warning, meaning: "state file has two active journeys with identifier `{value}`; kept {id}"),
        Entry(code: "R0501", severity: .error, meaning: "division by zero"),
        Entry(code: "R0502", severity: .error, meaning: "cannot apply `{op}` to {left} and {right}"),
        Entry(code: "R0503", severity: .error, meaning: "cannot order {left} and {right}"),
        Entry(code: "R0504", severity: .error, meaning: "currency codes differ: {a} and {b}"),
        Entry(code: "R0505", severity: .error, meaning: "invalid Currency: {reason}"),
        Entry(code: "R0506", severity: .error, meaning: "`{fn}`: argument {i} must be {expected}, got {actual}"),
        Entry(code: "R0507", severity: .error, meaning: "unknown time unit `{unit}`; expected one of {units}"),
        Entry(code: "R0508", severity: .error, meaning: "unknown time zone `{zone}`"),
        Entry(code: "R0509", severity: .error, meaning: "`{fn}` could not parse {input}: {reason}"),
        Entry(code: "R0510", severity: .error, meaning: "invalid {Date/Time/DateTime}: {reason}"),
        Entry(code: "R0511", severity: .error, meaning: "evaluation limit exceeded: {limit}"),
        Entry(code: "R0512", severity: .error, meaning: "function `{name}` is not available at run time"),
        Entry(code: "R0513", severity: .error, meaning: "invalid format string `{format}`: {reason}"),
        Entry(code: "R0514", severity: .error, meaning: "object key must be Text or Number, got {type}"),
        Entry(code: "R0515", severity: .error, meaning: "ORDER BY cannot compare {left} and {right}"),
        Entry(code: "R0516", severity: .error, meaning: "`{fn}`: {reason} (a function-specific failure: e.g. REPT count negative, LOG of 0)"),
        Entry(code: "R0517", severity: .error, meaning: "`{name}` is not a root of this program"),
        Entry(code: "R0518", severity: .error, meaning: "evaluation cancelled"),
        Entry(code: "W0401", severity: .warning, meaning: "property `{name}` is not in the sample for `{path}` {did-you-mean}"),
        Entry(code: "W0402", severity: .warning, meaning: "this comparison is always {FALSE/TRUE}: {left} and {right} are never equal"),
        Entry(
            code: "W0403", severity: .warning,
            meaning: "AND/OR/XOR are evaluated left to right with equal precedence: this means `{grouping}`; add parentheses"),
        Entry(code: "W0404", severity: .warning, meaning: "{what} may be NULL; {consequence}"),
        Entry(code: "W0405", severity: .warning, meaning: "{access} on {type} is always NULL {hint}"),
        Entry(code: "W0406", severity: .warning, meaning: "ordering {type} values is always FALSE"),
        Entry(code: "W0407", severity: .warning, meaning: "operand of `{op}` is {type}; its truthiness is used"),
        Entry(code: "W0409", severity: .warning, meaning: "`ORDER_BY` is an old spelling; write `ORDER BY`"),
        Entry(code: "W0412", severity: .warning, meaning: "binding `{name}` is a reserved word and cannot be referenced"),
        Entry(code: "W0413", severity: .warning, meaning: "missing comma between object members"),
        Entry(code: "W0414", severity: .warning, meaning: "the nested query has no SELECT; the following clauses belong to it"),
        Entry(code: "W0415", severity: .warning, meaning: "duplicate key `{key}` in object literal; the last value wins"),
        Entry(code: "W0416", severity: .warning, meaning: "query binding `{name}` shadows an outer variable"),
        Entry(code: "W0417", severity: .warning, meaning: "result contains NaN or Infinity, written as null in JSON"),
        Entry(code: "W0418", severity: .warning, meaning: "integer {n} exceeds 2^53 and lost precision; consider a string"),
        Entry(code: "W0419", severity: .warning, meaning: "Text used where {Phone/Email} is expected; it will be {parsed/checked} at run time"),
        Entry(code: "W0420", severity: .warning, meaning: "sample value at `{path}` is null; its type is unknown (Any)"),
        Entry(code: "W0421", severity: .warning, meaning: "interpolating a {List/Object} inserts its JSON text"),
        Entry(code: "W0422", severity: .warning, meaning: "{slot} is ignored with journey behaviour `{behavior}`"),
        Entry(code: "W0423", severity: .warning, meaning: "response header `{name}` is the server's own; `serve` drops the mapping's value"),
    ]

    private static let byCode: [DiagnosticCode: Entry] = Dictionary(entries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The entry of `code`, or nil for a code no stage reports.
    public static func entry(_ code: DiagnosticCode) -> Entry? { byCode[code] }

    /// The known codes nearest to an unknown one (`W04O4` → `W0404`), for "did you mean".
    public static func nearest(to code: String, severity: Severity? = nil) -> [String] {
        nearestNames(
            to: code.uppercased(), among: entries.filter { severity == nil || $0.severity == severity }.map(\.code.rawValue),
            limit: 1)
    }
}
