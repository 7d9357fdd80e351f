/// Proleptic Gregorian calendar arithmetic on plain integers, independent of Foundation's calendars
/// (which depend on the machine's settings). Days are counted from 1970-01-01.
package enum CalendarMath {
    /// The fields of a wall-clock count of milliseconds since 1970-01-01T00:00, rounded to the
    /// millisecond: its civil date and the hour, minute, second and millisecond of its day.
    /// Rounded first, so that a fraction that rounds up carries into the second (rounding the
    /// millisecond alone made 1000 of it, an invalid time, for instants such as the clock's `….9995`).
    public static func wallClockFields(
        _ unrounded: Double
    ) -> (year: Int, month: Int, day: Int, hour: Double, minute: Double, second: Double, millisecond: Double) {
        let local = unrounded.rounded()
        let days = Int((local / 86_400_000).rounded(.down))
        var rest = local - Double(days) * 86_400_000
        let civil = civilFromDays(days)
        let hour = (rest / 3_600_000).rounded(.down)
        rest -= hour * 3_600_000
        let minute = (rest / 60_000).rounded(.down)
        rest -= minute * 60_000
        let second = (rest / 1000).rounded(.down)
        rest -= second * 1000
        return (civil.year, civil.month, civil.day, hour, minute, second, rest)
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// 0 = Sunday … 6 = Saturday.
    public static func weekday(daysSinceEpoch days: Int) -> Int {
        let w = (days + 4) % 7  // 1970-01-01 was a Thursday
        return w < 0 ? w + 7 : w
    }
}
