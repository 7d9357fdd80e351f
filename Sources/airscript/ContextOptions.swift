import Airscript
import ArgumentParser
import Foundation

/// The context options every evaluating command shares (cli.md §1.1).
struct ContextOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The instant NOW() and TODAY() see, ISO 8601 (default: the wall clock).",
            valueName: "ISO-8601"))
    var now: String?

    @Option(help: ArgumentHelp("The context time zone, an IANA name; `local` is the system zone (default: UTC).", valueName: "IANA"))
    var timezone: String?

    @Option(help: ArgumentHelp("The context locale, BCP 47 (default: en-US).", valueName: "TAG"))
    var locale: String?

    @Option(
        help: ArgumentHelp(
            "Seeds RANDOM and UUID (default: 0 for `map` and `check`, whose runs are reproducible; a random seed for `eval` and the REPL).",
            valueName: "N"))
    var seed: UInt64?

    init() {}

    func validate() throws {
        _ = try makeContext()
    }

    /// The evaluation context these options describe; invalid values are usage errors.
    func makeContext(defaultZone: String = "UTC", defaultLocale: String = "en-US", defaultSeed: UInt64? = nil) throws -> EvaluationContext {
        var zone = timezone ?? defaultZone
        if zone.lowercased() == "local" { zone = TimeZone.current.identifier }
        guard let canonical = TimeZones.canonicalName(zone) else {
            throw ValidationError("unknown time zone '\(zone)'; use an IANA name such as America/New_York")
        }
        let requested = locale ?? defaultLocale
        let tag = requested.replacingOccurrences(of: "_", with: "-")
        guard ContextOptions.isLocaleTag(tag) else {
            throw ValidationError("invalid locale '\(requested)'; use a BCP 47 tag such as en-US")
        }
        var context = EvaluationContext.wallClock(timeZone: canonical, locale: tag, seed: seed ?? defaultSeed)
        if let now {
            guard let instant = ISO8601Instant.parse(now, zone: canonical) else {
                throw ValidationError("cannot read --now '\(now)'; use ISO 8601 such as 2024-05-02T17:21:09Z")
            }
            context.now = instant
        }
        return context
    }
}

extension ContextOptions {
    /// A BCP 47 tag as the command takes it: a language of two or three letters, then subtags of two
    /// to eight letters or digits. (Checked by hand: the regular expressions this and `--now` were
    /// read with cost 3 million instructions at every start, and let a trailing newline through.)
    static func isLocaleTag(_ tag: String) -> Bool {
        let parts = tag.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy(isLetter) else {
            return false
        }
        return parts.dropFirst().allSatisfy { subtag in
            (2...8).contains(subtag.count) && subtag.allSatisfy { isLetter($0) || isDigit($0) }
        }
    }
}
