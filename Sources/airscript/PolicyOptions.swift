import Airscript
import ArgumentParser

/// `--allow` and `--strict`, shared by `eval`, `check` and `map`: the command line's
/// `DiagnosticPolicy`, combined with a mapping file's own `settings`.
struct PolicyOptions: ParsableArguments {
    @Flag(help: "Treat warnings as errors (exit 2).")
    var strict = false

    @Option(
        help: ArgumentHelp(
            "Silence these warning codes, separated by commas (W0401,W0404). Errors cannot be silenced.",
            valueName: "CODES"))
    var allow: String?

    func validate() throws {
        _ = try policy()
    }

    /// The policy; an unknown code, or an error's code, is a usage error naming the nearest warning.
    func policy() throws -> DiagnosticPolicy {
        do throws(UnknownWarningCode) {
            return DiagnosticPolicy(allowed: try DiagnosticPolicy.allowList([allow ?? ""]), strict: strict)
        } catch {
            throw ValidationError("--allow: \(error)")
        }
    }
}
