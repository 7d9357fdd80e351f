/// The kinds of token the lexer produces.
///
/// String literals are split into pieces so that interpolation holes can hold whole expressions:
/// `"a{{x}}b"` is `stringStart`, `stringText("a")`, `holeOpen`, `identifier(x)`, `holeClose`,
/// `stringText("b")`, `stringEnd`.
@_spi(Syntax) public enum TokenKind: Sendable, Equatable {
    case number(Double)
    case identifier(String)
    case stringStart
    case stringText(String)
    case holeOpen  // {{
    case holeClose  // }}
    case stringEnd
    case plus, minus, star, slash, percent
    case equal  // =
    case notEqual  // != or <>
    case less, lessEqual, greater, greaterEqual
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, dot, at, hash
    case filterOpen  // ?( directly after [
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
@_spi(Syntax) public struct Token: Sendable, Equatable {
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
@_spi(Syntax) public enum Keyword: String, Sendable, CaseIterable {
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
        guard word.count >= 2 && word.count <= 16 else { return nil }
        return KeywordTable.shared.keyword(for: word.withUnsafeBufferPointer(PackedWord.init(uppercasing:)))
    }
}

/// Up to 16 bytes of a word, upper-cased, as two base-256 numbers (a word of letters has no zero
/// byte, so different words give different numbers).
private struct PackedWord: Equatable {
    var head: UInt64 = 0
    var tail: UInt64 = 0

    init(uppercasing word: UnsafeBufferPointer<UInt8>) {
        for b in word.prefix(8) { head = head &<< 8 | UInt64(b) }
        for b in word.dropFirst(8).prefix(8) { tail = tail &<< 8 | UInt64(b) }
        head = PackedWord.uppercased(head)
        tail = PackedWord.uppercased(tail)
    }

    /// The eight bytes of `x` with ASCII lower-case letters upper-cased, all at once (SWAR): a byte
    /// gets its 0x80 bit in `lower` when it lies in "a"..."z", and 0x80 >> 2 is the case bit.
    private static func uppercased(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7 = x & (0x7F &* ones)
        let atLeastA = low7 &+ (0x80 - 0x61) &* ones  // 0x80 set where byte >= "a"
        let aboveZ = low7 &+ (0x80 - 0x7B) &* ones  // 0x80 set where byte > "z"
        let lower = atLeastA & ~aboveZ & ~x & (0x80 &* ones)
        return x ^ (lower >> 2)
    }

    static let empty = PackedWord(uppercasing: UnsafeBufferPointer(start: nil, count: 0))
}

/// The keywords in an open-addressing hash table of packed words: the lexer asks about every word it
/// reads, and one multiplication and a compare or two answer most of them.
private struct KeywordTable {
    static let shared = KeywordTable()
    private static let bits = 6
    private var slots = Array(repeating: (word: PackedWord.empty, keyword: Keyword.null), count: 1 << bits)

    private init() {
        for keyword in Keyword.allCases {
            let word = Array(keyword.rawValue.utf8).withUnsafeBufferPointer(PackedWord.init(uppercasing:))
            var slot = Self.slot(of: word)
            while slots[slot].word != .empty { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = (word, keyword)
        }
    }

    private static func slot(of word: PackedWord) -> Int {
        Int(truncatingIfNeeded: ((word.head ^ (word.tail &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> (64 - UInt64(bits)))
    }

    func keyword(for word: PackedWord) -> Keyword? {
        slots.withUnsafeBufferPointer { slots in
            var slot = Self.slot(of: word)
            while slots[slot].word != .empty {
                if slots[slot].word == word { return slots[slot].keyword }
                slot = (slot + 1) & (slots.count - 1)
            }
            return nil
        }
    }
}
