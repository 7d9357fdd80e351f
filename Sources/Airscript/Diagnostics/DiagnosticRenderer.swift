/// Renders diagnostics as text, rustc-style:
///
///     error[E0201]: expected an expression, found `)`
///      --> <expr>:1:5
///       |
///     1 | 1 + )
///       |     ^ expected an expression
///       = help: ...
public struct DiagnosticRenderer: Sendable {
    /// Whether to colour the output with ANSI escapes (a terminal without `NO_COLOR`).
    public var useColor: Bool
    /// How the program's user raises each limit (`--max-steps N`): added as a note to a diagnostic
    /// that reports the limit exceeded. The library knows the limit, not the program's options.
    public var raisingLimit: [Limit: String]

    /// A renderer; `raisingLimit` says how the program's user raises each limit.
    public init(useColor: Bool = false, raisingLimit: [Limit: String] = [:]) {
        self.useColor = useColor
        self.raisingLimit = raisingLimit
    }

    /// Every diagnostic, one after another.
    public func render(_ diagnostics: [Diagnostic], in source: Source) -> String {
        diagnostics.map { render($0, in: source) }.joined()
    }

    /// One diagnostic: the header, the location, the source line with carets, labels, notes and help.
    /// Text cut from a file (an expression in a mapping) is shown on the file's own line, so the
    /// caret stands under the column the location names (types.md §6.1).
    public func render(_ d: Diagnostic, in source: Source) -> String {
        // Positions as shown: the file's lines and columns; the lines read from the file when the
        // source is part of one, from the source itself otherwise.
        let shown = source.position(of: d.span.start)
        let lines = source.enclosing?.file ?? source
        let lineOf: (Int) -> Int = { offset in
            source.enclosing == nil ? source.localPosition(of: offset).line : source.position(of: offset).line
        }
        let columnOf: (Int) -> Int = { offset in
            source.enclosing == nil ? source.localPosition(of: offset).column : source.position(of: offset).column
        }
        let line = lineOf(d.span.start)
        var out = ""
        out += paint("\(d.severity.rawValue)[\(d.code)]", severityColor(d.severity), bold: true)
        out += paint(": \(d.message)", nil, bold: true) + "\n"
        let gutterWidth = String(shown.line).count
        let pad = String(repeating: " ", count: gutterWidth)
        let location: String
        if let enclosing = source.enclosing {
            location = "\(enclosing.file.name):\(shown.line):\(shown.column) (\(enclosing.part))"
        } else {
            location = "\(source.name):\(shown.line):\(shown.column)"
        }
        out += "\(pad)\(paint("-->", blue)) \(location)\n"
        out += "\(pad) \(paint("|", blue))\n"

        // The primary line, with the primary caret and the secondary labels on that line.
        let lineText = lines.lineText(line)
        out += "\(paint(String(shown.line).leftPadded(to: gutterWidth), blue)) \(paint("|", blue)) \(lineText)\n"
        func underline(_ span: SourceSpan, with ch: Character) -> String? {
            guard lineOf(span.start) == line else { return nil }
            let from = columnOf(span.start) - 1
            let endLine = lineOf(span.end)
            let to = endLine == line ? max(from + 1, columnOf(span.end) - 1) : max(from + 1, lineText.count)
            var text = String(repeating: " ", count: from) + String(repeating: ch, count: to - from)
            if endLine > line { text += "..." }
            return text
        }
        var primary = underline(d.span, with: "^") ?? "^"
        if let label = d.label { primary += " " + label }
        out += "\(pad) \(paint("|", blue)) \(paint(primary, severityColor(d.severity), bold: true))\n"
        for label in d.secondary {
            if let marks = underline(label.span, with: "-") {
                out += "\(pad) \(paint("|", blue)) \(paint(marks + (label.message.isEmpty ? "" : " " + label.message), blue))\n"
            } else if !label.message.isEmpty {
                let pos = source.position(of: label.span.start)
                out += "\(pad) \(paint("=", blue)) note: \(label.message) (at \(pos))\n"
            }
        }
        for note in d.notes { out += "\(pad) \(paint("=", blue)) note: \(note)\n" }
        if let limit = d.limit, let raising = raisingLimit[limit] { out += "\(pad) \(paint("=", blue)) note: \(raising)\n" }
        if let help = d.help { out += "\(pad) \(paint("=", blue)) help: \(help)\n" }
        return out
    }

    private let blue = "34"
    private func severityColor(_ s: Severity) -> String {
        switch s {
        case .error: "31"
        case .warning: "33"
        case .note: "36"
        }
    }

    private func paint(_ text: String, _ color: String?, bold: Bool = false) -> String {
        guard useColor, !text.isEmpty else { return text }
        var codes: [String] = []
        if bold { codes.append("1") }
        if let color { codes.append(color) }
        guard !codes.isEmpty else { return text }
        return "\u{1B}[\(codes.joined(separator: ";"))m\(text)\u{1B}[0m"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
    func trailingSpacesTrimmed() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
