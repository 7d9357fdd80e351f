import Foundation

/// §4 Text. Positions and lengths count UTF-16 code units; matching is exact (no normalisation).
extension FunctionLibrary {
    static let text: [BuiltinFunction] = [
        BuiltinFunction(
            ["CONCAT(...values+: Any) -> Text"], category: .text,
            summary: "Joins its arguments as text; NULL contributes nothing.",
            propagatesNull: false
        ) { a, call throws(RuntimeError) in
            var s = ""
            for v in a { s += v.renderedText }
            return try call.checkedText(s)
        },
        BuiltinFunction(
            [
                "LENGTH(text: Text) -> Number", "LENGTH(list: List<Any>) -> Number",
                "LENGTH(object: Object) -> Number", "LENGTH(value: Null) -> Number",
            ], category: .text,
            summary: "Text length in UTF-16 code units, list length, or number of keys; 0 for NULL.",
            propagatesNull: false
        ) { a, call throws(RuntimeError) in
            switch a[0] {
            case .null: return .number(0)
            case .text(let s): return .number(Double(s.utf16Length))
            case .list(let l): return .number(Double(l.count))
            default:
                guard let fields = a[0].objectFields else { throw call.wrongKind(0, expected: "Text, a List or an Object", got: a[0]) }
                return .number(Double(fields.count))
            }
        },
        BuiltinFunction(["LOWERCASE(text: Text) -> Text"], category: .text, summary: "The text in lower case (Unicode rules).") {
            a, call throws(RuntimeError) in .text(try call.text(a, 0).lowercased())
        },
        BuiltinFunction(["UPPERCASE(text: Text) -> Text"], category: .text, summary: "The text in upper case (Unicode rules).") {
            a, call throws(RuntimeError) in .text(try call.text(a, 0).uppercased())
        },
        BuiltinFunction(
            ["TITLECASE(text: Text) -> Text"], category: .text,
            summary: "English title case: small words stay lower case, acronyms are kept."
        ) { a, call throws(RuntimeError) in
            .text(TitleCase.apply(try call.text(a, 0)))
        },
        BuiltinFunction(["TRIM(text: Text) -> Text"], category: .text, summary: "Removes leading and trailing whitespace.") {
            a, call throws(RuntimeError) in
            let scalars = Array(try call.text(a, 0).unicodeScalars)
            var lo = 0, hi = scalars.count
            while lo < hi && isJavaScriptSpace(scalars[lo]) { lo += 1 }
            while hi > lo && isJavaScriptSpace(scalars[hi - 1]) { hi -= 1 }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[lo..<hi])
            return .text(String(out))
        },
        BuiltinFunction(
            ["STRIP(text: Text, characters?: Text) -> Text"], category: .text,
            summary: "Removes every occurrence of each listed character (all whitespace by default)."
        ) {
            a, call throws(RuntimeError) in
            let s = try call.text(a, 0)
            var out = String.UnicodeScalarView()
            if let characters = try call.optionalText(a, 1) {
                let set = Set(characters.unicodeScalars)
                out.append(contentsOf: s.unicodeScalars.filter { !set.contains($0) })
            } else {
                out.append(contentsOf: s.unicodeScalars.filter { !isJavaScriptSpace($0) })
            }
            return .text(String(out))
        },
        BuiltinFunction(
            ["SUBSTRING(text: Text, start: Number, end?: Number = LENGTH(text)) -> Text"], category: .text,
            summary: "The code units from `start` (inclusive) to `end` (exclusive), as JavaScript's substring."
        ) {
            a, call throws(RuntimeError) in
            let s = try call.text(a, 0)
            let length = s.utf16Length
            func clamp(_ x: Double) -> Int {
                if x.isNaN || x < 0 { return 0 }
                return Int(min(Double(length), x.rounded(.towardZero)))
            }
            let start = clamp(try call.number(a, 1))
            let end = call.optional(a, 2) == nil ? length : clamp(try call.number(a, 2))
            return .text(s.utf16Slice(min(start, end), max(start, end)))
        },
        BuiltinFunction(
            ["STRING_FIND(text: Text, search: Text) -> Number"], category: .text,
            summary: "The 0-based position of the first occurrence of `search`, or -1."
        ) { a, call throws(RuntimeError) in
            let s = Array(try call.text(a, 0).utf16), search = Array(try call.text(a, 1).utf16)
            return .number(Double(UTF16Search.first(of: search, in: s) ?? -1))
        },
        BuiltinFunction(
            ["STRING_COMPARE(a: Text, b: Text) -> Number"], category: .text,
            summary: "-1, 0 or 1 by locale collation (lower case before upper case, a prefix first)."
        ) {
            a, call throws(RuntimeError) in
            let x = try call.text(a, 0), y = try call.text(a, 1)
            switch x.compare(y, locale: Locale(identifier: "en")) {
            case .orderedAscending: return .number(-1)
            case .orderedDescending: return .number(1)
            case .orderedSame: return .number(x == y ? 0 : (String.utf16Less(x, y) ? -1 : 1))
            }
        },
        BuiltinFunction(
            ["REPLACE(text: Text, search: Text, replacement: Text) -> Text"], category: .text,
            summary: "Replaces the first occurrence of `search` (literally)."
        ) { a, call throws(RuntimeError) in
            try call.checkedText(UTF16Search.replace(try call.text(a, 0), try call.text(a, 1), try call.text(a, 2), all: false))
        },
        BuiltinFunction(
            ["SUBSTITUTE(text: Text, search: Text, replacement: Text) -> Text"], category: .text,
            summary: "Replaces every occurrence of `search` (literally), left to right."
        ) { a, call throws(RuntimeError) in
            try call.checkedText(UTF16Search.replace(try call.text(a, 0), try call.text(a, 1), try call.text(a, 2), all: true))
        },
        BuiltinFunction(
            ["SPLIT(text: Text, separator?: Text) -> List<Text>"], category: .text,
            summary: "Splits at each separator (keeping empty pieces), or on runs of whitespace without one."
        ) {
            a, call throws(RuntimeError) in
            let s = try call.text(a, 0)
            guard let separator = try call.optionalText(a, 1) else {
                return .list(s.unicodeScalars.split(whereSeparator: isJavaScriptSpace).map { .text(String($0)) })
            }
            if separator.isEmpty { return .list(s.unicodeScalars.map { .text(String($0)) }) }
            return .list(UTF16Search.split(s, separator).map { .text($0) })
        },
        BuiltinFunction(
            ["JOIN(list: List<Any>, separator?: Text = \",\") -> Text"], category: .text,
            summary: "The elements as text with `separator` between them; NULL elements are empty."
        ) {
            a, call throws(RuntimeError) in
            let elements = try call.list(a, 0)
            let separator = try call.optionalText(a, 1) ?? ","
            return try call.checkedText(elements.map(\.renderedText).joined(separator: separator))
        },
        BuiltinFunction(["REPT(text: Text, count: Number) -> Text"], category: .text, summary: "The text repeated `count` times.") {
            a, call throws(RuntimeError) in
            let s = try call.text(a, 0)
            let count = try call.number(a, 1)
            guard count >= 0, !count.isNaN else { throw call.failure("the count must not be negative", argument: 1) }
            let n = count.rounded(.towardZero)
            if s.isEmpty || n == 0 { return .text("") }
            if n * Double(s.utf16Length) > 10_000_000 {
                throw call.failure("the result would be longer than 10,000,000 characters", argument: 1)
            }
            return .text(String(repeating: s, count: Int(n)))
        },
        BuiltinFunction(
            ["PADSTRING(text: Text, length: Number, padding?: Text = \" \", side?: \"start\" | \"end\" = \"start\") -> Text"],
            category: .text, summary: "Pads the text to `length` with `padding`, at the start or the end."
        ) {
            a, call throws(RuntimeError) in
            let s = try call.text(a, 0)
            let target = try call.number(a, 1)
            let padding = try call.optionalText(a, 2) ?? " "
            let side = (try call.optionalText(a, 3) ?? "start").lowercased()
            guard ["start", "end", "left", "right"].contains(side) else {
                throw call.failure("side must be \"start\" or \"end\", got \"\(side)\"", argument: 3)
            }
            guard !padding.isEmpty else { throw call.failure("the padding must not be empty", argument: 2) }
            guard target.isFinite || target < 0 else { throw call.failure("the length must be finite", argument: 1) }
            let length = s.utf16Length
            let wanted = Int(max(0, min(target.rounded(.towardZero), 1e9)))
            if wanted <= length { return .text(s) }
            if wanted > 10_000_000 { throw call.failure("the result would be longer than 10,000,000 characters", argument: 1) }
            let unitsNeeded = wanted - length
            let pad = Array(padding.utf16)
            var units: [UInt16] = []
            units.reserveCapacity(unitsNeeded)
            while units.count < unitsNeeded { units.append(pad[units.count % pad.count]) }
            let fill = String(decoding: units, as: UTF16.self)
            return .text(side == "start" || side == "left" ? fill + s : s + fill)
        },
        BuiltinFunction(
            ["UUID() -> Text"], category: .text,
            summary: "A random version-4 UUID, lower-case, from the context's seeded source.", isPure: false
        ) { _, call in
            .text((0..<16).map { _ in UInt8.random(in: 0...255, using: &call.random) }.withUnsafeBytes { version4UUIDText($0) })
        },
    ]
}

/// JavaScript's whitespace for trim and split: Unicode White_Space plus U+FEFF.
func isJavaScriptSpace(_ c: Unicode.Scalar) -> Bool {
    c.properties.isWhitespace || c == "\u{FEFF}"
}

/// Literal searching on UTF-16 code units (exact, no normalisation).
enum UTF16Search {
    static func first(of needle: [UInt16], in haystack: [UInt16], from start: Int = 0) -> Int? {
        if needle.isEmpty { return start <= haystack.count ? start : nil }
        guard haystack.count >= needle.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == needle[0] {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    static func replace(_ text: String, _ search: String, _ replacement: String, all: Bool) -> String {
        guard !search.isEmpty else { return text }
        let h = Array(text.utf16), n = Array(search.utf16), r = Array(replacement.utf16)
        var out: [UInt16] = []
        var i = 0
        while let found = first(of: n, in: h, from: i) {
            out.append(contentsOf: h[i..<found])
            out.append(contentsOf: r)
            i = found + n.count
            if !all { break }
        }
        out.append(contentsOf: h[i...])
        return String(decoding: out, as: UTF16.self)
    }

    static func split(_ text: String, _ separator: String) -> [String] {
        let h = Array(text.utf16), n = Array(separator.utf16)
        var pieces: [String] = []
        var i = 0
        while let found = first(of: n, in: h, from: i) {
            pieces.append(String(decoding: h[i..<found], as: UTF16.self))
            i = found + n.count
        }
        pieces.append(String(decoding: h[i...], as: UTF16.self))
        return pieces
    }
}

/// TITLECASE (functions.md §4, D43): the "to-title-case" routine with Airkit's small words plus `is`.
enum TitleCase {
    static let smallWords: Set<String> = [
        "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "is", "nor",
        "of", "on", "or", "per", "the", "to", "v", "v.", "vs", "vs.", "via",
    ]
    static let separators: Set<Character> = [" ", ":", "–", "—", "-"]

    static func apply(_ text: String) -> String {
        // Alternate runs of separators and words.
        var tokens: [(text: String, isWord: Bool)] = []
        for ch in text {
            let isWord = !separators.contains(ch)
            if let last = tokens.last, last.isWord == isWord {
                tokens[tokens.count - 1].text.append(ch)
            } else {
                tokens.append((String(ch), isWord))
            }
        }
        let wordIndexes = tokens.indices.filter { tokens[$0].isWord }
        var out = ""
        for (i, token) in tokens.enumerated() {
            guard token.isWord else {
                out += token.text
                continue
            }
            let isFirst = i == wordIndexes.first, isLast = i == wordIndexes.last
            let afterColon = i > 0 && tokens[i - 1].text.contains(":")
            let beforeColon = i + 1 < tokens.count && tokens[i + 1].text.contains(":")
            if smallWords.contains(token.text.lowercased()) && !isFirst && !isLast && !afterColon && !beforeColon {
                out += token.text.lowercased()
                continue
            }
            out += capitalised(token.text)
        }
        return out
    }

    private static func capitalised(_ word: String) -> String {
        let rest = word.dropFirst()
        let hasInnerCapital = rest.contains { $0.isUppercase }
        let hasInnerDot = rest.dropLast().contains(".")
        if hasInnerCapital || hasInnerDot { return word }
        guard let i = word.firstIndex(where: { $0.isLetter || $0.isNumber }) else { return word }
        return String(word[..<i]) + word[i].uppercased() + word[word.index(after: i)...]
    }
}
