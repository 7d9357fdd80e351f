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
        guard tag.range(of: "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", options: .regularExpression) != nil else {
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

/// ISO 8601 instants for `--now`: `YYYY-MM-DD[THH:mm[:ss[.SSS]]][Z|±HH:mm|±HHmm]`; a value without
/// an offset is read in the context zone.
enum ISOInstant {
    static func parse(_ text: String, defaultZone: String) -> Double? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        func group(_ i: Int) -> String? {
            guard let r = Range(m.range(at: i), in: text) else { return nil }
            return String(text[r])
        }
        guard let y = Int(group(1)!), let mo = Int(group(2)!), let d = Int(group(3)!),
              (1...12).contains(mo), d >= 1, d <= CalendarMath.daysInMonth(year: y, month: mo) else { return nil }
        let h = Int(group(4) ?? "0") ?? 0, mi = Int(group(5) ?? "0") ?? 0, s = Int(group(6) ?? "0") ?? 0
        guard h < 24, mi < 60, s < 60 else { return nil }
        var ms = 0.0
        if let frac = group(7) { ms = (Double("0." + frac) ?? 0) * 1000 }
        let days = CalendarMath.daysFromCivil(year: y, month: mo, day: d)
        let local = Double(days) * 86_400_000 + Double(h * 3_600_000 + mi * 60_000 + s * 1000) + ms.rounded(.down)
        guard let offset = group(8) else { return TimeZones.instant(ofLocal: local, in: defaultZone) }
        if offset == "Z" { return local }
        let sign: Double = offset.hasPrefix("-") ? -1 : 1
        let digits = offset.dropFirst().filter(\.isNumber)
        let oh = Double(digits.prefix(2)) ?? 0, om = Double(digits.suffix(2)) ?? 0
        return local - sign * (oh * 3_600_000 + om * 60_000)
    }
}
