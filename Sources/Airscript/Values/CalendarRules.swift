/// Validity, normalisation and arithmetic of Date, Time and DateTime values (functions.md §9.2),
/// following moment-timezone: calendar units move the wall clock (days clamped to the month's end),
/// smaller units move the instant; gaps shift forward, overlaps take the earlier instant.
enum CalendarRules {
    static func isInteger(_ x: Double) -> Bool { x.isFinite && x == x.rounded() }

    /// Why a Date's fields are not a real date, or nil when they are. Ranges are compared as
    /// doubles: a payload may hold any number, and converting 1e300 to Int would trap.
    static func problem(with d: DateValue) -> String? {
        guard isInteger(d.year), isInteger(d.month), isInteger(d.day), d.year >= -271_820, d.year <= 275_759 else {
            return "invalid Date: fields must be integers in range"
        }
        guard d.month >= 1, d.month <= 12 else { return "invalid Date: month \(NumberRendering.javaScript(d.month)) is not 1 to 12" }
        let days = CalendarMath.daysInMonth(year: Int(d.year), month: Int(d.month))
        guard d.day >= 1, d.day <= Double(days) else {
            return "invalid Date: \(d.isoText) does not exist (the month has \(days) days)"
        }
        return nil
    }

    /// Why a Time's fields are not a time of day, or nil when they are.
    static func problem(with t: TimeValue) -> String? {
        func problem(_ name: String, _ value: Double, _ upper: Double) -> String? {
            isInteger(value) && value >= 0 && value <= upper
                ? nil : "invalid Time: \(name) \(NumberRendering.javaScript(value)) is not an integer from 0 to \(Int(upper))"
        }
        return problem("hour", t.hour, 23) ?? problem("minute", t.minute, 59) ?? problem("second", t.second, 59)
            ?? problem("millisecond", t.millisecond, 999)
    }

    /// A date moved by whole months, the day clamped to the target month's length.
    static func addMonths(_ d: DateValue, _ months: Int) -> DateValue {
        let total = Int(d.year) * 12 + Int(d.month) - 1 + months
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        let month = total - year * 12 + 1
        let day = min(Int(d.day), CalendarMath.daysInMonth(year: year, month: month))
        return DateValue(year: Double(year), month: Double(month), day: Double(day))
    }

    static func addDays(_ d: DateValue, _ days: Int) -> DateValue {
        let n = CalendarMath.daysFromCivil(year: Int(d.year), month: Int(d.month), day: Int(d.day)) + days
        let c = CalendarMath.civilFromDays(n)
        return DateValue(year: Double(c.year), month: Double(c.month), day: Double(c.day))
    }

    /// moment's rounding of amounts: half away from zero.
    static func whole(_ amount: Double) -> Int {
        Int(max(-1e12, min(1e12, amount.rounded(.toNearestOrAwayFromZero))))
    }

    static func add(_ d: DateValue, _ amount: Double, _ unit: TimeUnit) -> DateValue {
        switch unit {
        case .year: addMonths(d, whole(amount * 12))
        case .month: addMonths(d, whole(amount))
        case .week: addDays(d, whole(amount * 7))
        default: addDays(d, whole(amount))
        }
    }

    /// Whole months from `a` to `b` (a ≤ b): the largest k with a + k months (clamped) ≤ b.
    static func wholeMonths(from a: (date: DateValue, dayMs: Double), to b: (date: DateValue, dayMs: Double)) -> Int {
        var k = (Int(b.date.year) - Int(a.date.year)) * 12 + Int(b.date.month) - Int(a.date.month)
        func notAfter(_ k: Int) -> Bool {
            let moved = addMonths(a.date, k)
            let x = CalendarMath.daysFromCivil(year: Int(moved.year), month: Int(moved.month), day: Int(moved.day))
            let y = CalendarMath.daysFromCivil(year: Int(b.date.year), month: Int(b.date.month), day: Int(b.date.day))
            return x < y || (x == y && a.dayMs <= b.dayMs)
        }
        while k > 0 && !notAfter(k) { k -= 1 }
        while notAfter(k + 1) { k += 1 }
        return max(0, k)
    }

    static func dayNumber(_ d: DateValue) -> Int {
        CalendarMath.daysFromCivil(year: Int(d.year), month: Int(d.month), day: Int(d.day))
    }

    static func milliseconds(of t: TimeValue) -> Double {
        t.hour * 3_600_000 + t.minute * 60_000 + t.second * 1000 + t.millisecond
    }
}
