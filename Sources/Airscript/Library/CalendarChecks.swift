/// The calendar rules as a function body applies them: a value that breaks them fails the call
/// (R0510 for an impossible date or instant, R0508 for an unknown zone) at the call's span.
extension CalendarRules {
    /// Checks a Date's fields; R0510 when it is not a real date.
    static func validate(_ d: DateValue, _ call: Invocation, argument: Int? = nil) throws(RuntimeError) {
        if let problem = problem(with: d) { throw call.failure(problem, code: "R0510", argument: argument) }
    }

    static func validate(_ t: TimeValue, _ call: Invocation, argument: Int? = nil) throws(RuntimeError) {
        if let problem = problem(with: t) { throw call.failure(problem, code: "R0510", argument: argument) }
    }

    /// Validates a DateTime and returns it normalised (canonical zone name, gap shifted forward).
    static func normalised(_ dt: DateTimeValue, _ call: Invocation, argument: Int? = nil) throws(RuntimeError) -> DateTimeValue {
        try validate(dt.date, call, argument: argument)
        try validate(dt.time, call, argument: argument)
        guard let zone = TimeZones.canonicalName(dt.timeZone == "Z" ? "UTC" : dt.timeZone) else {
            throw call.failure("unknown time zone `\(dt.timeZone)`", code: "R0508", argument: argument)
        }
        var copy = dt
        copy.timeZone = zone
        return try at(instant: try instant(of: copy, call), zone: zone, call)
    }

    static func instant(of dt: DateTimeValue, _ call: Invocation) throws(RuntimeError) -> Double {
        guard let instant = dt.instant else { throw call.failure("unknown time zone `\(dt.timeZone)`", code: "R0508") }
        return instant
    }

    static func at(instant: Double, zone: String, _ call: Invocation) throws(RuntimeError) -> DateTimeValue {
        guard instant.isFinite, abs(instant) <= 8.64e15, let dt = DateTimeValue.at(instant: instant, in: zone) else {
            throw call.failure("invalid DateTime: the instant is out of range", code: "R0510")
        }
        return dt
    }

    static func add(_ dt: DateTimeValue, _ amount: Double, _ unit: TimeUnit, _ call: Invocation) throws(RuntimeError) -> DateTimeValue {
        if unit.isCalendar {
            var moved = dt
            moved.date = add(dt.date, amount, unit)
            try validate(moved.date, call)
            return try at(instant: try instant(of: moved, call), zone: dt.timeZone, call)
        }
        let ms = (amount * unit.milliseconds).rounded(.toNearestOrAwayFromZero)
        return try at(instant: try instant(of: dt, call) + ms, zone: dt.timeZone, call)
    }
}
