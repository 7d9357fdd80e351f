import Foundation

/// IANA time zones from the system's tz database (D29): names matched case-insensitively and stored
/// in their canonical spelling, offsets at an instant, and wall-clock ↔ instant conversion with
/// moment-timezone's rules for daylight-saving gaps (shift forward) and overlaps (earlier instant).
package enum TimeZones {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var zones: [String: TimeZone] = [:]
    nonisolated(unsafe) private static var canonicalNames: [String: String]? = nil

    /// The canonical spelling of a zone name, or nil when the tz database does not know it.
    public static func canonicalName(_ name: String) -> String? {
        if name == "UTC" { return "UTC" }
        lock.lock()
        defer { lock.unlock() }
        if canonicalNames == nil {
            var names: [String: String] = [:]
            for id in TimeZone.knownTimeZoneIdentifiers { names[id.lowercased()] = id }
            for id in ["UTC", "GMT", "Etc/UTC", "Etc/GMT"] where names[id.lowercased()] == nil { names[id.lowercased()] = id }
            canonicalNames = names
        }
        if let known = canonicalNames![name.lowercased()] { return known }
        // Legacy aliases the database knows but does not list (US/Pacific, …).
        if TimeZone(identifier: name) != nil { return name }
        return nil
    }

    static func zone(_ name: String) -> TimeZone? {
        lock.lock()
        if let z = zones[name] {
            lock.unlock()
            return z
        }
        lock.unlock()
        guard let canonical = canonicalName(name), let z = TimeZone(identifier: canonical) else { return nil }
        lock.lock()
        zones[name] = z
        lock.unlock()
        return z
    }

    /// The zone's offset from UTC, in seconds, at an instant (milliseconds since the epoch).
    public static func offsetSeconds(_ name: String, atInstant ms: Double) -> Int? {
        if name == "UTC" { return 0 }
        guard let z = zone(name) else { return nil }
        return z.secondsFromGMT(for: Date(timeIntervalSince1970: (ms / 1000).rounded(.down)))
    }

    /// The instant (ms since the epoch) of a wall-clock time given as milliseconds since the epoch
    /// as if it were UTC. Gaps shift forward; overlaps take the earlier instant (D31).
    public static func instant(ofLocal local: Double, in name: String) -> Double? {
        if name == "UTC" { return local }
        guard let before = offsetSeconds(name, atInstant: local - 86_400_000),
            let after = offsetSeconds(name, atInstant: local + 86_400_000)
        else { return nil }
        var candidates: [Double] = []
        for offset in [before, after] {
            let t = local - Double(offset) * 1000
            if offsetSeconds(name, atInstant: t) == offset { candidates.append(t) }
        }
        if let earliest = candidates.min() { return earliest }
        // In a gap: read the wall time with the offset in force before the transition.
        return local - Double(before) * 1000
    }

    /// The wall-clock time (ms since the epoch as if UTC) of an instant in a zone.
    public static func local(ofInstant ms: Double, in name: String) -> Double? {
        guard let offset = offsetSeconds(name, atInstant: ms) else { return nil }
        return ms + Double(offset) * 1000
    }
}

extension DateTimeValue {
    /// Milliseconds since 1970-01-01 of the wall-clock fields, read as if in UTC.
    var localMilliseconds: Double {
        let days = CalendarMath.daysFromCivil(year: Int(date.year), month: Int(date.month), day: Int(date.day))
        return Double(days) * 86_400_000 + time.hour * 3_600_000 + time.minute * 60_000 + time.second * 1000
            + time.millisecond
    }

    /// The instant this wall-clock time denotes in its zone, or nil for an unknown zone.
    /// Nil too when the fields are not a real date and time (R0510 for callers that validate first).
    public var instant: Double? {
        guard CalendarRules.problem(with: date) == nil, CalendarRules.problem(with: time) == nil else { return nil }
        return TimeZones.instant(ofLocal: localMilliseconds, in: timeZone)
    }

    /// The DateTime for an instant, shown in a zone.
    public static func at(instant ms: Double, in zone: String) -> DateTimeValue? {
        guard let local = TimeZones.local(ofInstant: ms, in: zone) else { return nil }
        return DateTimeValue(wallClock: local, timeZone: zone)
    }

    /// Splits a wall-clock millisecond count into date and time fields.
    package init(wallClock local: Double, timeZone: String) {
        let f = CalendarMath.wallClockFields(local)
        self.init(
            date: DateValue(year: Double(f.year), month: Double(f.month), day: Double(f.day)),
            time: TimeValue(hour: f.hour, minute: f.minute, second: f.second, millisecond: f.millisecond),
            timeZone: timeZone)
    }
}
