@_spi(Syntax) import Airscript
import ArgumentParser
import Foundation

/// Exit statuses shared by every subcommand (cli.md §1.4).
enum Status {
    static let runtimeError = ExitCode(1)
    static let rejected = ExitCode(2)
    static let usage = ExitCode(64)
    /// The data is not what it should be: a store that is not one, or is newer than this binary.
    static let dataError = ExitCode(65)
    static let cannotOpen = ExitCode(66)
    /// A service the command needs is unavailable: the journey store.
    static let unavailable = ExitCode(69)
    static let cannotWrite = ExitCode(74)
}

/// Reading files and standard input for the commands.
enum Inputs {
    /// The bytes of a file, or of standard input for `-`. A file that cannot be read exits 66.
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard !isDirectory(path), let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            printError("airscript: cannot open '\(path)': \(unreadableReason(path))")
            throw Status.cannotOpen
        }
        return Array(data)
    }

    /// Why a path cannot be read, as the messages say it.
    static func unreadableReason(_ path: String) -> String {
        guard FileManager.default.fileExists(atPath: path) else { return "no such file" }
        return isDirectory(path) ? "it is a directory" : "permission denied"
    }

    /// A directory opens for reading, then fails at the first read: the commands refuse it first.
    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// The expression of a command: from `-f FILE`, standard input (`-`), or the argument itself.
    static func expressionSource(file: String?, argument: String?) throws -> Source {
        if let file { return Source(String(decoding: try read(file), as: UTF8.self), name: file) }
        if argument == "-" { return Source(String(decoding: try read("-"), as: UTF8.self), name: "<stdin>") }
        return Source(argument ?? "")
    }

    /// A JSON file as a value; invalid JSON is a usage error naming the line and column.
    static func readJSON(_ path: String, what: String) throws -> Value {
        let bytes = try read(path)
        do {
            let (value, imprecise) = try JSONReader.readWithWarnings(bytes)
            for n in imprecise {
                printError("warning[W0418]: integer \(n) in \(path) exceeds 2^53 and lost precision; consider a string")
            }
            return value
        } catch {
            printError("airscript: \(what) '\(path)': \(error)")
            throw Status.usage
        }
    }

    /// The roots bound by `--bindings`, `--payload` and `--connection` (cli.md §1.2).
    static func bindings(bindingsFile: String?, payload: String?, connection: String?) throws -> [(String, Value)] {
        var roots: [(String, Value)] = []
        if let bindingsFile {
            guard case .object(let fields) = try readJSON(bindingsFile, what: "bindings") else {
                printError("airscript: bindings '\(bindingsFile)' must hold a JSON object whose keys are variable names")
                throw Status.usage
            }
            for (name, value) in fields {
                if let keyword = Keyword.matching(name), keyword.isReserved {
                    printError("warning[W0412]: binding `\(name)` is a reserved word and cannot be referenced")
                }
                roots.append((name, value))
            }
        }
        for (name, path) in [("payload", payload), ("connection", connection)] {
            guard let path else { continue }
            let value = try readJSON(path, what: name)
            if let i = roots.firstIndex(where: { $0.0 == name }) {
                printError("warning: --\(name) overrides the `\(name)` key of --bindings")
                roots[i].1 = value
            } else {
                roots.append((name, value))
            }
        }
        return roots
    }
}

func printError(_ text: String) {
    // What was printed before comes before: both streams may go to one file or terminal.
    fflush(nil)  // every output stream: `stdout` itself is shared mutable state to Swift 6
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// `--color always|never|auto`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case always, never, auto

    /// Whether standard error is coloured: `auto` means a terminal with NO_COLOR unset.
    var forStandardError: Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isatty(2) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }
}

func stderrUsesColor() -> Bool { ColorChoice.auto.forStandardError }
