import Airscript
import Foundation

/// The samples that type `payload` and `connection` in a `.airscript` file (lsp.md §1): a
/// `// payload: PATH` comment on the first lines (PATH relative to the file's folder), else a
/// sibling `NAME.payload.json`.
enum ExpressionSamples {
    /// A sample file, and the span of the comment that names it.
    struct Location {
        var path: String
        var span: SourceSpan?
    }

    /// Why a sample could not be used, as a diagnostic's code and message.
    struct Problem: Error {
        var code: DiagnosticCode
        var message: String
    }

    /// How many lines at the top may hold the comments.
    static let headerLines = 5

    static func path(of root: String, for document: String, text: String) -> Location? {
        let folder = URL(fileURLWithPath: document).deletingLastPathComponent()
        var offset = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(headerLines) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let prefix = "// \(root):"
            if trimmed.hasPrefix(prefix) {
                let value = trimmed.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
                let start = offset + line.utf8.count - trimmed.utf8.count
                let span = SourceSpan(start: start, end: offset + line.utf8.count)
                return Location(path: URL(fileURLWithPath: value, relativeTo: folder).standardizedFileURL.path, span: span)
            }
            offset += line.utf8.count + 1
        }
        let name = URL(fileURLWithPath: document).deletingPathExtension().lastPathComponent
        let sibling = folder.appendingPathComponent("\(name).\(root).json").path
        return FileManager.default.fileExists(atPath: sibling) ? Location(path: sibling, span: nil) : nil
    }

    static func read(_ path: String) -> Result<Value, Problem> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Problem(code: "M0101", message: "cannot read the sample `\(path)`: no such file"))
        }
        do { return .success(try JSONReader.read(Array(data))) } catch {
            return .failure(Problem(code: "M0104", message: "invalid JSON in `\(path)` at \(error.line):\(error.column): \(error.message)"))
        }
    }
}
