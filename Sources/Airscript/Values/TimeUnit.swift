/// The time-unit strings of date arithmetic (functions.md §9.1): exact, case-sensitive.
package enum TimeUnit: String, Sendable, CaseIterable {
    case year, month, week, day, hour, minute, second, millisecond

    static let spellings: [String: TimeUnit] = [
        "year": .year, "years": .year, "y": .year,
        "month": .month, "months": .month, "M": .month,
        "week": .week, "weeks": .week, "w": .week,
        "day": .day, "days": .day, "d": .day,
        "hour": .hour, "hours": .hour, "h": .hour,
        "minute": .minute, "minutes": .minute, "m": .minute,
        "second": .second, "seconds": .second, "s": .second,
        "millisecond": .millisecond, "milliseconds": .millisecond, "ms": .millisecond,
    ]

    /// Every accepted spelling, in the spec's order, for messages.
    public static let allSpellings = [
        "year", "years", "y", "month", "months", "M", "week", "weeks", "w", "day", "days", "d",
        "hour", "hours", "h", "minute", "minutes", "m", "second", "seconds", "s",
        "millisecond", "milliseconds", "ms",
    ]

    public var isCalendar: Bool { self == .year || self == .month || self == .week || self == .day }

    /// Milliseconds in one unit, for the units added to the instant.
    var milliseconds: Double {
        switch self {
        case .hour: 3_600_000
        case .minute: 60_000
        case .second: 1000
        case .millisecond: 1
        case .week: 7 * 86_400_000
        case .day: 86_400_000
        default: 0
        }
    }

    /// A near miss for a wrong spelling: `"Days"` → `"days"`, `"min"` → `"m"`, `"hr"` → `"h"`.
    public static func suggestion(for text: String) -> String? {
        let known: [String: String] = [
            "min": "m", "mins": "m", "hr": "h", "hrs": "h", "sec": "s", "secs": "s", "yr": "y",
            "yrs": "y", "mo": "M", "mon": "M", "wk": "w", "D": "d", "Y": "y", "H": "h",
            "S": "s", "W": "w", "MS": "ms",
        ]
        if let k = known[text] { return k }
        let lowered = text.lowercased().trimmingCharacters(in: " ")
        if spellings[lowered] != nil { return lowered }
        return nearestNames(to: text, among: allSpellings, limit: 1).first
    }
}
