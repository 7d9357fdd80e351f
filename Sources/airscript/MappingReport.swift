import Airscript
import AirscriptMapping
import ArgumentParser
import Foundation

/// Loading a mapping for a command, and printing its diagnostics.
enum MappingReport {
    /// Whether `check`'s argument names a mapping file rather than being an expression: it ends
    /// in `.yaml`, `.yml` or `.json`, starts like a path (`./`, `../`, `/`, `~/`), or names an
    /// existing file or folder. (Containing `/` is not enough: `payload.total/2` is an expression.)
    static func looksLikePath(_ text: String) -> Bool {
        let lower = text.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") { return true }
        if ["./", "../", "/", "~/"].contains(where: { text.hasPrefix($0) }) { return true }
        return !text.isEmpty && !text.contains("\n") && FileManager.default.fileExists(atPath: text)
    }

    /// Loads a mapping; an unreadable file exits 66.
    static func load(_ path: String) throws -> Mapping {
        guard !Inputs.isDirectory(path), FileManager.default.isReadableFile(atPath: path) else {
            printError("airscript: cannot open mapping '\(path)': \(Inputs.unreadableReason(path))")
            throw Status.cannotOpen
        }
        return try Mapping.load(path: path)
    }

    /// Prints the diagnostics and the one-line summary (`lead-intake: 0 errors, 2 warnings`).
    static func print(_ mapping: Mapping, _ shown: [MappingDiagnostic], format: DiagnosticFormat, summary: Bool = true) {
        let renderer = DiagnosticRenderer.forCommand(useColor: stderrUsesColor())
        for d in shown {
            switch format {
            case .text: printError(renderer.render(d.diagnostic, in: d.source))
            case .json: printError(JSONWriter.write(DiagnosticJSON.value(d.diagnostic, in: d.source, slot: d.slot, file: mapping.definition.path)))
            }
        }
        if summary {
            let errors = shown.filter { $0.diagnostic.isError }.count
            let warnings = shown.count - errors
            printError(
                "\(mapping.definition.name.isEmpty ? mapping.definition.path : mapping.definition.name): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            )
        }
    }
}
