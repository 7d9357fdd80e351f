/// The kinds of token the lexer produces.
///
/// String literals are split into pieces so that interpolation holes can hold whole expressions:
/// `"a{{x}}b"` is `stringStart`, `stringText("a")`, `holeOpen`, `identifier(x)`, `holeClose`,
/// `stringText("b")`, `stringEnd`.
public enum TokenKind: Sendable, Equatable {
    case number(Double)
    case identifier(String)
    case stringStart
    case stringText(String)
    case holeOpen       // {{
    case holeClose      // }}
    case stringEnd
    case plus, minus, star, slash, percent
    case equal          // =
    case notEqual       // != or <>
    case less, lessEqual, greater, greaterEqual
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, dot, at, hash
    case filterOpen     // ?( directly after [
    case endOfInput

    /// How the token is named in "expected …, found …" messages.
    public var displayName: String {
        switch self {
        case .number: "a number"
        case .identifier(let name): "`\(name)`"
        case .stringStart, .stringText, .stringEnd: "a string"
        case .holeOpen: "`{{`"
        case .holeClose: "`}}`"
        case .plus: "`+`"
        case .minus: "`-`"
        case .star: "`*`"
        case .slash: "`/`"
        case .percent: "`%`"
        case .equal: "`=`"
        case .notEqual: "`!=`"
        case .less: "`<`"
        case .lessEqual: "`<=`"
        case .greater: "`>`"
        case .greaterEqual: "`>=`"
        case .leftParen: "`(`"
        case .rightParen: "`)`"
        case .leftBracket: "`[`"
        case .rightBracket: "`]`"
        case .leftBrace: "`{`"
        case .rightBrace: "`}`"
        case .comma: "`,`"
        case .colon: "`:`"
        case .dot: "`.`"
        case .at: "`@`"
        case .hash: "`#`"
        case .filterOpen: "`?(`"
        case .endOfInput: "the end of the input"
        }
    }
}

/// A token with its span. `precededByNewline` lets the parser accept object members that are
/// separated by a line break instead of a comma (D19).
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var span: SourceSpan
    public var precededByNewline: Bool
    /// For identifiers: the keyword it spells, matched case-insensitively.
    public var keyword: Keyword?

    public init(_ kind: TokenKind, _ span: SourceSpan, precededByNewline: Bool = false, keyword: Keyword? = nil) {
        self.kind = kind
        self.span = span
        self.precededByNewline = precededByNewline
        self.keyword = keyword
    }
}

/// Airscript's keywords (D6). Reserved words can never be variable names; contextual ones are
/// keywords only at a query-clause position.
public enum Keyword: String, Sendable, CaseIterable {
    case `true` = "TRUE", `false` = "FALSE", null = "NULL"
    case and = "AND", or = "OR", xor = "XOR"
    case from = "FROM", `in` = "IN", `where` = "WHERE", select = "SELECT"
    case order = "ORDER", by = "BY", orderBy = "ORDER_BY"
    case asc = "ASC", ascending = "ASCENDING", desc = "DESC", descending = "DESCENDING"
    case limit = "LIMIT", offset = "OFFSET", distinct = "DISTINCT"

    public var isReserved: Bool {
        switch self {
        case .true, .false, .null, .and, .or, .xor, .from, .in, .where, .select: true
        default: false
        }
    }

    /// The keyword a word spells, ignoring case.
    public static func matching(_ word: String) -> Keyword? {
        matching(bytes: Array(word.utf8)[...])
    }

    /// The keyword an ASCII word spells, ignoring case, without building a string.
    static func matching(bytes word: ArraySlice<UInt8>) -> Keyword? {
        guard word.count < spellingsByLength.count else { return nil }
        outer: for (spelling, keyword) in spellingsByLength[word.count] {
            for (a, b) in zip(spelling, word) where a != (b >= 0x61 && b <= 0x7A ? b - 0x20 : b) { continue outer }
            return keyword
        }
        return nil
    }

    /// Every keyword's bytes, grouped by length: the lexer asks about every word it reads, and
    /// building `rawValue` strings for each question was a sixth of parsing.
    private static let spellingsByLength: [[(spelling: [UInt8], keyword: Keyword)]] = {
        let longest = allCases.map(\.rawValue.utf8.count).max() ?? 0
        var table = Array(repeating: [(spelling: [UInt8], keyword: Keyword)](), count: longest + 1)
        for keyword in allCases { table[keyword.rawValue.utf8.count].append((Array(keyword.rawValue.utf8), keyword)) }
        return table
    }()
}
