import Foundation

/// A secret named in a mapping file (serve.md §4): `env:VARIABLE` or `file:PATH`, never the secret
/// itself. Resolved at start-up, so that a missing one stops the server before it listens.
public enum SecretReference {
    /// Why a secret could not be had: S0201 (written literally) or S0202 (not set, unreadable).
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// S0201 or S0202.
        public var code: String
        /// The message of serve.md §9.
        public var message: String
        public var description: String { "\(code): \(message)" }
    }

    /// The secret `reference` names. `key` is where the mapping file gives it, for messages;
    /// `environment` and `readFile` are the process's unless a test gives others.
    public static func resolve(
        _ reference: String, key: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: (String) -> Data? = { FileManager.default.contents(atPath: $0) }
    ) throws(Problem) -> String {
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            guard !name.isEmpty, let value = environment[name] else {
                throw Problem(code: "S0202", message: "secret `\(reference)` is not set: no environment variable `\(name)`")
            }
            guard !value.isEmpty else { throw Problem(code: "S0202", message: "secret `\(reference)` is not set: `\(name)` is empty") }
            return value
        }
        if reference.hasPrefix("file:") {
            let path = String(reference.dropFirst(5))
            guard !path.isEmpty, let data = readFile(path) else {
                throw Problem(code: "S0202", message: "secret `\(reference)` cannot be read: no readable file `\(path)`")
            }
            guard var text = String(data: data, encoding: .utf8) else {
                throw Problem(code: "S0202", message: "secret `\(reference)` cannot be read: the file is not UTF-8 text")
            }
            // One trailing newline (as an editor or `echo` leaves it) is not part of the secret.
            if text.unicodeScalars.last == "\n" {
                text.unicodeScalars.removeLast()
                if text.unicodeScalars.last == "\r" { text.unicodeScalars.removeLast() }
            }
            guard !text.isEmpty else { throw Problem(code: "S0202", message: "secret `\(reference)` cannot be read: the file is empty") }
            return text
        }
        throw Problem(code: "S0201", message: "a literal secret in `\(key)`; use `env:NAME` or `file:PATH`")
    }
}
