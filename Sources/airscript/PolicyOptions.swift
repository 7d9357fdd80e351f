import Airscript
import ArgumentParser

/// `--allow` and `--strict`, which `eval`, `check` and `map` declare each (as plain options: an
/// option group costs every start of the command a reflection walk, measured at 15 million
/// instructions in a debug build) and read through `commandLinePolicy`.
protocol PolicyOptions {
    var strict: Bool { get }
    var allow: String? { get }
}

extension PolicyOptions {
    /// The command line's policy; an unknown code, or an error's code, is a usage error naming the
    /// nearest warning code.
    func commandLinePolicy() throws -> DiagnosticPolicy {
        do throws(UnknownWarningCode) {
            return DiagnosticPolicy(allowed: try DiagnosticPolicy.allowList([allow ?? ""]), strict: strict)
        } catch {
            throw ValidationError("--allow: \(error)")
        }
    }

    static var strictHelp: ArgumentHelp { "Treat warnings as errors (exit 2)." }
    static var allowHelp: ArgumentHelp {
        ArgumentHelp("Silence these warning codes, separated by commas (W0401,W0404). Errors cannot be silenced.", valueName: "CODES")
    }
}
