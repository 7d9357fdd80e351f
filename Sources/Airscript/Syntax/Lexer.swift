/// Turns source text into tokens (spec/language.md §2).
///
/// The lexer keeps a stack of modes, because string literals contain interpolation holes that
/// contain whole expressions, which contain strings of their own:
/// code mode → (on `"`) string mode → (on `{{`) code mode inside a hole → (on `"`) string mode → …
/// It never fails: every problem becomes a diagnostic and lexing goes on.
@_spi(Syntax) public struct Lexer {
    private let bytes: [UInt8]
    private var i = 0
    private var tokens: [Token] = []
    public private(set) var diagnostics: [Diagnostic] = []
    private var modes: [Mode] = [.code(braces: 0, holeStart: nil)]
    private var sawNewline = false

    private enum Mode {
        /// Expression text; `holeStart` is the offset of the `{{` when inside a hole.
        case code(braces: Int, holeStart: Int?)
        case string(quoteStart: Int)
    }

    public init(_ source: Source) {
        self.bytes = source.bytes
        // About one token per three bytes of code: growing the array was a sixth of lexing.
        tokens.reserveCapacity(bytes.count / 3 + 2)
        // A byte order mark at the very start is ignored.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
    }

    /// Lexes the whole source.
    public static func tokenize(_ source: Source) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        lexer.run()
        return (lexer.tokens, lexer.diagnostics)
    }

    private mutating func run() {
        while true {
            switch modes[modes.count - 1] {
            case .code(let braces, let holeStart):
                if !lexCode(braces: braces, holeStart: holeStart) { return }
            case .string(let quoteStart):
                lexString(quoteStart: quoteStart)
            }
        }
    }

    // MARK: - Helpers

    private func peek(_ offset: Int = 0) -> UInt8 {
        let j = i + offset
        return j < bytes.count ? bytes[j] : 0
    }

    private var atEnd: Bool { i >= bytes.count }

    private mutating func emit(_ kind: TokenKind, from start: Int, keyword: Keyword? = nil) {
        tokens.append(Token(kind, SourceSpan(start: start, end: i), precededByNewline: sawNewline, keyword: keyword))
        sawNewline = false
    }

    private mutating func report(
        _ code: DiagnosticCode, _ message: String, _ span: SourceSpan,
        label: String? = nil, help: String? = nil
    ) {
        diagnostics.append(Diagnostic(code, message, at: span, label: label, help: help))
    }

    private mutating func setTop(_ mode: Mode) { modes[modes.count - 1] = mode }

    /// Decodes the Unicode scalar starting at byte `j` and its length in bytes.
    private func scalar(at j: Int) -> (Unicode.Scalar, Int) {
        let b0 = bytes[j]
        var length = 1
        if b0 >= 0xF0 { length = 4 } else if b0 >= 0xE0 { length = 3 } else if b0 >= 0xC0 { length = 2 }
        length = min(length, bytes.count - j)
        let s = String(decoding: bytes[j..<(j + length)], as: UTF8.self)
        return (s.unicodeScalars.first ?? "\u{FFFD}", length)
    }

    static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isIdentPart(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

    // MARK: - Code mode

    /// Skips whitespace and comments; returns false at the end of input.
    private mutating func skipTrivia() {
        while !atEnd {
            let b = peek()
            switch b {
            case 0x20, 0x09, 0x0B, 0x0C:
                i += 1
            case 0x0A, 0x0D:
                sawNewline = true
                i += 1
            case 0x2F where peek(1) == 0x2F:  // line comment
                while !atEnd && peek() != 0x0A && peek() != 0x0D { i += 1 }
            case 0x2F where peek(1) == 0x2A:  // block comment
                let start = i
                i += 2
                var closed = false
                while !atEnd {
                    if peek() == 0x2A && peek(1) == 0x2F {
                        i += 2
                        closed = true
                        break
                    }
                    if peek() == 0x0A || peek() == 0x0D { sawNewline = true }
                    i += 1
                }
                if !closed {
                    report(
                        "E0106", "unterminated block comment", SourceSpan(start: start, end: start + 2),
                        label: "comment opened here", help: "close it with `*/`")
                }
            default:
                return
            }
        }
    }

    /// Whether the previous token ends a value, so that a following `.` is property access.
    private var previousEndsValue: Bool {
        guard let last = tokens.last else { return false }
        switch last.kind {
        case .number, .identifier, .stringEnd, .rightParen, .rightBracket, .rightBrace: return true
        default: return false
        }
    }

    /// Lexes one token in code mode. Returns false when the input is done.
    private mutating func lexCode(braces: Int, holeStart: Int?) -> Bool {
        skipTrivia()
        let start = i
        if atEnd {
            if let holeStart {
                // Inside a hole at the end of input: close the hole and its string.
                report(
                    "E0104", "unterminated interpolation `{{ }}`", SourceSpan(start: holeStart, end: holeStart + 2),
                    label: "hole opened here", help: "close it with `}}`")
                emit(.holeClose, from: start)
                modes.removeLast()  // the hole
                modes.removeLast()  // its string
                emit(.stringEnd, from: start)
                return true
            }
            emit(.endOfInput, from: start)
            return false
        }
        let b = peek()
        if Lexer.isDigit(b) {
            lexNumber()
            return true
        }
        if Lexer.isIdentStart(b) {
            while !atEnd && Lexer.isIdentPart(peek()) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            emit(.identifier(word), from: start, keyword: Keyword.matching(bytes: bytes[start..<i]))
            return true
        }
        i += 1
        switch b {
        case UInt8(ascii: "\""):
            emit(.stringStart, from: start)
            modes.append(.string(quoteStart: start))
        case UInt8(ascii: "'"):
            lexSingleQuoted(start: start)
        case UInt8(ascii: "+"): emit(.plus, from: start)
        case UInt8(ascii: "-"): emit(.minus, from: start)
        case UInt8(ascii: "*"): emit(.star, from: start)
        case UInt8(ascii: "/"): emit(.slash, from: start)
        case UInt8(ascii: "%"): emit(.percent, from: start)
        case UInt8(ascii: "="):
            if peek() == UInt8(ascii: "=") {
                i += 1
                report(
                    "E0208", "`==` is not an operator; use `=` for equality", SourceSpan(start: start, end: i),
                    help: "write `=`")
            }
            emit(.equal, from: start)
        case UInt8(ascii: "!"):
            if peek() == UInt8(ascii: "=") {
                i += 1
                emit(.notEqual, from: start)
            } else {
                report(
                    "E0101", "unexpected character `!`", SourceSpan(start: start, end: i),
                    help: "NOT is a function: write NOT(x)")
            }
        case UInt8(ascii: "<"):
            if peek() == UInt8(ascii: "=") {
                i += 1
                emit(.lessEqual, from: start)
            } else if peek() == UInt8(ascii: ">") {
                i += 1
                emit(.notEqual, from: start)
            } else {
                emit(.less, from: start)
            }
        case UInt8(ascii: ">"):
            if peek() == UInt8(ascii: "=") {
                i += 1
                emit(.greaterEqual, from: start)
            } else {
                emit(.greater, from: start)
            }
        case UInt8(ascii: "&"), UInt8(ascii: "|"):
            let pair = peek() == b
            if pair { i += 1 }
            let word = b == UInt8(ascii: "&") ? "AND" : "OR"
            let text = pair ? (b == UInt8(ascii: "&") ? "&&" : "||") : String(UnicodeScalar(b))
            report(
                "E0101", "unexpected character `\(text)`", SourceSpan(start: start, end: i),
                help: "use `\(word)`")
        case UInt8(ascii: "("): emit(.leftParen, from: start)
        case UInt8(ascii: ")"): emit(.rightParen, from: start)
        case UInt8(ascii: "["): emit(.leftBracket, from: start)
        case UInt8(ascii: "]"): emit(.rightBracket, from: start)
        case UInt8(ascii: "{"):
            if holeStart != nil { setTop(.code(braces: braces + 1, holeStart: holeStart)) }
            emit(.leftBrace, from: start)
        case UInt8(ascii: "}"):
            if let holeStart, braces == 0, peek() == UInt8(ascii: "}") {
                i += 1
                emit(.holeClose, from: start)
                modes.removeLast()
                _ = holeStart
            } else {
                if holeStart != nil && braces > 0 { setTop(.code(braces: braces - 1, holeStart: holeStart)) }
                emit(.rightBrace, from: start)
            }
        case UInt8(ascii: ","): emit(.comma, from: start)
        case UInt8(ascii: ":"): emit(.colon, from: start)
        case UInt8(ascii: "@"): emit(.at, from: start)
        case UInt8(ascii: "#"): emit(.hash, from: start)
        case UInt8(ascii: "."):
            if Lexer.isDigit(peek()) && !previousEndsValue {
                // `.5`: a number with a leading dot.
                while !atEnd && (Lexer.isIdentPart(peek()) || peek() == UInt8(ascii: ".")) { i += 1 }
                let text = String(decoding: bytes[start..<i], as: UTF8.self)
                report(
                    "E0105", "invalid number literal `\(text)`", SourceSpan(start: start, end: i),
                    help: "write a digit before the dot: `0\(text)`")
                emit(.number(Double("0" + text) ?? 0), from: start)
            } else {
                emit(.dot, from: start)
            }
        case UInt8(ascii: "?"):
            if tokens.last?.kind == .leftBracket && peek() == UInt8(ascii: "(") {
                i += 1
                emit(.filterOpen, from: start)
            } else {
                report(
                    "E0101", "unexpected character `?`", SourceSpan(start: start, end: i),
                    help: "`?` is only used in a filter `[?( … )]`; Airscript has no ternary: use IF(c, a, b)")
            }
        default:
            reportUnexpectedCharacter(at: start)
        }
        return true
    }

    /// E0101 for a character that starts no token; the lexer goes on after it. Kept out of `lexCode`,
    /// whose every call otherwise paid for the Unicode property look-ups this needs.
    @inline(never)
    private mutating func reportUnexpectedCharacter(at start: Int) {
        let (scalar, length) = scalar(at: start)
        i = start + length
        var help: String? = nil
        switch scalar {
        case "\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}":
            help = "use straight double quotes `\"`"
        default: break
        }
        let shown =
            scalar.properties.generalCategory == .control
            ? "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4).replacingSpaces(with: "0")
            : String(scalar)
        report("E0101", "unexpected character `\(shown)`", SourceSpan(start: start, end: i), help: help)
    }

    private mutating func lexNumber() {
        let start = i
        while Lexer.isDigit(peek()) { i += 1 }
        var bad: String? = nil
        if peek() == UInt8(ascii: ".") {
            if Lexer.isDigit(peek(1)) {
                i += 1
                while Lexer.isDigit(peek()) { i += 1 }
            } else if !Lexer.isIdentStart(peek(1)) {
                i += 1
                bad = "write a digit after the dot, or remove it"
            }
        }
        if bad == nil, peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            var j = i + 1
            if j < bytes.count && (bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-")) { j += 1 }
            if j < bytes.count && Lexer.isDigit(bytes[j]) {
                i = j
                while Lexer.isDigit(peek()) { i += 1 }
            } else {
                i = j
                bad = "an exponent needs digits: `1e5`, `2.5E-3`"
            }
        }
        if bad == nil && Lexer.isIdentPart(peek()) {
            while Lexer.isIdentPart(peek()) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            bad =
                text.lowercased().hasPrefix("0x")
                ? "Airscript has no hexadecimal literals"
                : text.contains("_")
                    ? "digit separators are not allowed: write `1000`"
                    : "a number cannot run into a name"
        }
        if bad == nil, i - start <= 15, bytes[start..<i].allSatisfy(Lexer.isDigit) {
            // Up to 15 digits is an integer a Double holds exactly: no text, no conversion.
            emit(.number(Double(bytes[start..<i].reduce(0) { $0 * 10 + Int($1 - 0x30) })), from: start)
            return
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        var value =
            Double(
                text.filter { $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+" }
                    .trimmingTrailing { $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-" }) ?? 0
        if bad == nil && value.isInfinite {
            bad = "the number is too large (it overflows to Infinity)"
            value = 0
        }
        if let bad {
            report("E0105", "invalid number literal `\(text)`", SourceSpan(start: start, end: i), help: bad)
            if value.isInfinite { value = 0 }
        }
        emit(.number(value), from: start)
    }

    /// A single-quoted string is an error (E0107); it is lexed as a string so parsing can go on.
    private mutating func lexSingleQuoted(start: Int) {
        var text: [UInt8] = []
        while !atEnd && peek() != UInt8(ascii: "'") && peek() != 0x0A {
            text.append(peek())
            i += 1
        }
        if peek() == UInt8(ascii: "'") { i += 1 }
        report(
            "E0107", "strings use double quotes, not single quotes", SourceSpan(start: start, end: i),
            help: "write \"\(String(decoding: text, as: UTF8.self))\"")
        emit(.stringStart, from: start)
        tokens[tokens.count - 1].span = SourceSpan(start: start, end: start + 1)
        tokens.append(Token(.stringText(String(decoding: text, as: UTF8.self)), SourceSpan(start: start + 1, end: max(start + 1, i - 1))))
        tokens.append(Token(.stringEnd, SourceSpan(start: max(start + 1, i - 1), end: i)))
    }

    // MARK: - String mode

    private mutating func lexString(quoteStart: Int) {
        var text: [UInt8] = []
        var textStart = i
        func flush(_ lexer: inout Lexer) {
            if !text.isEmpty {
                lexer.tokens.append(
                    Token(
                        .stringText(String(decoding: text, as: UTF8.self)),
                        SourceSpan(start: textStart, end: lexer.i)))
                text.removeAll()
            }
        }
        while true {
            if atEnd {
                flush(&self)
                report(
                    "E0102", "unterminated string literal", SourceSpan(start: quoteStart, end: quoteStart + 1),
                    label: "string opened here", help: "close it with `\"`")
                modes.removeLast()
                emit(.stringEnd, from: i)
                return
            }
            let b = peek()
            if b == UInt8(ascii: "\"") {
                flush(&self)
                let start = i
                i += 1
                modes.removeLast()
                emit(.stringEnd, from: start)
                return
            }
            if b == UInt8(ascii: "{") && peek(1) == UInt8(ascii: "{") {
                flush(&self)
                let start = i
                i += 2
                emit(.holeOpen, from: start)
                modes.append(.code(braces: 0, holeStart: start))
                return
            }
            if b == UInt8(ascii: "\\") {
                if text.isEmpty { textStart = i }
                lexEscape(into: &text)
                continue
            }
            if text.isEmpty { textStart = i }
            text.append(b)
            i += 1
        }
    }

    private mutating func lexEscape(into text: inout [UInt8]) {
        let start = i
        i += 1
        guard !atEnd else { return }  // the unterminated-string diagnostic follows
        let c = peek()
        i += 1
        switch c {
        case UInt8(ascii: "\""): text.append(c)
        case UInt8(ascii: "\\"): text.append(c)
        case UInt8(ascii: "/"): text.append(c)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "v"): text.append(0x0B)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "{"):
            text.append(c)
            if peek() == UInt8(ascii: "{") {
                text.append(c)
                i += 1
            }
        case UInt8(ascii: "u"):
            guard let unit = hex4() else {
                report(
                    "E0103", "invalid escape sequence `\\u` in string", SourceSpan(start: start, end: i),
                    help: "`\\u` takes exactly four hex digits, as in `\\u00E9`")
                return
            }
            var scalarValue: UInt32? = nil
            if (0xD800...0xDBFF).contains(unit) {
                if peek() == UInt8(ascii: "\\") && peek(1) == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    if let low = hex4(), (0xDC00...0xDFFF).contains(low) {
                        scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
            } else if !(0xDC00...0xDFFF).contains(unit) {
                scalarValue = unit
            }
            guard let value = scalarValue, let scalar = Unicode.Scalar(value) else {
                report(
                    "E0103", "invalid escape sequence `\\u` in string: lone surrogate",
                    SourceSpan(start: start, end: i), help: "a surrogate must be followed by its pair")
                return
            }
            text.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            i -= 1
            let (scalar, length) = scalar(at: i)
            i += length
            report(
                "E0103", "invalid escape sequence `\\\(scalar)` in string", SourceSpan(start: start, end: i),
                help: "valid escapes: \\\" \\\\ \\/ \\n \\r \\t \\v \\b \\f \\uXXXX \\{")
        }
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count, let value = hexValue(of: bytes[i..<(i + 4)]) else { return nil }
        i += 4
        return value
    }
}

extension String {
    func trimmingTrailing(while predicate: (Character) -> Bool) -> String {
        var s = Substring(self)
        while let last = s.last, predicate(last) { s = s.dropLast() }
        return String(s)
    }
    func replacingSpaces(with ch: Character) -> String {
        String(map { $0 == " " ? ch : $0 })
    }
}
