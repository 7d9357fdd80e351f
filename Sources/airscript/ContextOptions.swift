import Airscript
import ArgumentParser
import Foundation

/// The context options every evaluating command shares (cli.md §1.1).
struct ContextOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The instant NOW() and TODAY() see, ISO 8601 (default: the wall clock).",
                               valueName: "ISO-8601"))
    var now: String?

    @Option(help: ArgumentHelp("The context time zone, an IANA name; `local` is the system zone (default: UTC).", valueName: "IANA"))
    var timezone: String?

    @Option(help: ArgumentHelp("The context locale, BCP 47 (default: en-US).", valueName: "TAG"))
    var locale: String?

    @Option(help: ArgumentHelp("Seeds RANDOM and UUID (default: a random seed).", valueName: "N"))
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
            guard let instant = ISOInstant.parse(now, defaultZone: canonical) else {
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
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy(ISOInstant.isLetter) else {
            return false
        }
        return parts.dropFirst().allSatisfy { subtag in
            (2...8).contains(subtag.count) && subtag.allSatisfy { ISOInstant.isLetter($0) || ISOInstant.isDigit($0) }
        }
    }
}

/// ISO 8601 instants for `--now`: `YYYY-MM-DD[THH:mm[:ss[.SSS]]][Z|±HH:mm|±HHmm]`; a value without
/// an offset is read in the context zone.
enum ISOInstant {
    static func parse(_ text: String, defaultZone: String) -> Double? {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard let y = scanner.digits(4), scanner.take("-"), let mo = scanner.digits(2), scanner.take("-"),
              let d = scanner.digits(2),
              (1...12).contains(mo), d >= 1, d <= CalendarMath.daysInMonth(year: y, month: mo) else { return nil }
        var h = 0, mi = 0, s = 0
        var ms = 0.0
        if scanner.take("T") || scanner.take(" ") {
            guard let hours = scanner.digits(2), scanner.take(":"), let minutes = scanner.digits(2) else { return nil }
            (h, mi) = (hours, minutes)
            if scanner.take(":") {
                guard let seconds = scanner.digits(2) else { return nil }
                s = seconds
                if scanner.take(".") {
                    let fraction = scanner.digitRun()
                    guard (1...9).contains(fraction.count) else { return nil }
                    ms = (Double("0." + fraction) ?? 0) * 1000
                }
            }
        }
        guard h < 24, mi < 60, s < 60 else { return nil }
        let days = CalendarMath.daysFromCivil(year: y, month: mo, day: d)
        let local = Double(days) * 86_400_000 + Double(h * 3_600_000 + mi * 60_000 + s * 1000) + ms.rounded(.down)
        if scanner.atEnd { return TimeZones.instant(ofLocal: local, in: defaultZone) }
        if scanner.take("Z") { return scanner.atEnd ? local : nil }
        let sign: Double
        if scanner.take("+") { sign = 1 } else if scanner.take("-") { sign = -1 } else { return nil }
        guard let oh = scanner.digits(2) else { return nil }
        _ = scanner.take(":")
        guard let om = scanner.digits(2), scanner.atEnd else { return nil }
        return local - sign * Double(oh * 3_600_000 + om * 60_000)
    }

    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// ASCII digits and single characters, in order.
    private struct Scanner {
        let bytes: [UInt8]
        var i = 0

        var atEnd: Bool { i == bytes.count }

        mutating func take(_ c: Unicode.Scalar) -> Bool {
            guard i < bytes.count, bytes[i] == UInt8(ascii: c) else { return false }
            i += 1
            return true
        }

        /// Exactly `n` digits, as a number.
        mutating func digits(_ n: Int) -> Int? {
            guard i + n <= bytes.count else { return nil }
            var value = 0
            for b in bytes[i..<(i + n)] {
                guard ISOInstant.isDigit(b) else { return nil }
                value = value * 10 + Int(b - UInt8(ascii: "0"))
            }
            i += n
            return value
        }

        /// The digits from here on, as text.
        mutating func digitRun() -> String {
            let start = i
            while i < bytes.count && ISOInstant.isDigit(bytes[i]) { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
    }
}
