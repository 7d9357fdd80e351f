import Foundation
import Yams

/// How a file writes an expression: a whole `.airscript` file, or a YAML scalar in one of its
/// styles. An edit to the expression is escaped for it.
package enum ScalarStyle: Sendable {
    case wholeFile, plain, singleQuoted, doubleQuoted, literal, folded

    init(_ style: Node.Scalar.Style) {
        switch style {
        case .singleQuoted: self = .singleQuoted
        case .doubleQuoted: self = .doubleQuoted
        case .literal: self = .literal
        case .folded: self = .folded
        default: self = .plain
        }
    }

    /// `text` as it must be written inside a scalar of this style, or nil when the style cannot hold
    /// it on one line (a plain scalar with `: ` or ` #`, or starting with an indicator).
    package func escaped(_ text: String) -> String? {
        switch self {
        case .wholeFile, .literal, .folded: return text.contains("\n") && self != .wholeFile ? nil : text
        case .singleQuoted: return text.replacingOccurrences(of: "'", with: "''")
        case .doubleQuoted:
            return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        case .plain:
            return ScalarStyle.isPlainSafe(text) ? text : nil
        }
    }

    /// Whether YAML reads `text` back unchanged as a plain scalar in a block mapping.
    package static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.first, !text.contains("\n"), text.first != " ", text.last != " " else { return false }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) { return false }
        return !text.contains(": ") && !text.contains(" #") && !text.hasSuffix(":")
    }
}
