import Airscript

/// The lines of a mapping's source around a diagnostic's span, each cut into the text before the
/// span, the span, and the text after, so the page marks the span while the template escapes all
/// three (no markup is ever built from the file's text).
enum SourceExcerpt {
    /// Lines `from.line - around` … `to.line + around` of `file`; positions are 1-based, columns
    /// in Unicode scalars, `to` exclusive (as the output record's `endColumn`).
    static func lines(of file: Source, from: (line: Int, column: Int), to: (line: Int, column: Int), around: Int) -> [[String: Any]] {
        let first = max(1, from.line - around), last = min(file.lineCount, max(from.line, to.line) + around)
        guard first <= last else { return [] }
        return (first...last).map { number in
            let scalars = Array(file.lineText(number).unicodeScalars)
            var start = scalars.count, end = scalars.count
            if number >= from.line && number <= to.line {
                start = number == from.line ? min(max(0, from.column - 1), scalars.count) : 0
                end = number == to.line ? min(max(start, to.column - 1), scalars.count) : scalars.count
                // An empty span (at the end of a line) still shows where it is.
                if end == start && start < scalars.count { end = start + 1 }
            }
            func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
            var line: [String: Any] = ["number": number, "before": text(0..<start), "after": text(end..<scalars.count)]
            if end > start { line["marked"] = text(start..<end) }
            return line
        }
    }
}
