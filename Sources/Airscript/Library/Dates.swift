/// §9 Dates and times: constructors, accessors, updates, arithmetic, differences and timestamps.
extension Invocation {
    func date(_ a: Arguments, _ i: Int) throws(RuntimeError) -> DateValue {
        guard case .date(let d) = a[i] else { throw wrongKind(i, expected: "a Date", got: a[i]) }
        try CalendarRules.validate(d, self, argument: i)
        return d
    }

    func time(_ a: Arguments, _ i: Int) throws(RuntimeError) -> TimeValue {
        guard case .time(let t) = a[i] else { throw wrongKind(i, expected: "a Time", got: a[i]) }
        try CalendarRules.validate(t, self, argument: i)
        return t
    }

    func dateTime(_ a: Arguments, _ i: Int) throws(RuntimeError) -> DateTimeValue {
        guard case .dateTime(let dt) = a[i] else { throw wrongKind(i, expected: "a DateTime", got: a[i]) }
        return try CalendarRules.normalised(dt, self, argument: i)
    }

    /// The context's now, as a DateTime in the context zone.
    var now: DateTimeValue {
        DateTimeValue.at(instant: context.now, in: context.timeZone) ?? DateTimeValue(wallClock: context.now, timeZone: "UTC")
    }
}

extension FunctionLibrary {
    static let dates: [BuiltinFunction] = [
        BuiltinFunction(
            ["NOW() -> DateTime"], category: .dates,
            summary: "The context's current instant, in the context time zone.", isPure: false
        ) { _, call in
            .dateTime(call.now)
        },
        BuiltinFunction(
            ["TODAY() -> Date"], category: .dates,
            summary: "The current date in the context time zone.", isPure: false
        ) { _, call in
            .date(call.now.date)
        },
        BuiltinFunction(
            ["DATE(year: Number, month: Number, day: Number) -> Date"], category: .dates,
            summary: "A Date; the fields must form a real date."
        ) { a, call throws(RuntimeError) in
            let d = DateValue(year: try call.number(a, 0), month: try call.number(a, 1), day: try call.number(a, 2))
            try CalendarRules.validate(d, call)
            return .date(d)
        },
        BuiltinFunction(
            ["TIME(hour: Number, minute: Number, second: Number, millisecond?: Number = 0) -> Time"], category: .dates,
            summary: "A Time of day: hour 0–23, minute and second 0–59, millisecond 0–999."
        ) { a, call throws(RuntimeError) in
            let ms = call.optional(a, 3) == nil ? 0 : try call.number(a, 3)
            let t = TimeValue(hour: try call.number(a, 0), minute: try call.number(a, 1), second: try call.number(a, 2), millisecond: ms)
            try CalendarRules.validate(t, call)
            return .time(t)
        },
        BuiltinFunction(
            ["DATETIME(date: Date, time: Time, timeZone?: Text = context time zone) -> DateTime"], category: .dates,
            readsContext: true, summary: "A wall-clock date and time in a zone (the context zone by default)."
        ) { a, call throws(RuntimeError) in
            let zone = call.optional(a, 2) == nil ? call.context.timeZone : try call.zone(a, 2)
            let dt = DateTimeValue(date: try call.date(a, 0), time: try call.time(a, 1), timeZone: zone)
            return .dateTime(try CalendarRules.normalised(dt, call))
        },
        dateField("YEAR", \.year, "The year of a Date or DateTime (in its own zone)."),
        dateField("MONTH", \.month, "The month (1–12) of a Date or DateTime."),
        dateField("DAY", \.day, "The day of the month of a Date or DateTime."),
        timeField("HOUR", \.hour, "The hour of a Time or DateTime."),
        timeField("MINUTE", \.minute, "The minute of a Time or DateTime."),
        timeField("SECOND", \.second, "The second of a Time or DateTime."),
        BuiltinFunction(["TIMEZONE(value: DateTime) -> Text"], category: .dates, summary: "The DateTime's zone name.") {
            a, call throws(RuntimeError) in .text(try call.dateTime(a, 0).timeZone)
        },
        BuiltinFunction(
            ["DATE_FROM_DATETIME(value: DateTime) -> Date"], category: .dates,
            summary: "The date part, in the DateTime's own zone."
        ) { a, call throws(RuntimeError) in
            .date(try call.dateTime(a, 0).date)
        },
        BuiltinFunction(
            ["TIME_FROM_DATETIME(value: DateTime) -> Time"], category: .dates,
            summary: "The time part, in the DateTime's own zone."
        ) { a, call throws(RuntimeError) in
            .time(try call.dateTime(a, 0).time)
        },
        updateDateField("UPDATE_YEAR", "year", "A new value with the year replaced (the day clamped to the month's end)."),
        updateDateField("UPDATE_MONTH", "month", "A new value with the month replaced (the day clamped to the month's end)."),
        updateDateField("UPDATE_DAY", "day", "A new value with the day of the month replaced."),
        updateTimeField("UPDATE_HOUR", \.hour, 0...23, "A new value with the hour replaced."),
        updateTimeField("UPDATE_MINUTE", \.minute, 0...59, "A new value with the minute replaced."),
        updateTimeField("UPDATE_SECOND", \.second, 0...59, "A new value with the second replaced."),
        updateTimeField("UPDATE_MILLISECOND", \.millisecond, 0...999, "A new value with the millisecond replaced."),
        BuiltinFunction(
            ["UPDATE_DATE(value: DateTime, date: Date) -> DateTime"], category: .dates,
            summary: "The DateTime with its date replaced (time and zone kept)."
        ) { a, call throws(RuntimeError) in
            var dt = try call.dateTime(a, 0)
            dt.date = try call.date(a, 1)
            return .dateTime(try CalendarRules.normalised(dt, call))
        },
        BuiltinFunction(
            ["UPDATE_TIME(value: DateTime, time: Time) -> DateTime"], category: .dates,
            summary: "The DateTime with its time replaced (date and zone kept)."
        ) { a, call throws(RuntimeError) in
            var dt = try call.dateTime(a, 0)
            dt.time = try call.time(a, 1)
            return .dateTime(try CalendarRules.normalised(dt, call))
        },
        BuiltinFunction(
            ["UPDATE_TIMEZONE(value: DateTime, timeZone: Text) -> DateTime"], category: .dates,
            summary: "The same instant expressed in another zone."
        ) { a, call throws(RuntimeError) in
            let dt = try call.dateTime(a, 0)
            let zone = try call.zone(a, 1)
            return .dateTime(try CalendarRules.at(instant: try CalendarRules.instant(of: dt, call), zone: zone, call))
        },
        BuiltinFunction(
            ["ADD_TO_DATE(date: Date, amount: Number, unit: DateUnit) -> Date"], category: .dates,
            summary: "The date moved by years, months, weeks or days (month ends clamped)."
        ) { a, call throws(RuntimeError) in
            let d = try call.date(a, 0)
            let amount = try call.number(a, 1)
            let unit = try call.unit(a, 2, calendarOnly: true)
            guard amount.isFinite else { throw call.wrongKind(1, expected: "a finite Number", got: a[1]) }
            let result = CalendarRules.add(d, amount, unit)
            try CalendarRules.validate(result, call)
            return .date(result)
        },
        BuiltinFunction(
            ["ADD_TO_DATETIME(value: DateTime, amount: Number, unit: Unit) -> DateTime"], category: .dates,
            summary: "The DateTime moved by an amount of a unit: calendar units keep the wall clock, others the instant."
        ) {
            a, call throws(RuntimeError) in try shift(a, call, sign: 1)
        },
        BuiltinFunction(
            ["SUBTRACT_FROM_DATETIME(value: DateTime, amount: Number, unit: Unit) -> DateTime"], category: .dates,
            summary: "ADD_TO_DATETIME with the amount negated."
        ) { a, call throws(RuntimeError) in
            try shift(a, call, sign: -1)
        },
        BuiltinFunction(
            ["DATE_DELTA(a: Date, b: Date) -> {day: Number, month: Number, year: Number}"], category: .dates,
            summary: "The absolute difference of two dates as whole days, months and years (independent totals)."
        ) {
            a, call throws(RuntimeError) in
            var x = try call.date(a, 0), y = try call.date(a, 1)
            if CalendarRules.dayNumber(x) > CalendarRules.dayNumber(y) { swap(&x, &y) }
            let days = CalendarRules.dayNumber(y) - CalendarRules.dayNumber(x)
            let months = CalendarRules.wholeMonths(from: (x, 0), to: (y, 0))
            return .object(["day": .number(Double(days)), "month": .number(Double(months)), "year": .number(Double(months / 12))])
        },
        BuiltinFunction(
            ["TIME_DELTA(a: Time, b: Time) -> {hour: Number, minute: Number, second: Number, millisecond: Number}"],
            category: .dates, summary: "The absolute difference of two times of day, as whole hours, minutes, seconds and milliseconds."
        ) {
            a, call throws(RuntimeError) in
            let ms = abs(CalendarRules.milliseconds(of: try call.time(a, 0)) - CalendarRules.milliseconds(of: try call.time(a, 1)))
            return .object(deltaTotals(ms))
        },
        BuiltinFunction(
            [
                "DATETIME_DELTA(a: DateTime, b: DateTime) -> {date: {day: Number, month: Number, year: Number}, time: {hour: Number, minute: Number, second: Number, millisecond: Number}, timeZone: Text}"
            ],
            category: .dates, summary: "The absolute difference of two instants as independent totals."
        ) { a, call throws(RuntimeError) in
            var x = try CalendarRules.instant(of: try call.dateTime(a, 0), call)
            var y = try CalendarRules.instant(of: try call.dateTime(a, 1), call)
            if x > y { swap(&x, &y) }
            let ms = y - x
            let ux = DateTimeValue(wallClock: x, timeZone: "UTC"), uy = DateTimeValue(wallClock: y, timeZone: "UTC")
            let months = CalendarRules.wholeMonths(
                from: (ux.date, CalendarRules.milliseconds(of: ux.time)),
                to: (uy.date, CalendarRules.milliseconds(of: uy.time)))
            let date: Value.Object = [
                "day": .number((ms / 86_400_000).rounded(.down)), "month": .number(Double(months)),
                "year": .number(Double(months / 12)),
            ]
            return .object(["date": .object(date), "time": .object(deltaTotals(ms)), "timeZone": .text("UTC")])
        },
        BuiltinFunction(
            ["DATETIME_FROM_TIMESTAMP(timestamp: Number, unit?: Text = \"ms\") -> DateTime"], category: .dates,
            summary: "The DateTime (in UTC) `timestamp` milliseconds, or seconds with \"s\", after the Unix epoch."
        ) {
            a, call throws(RuntimeError) in
            let t = try call.number(a, 0)
            let unit = try call.optionalText(a, 1) ?? "ms"
            let ms = (unit == "s" ? t * 1000 : t).rounded(.toNearestOrAwayFromZero)
            return .dateTime(try CalendarRules.at(instant: ms, zone: "UTC", call))
        },
        BuiltinFunction(
            ["TIMESTAMP_FROM_DATETIME(value: DateTime, unit?: Text = \"ms\") -> Number"], category: .dates,
            summary: "Milliseconds (or whole seconds with \"s\") from the Unix epoch to the instant."
        ) { a, call throws(RuntimeError) in
            let instant = try CalendarRules.instant(of: try call.dateTime(a, 0), call)
            let unit = try call.optionalText(a, 1) ?? "ms"
            return .number(unit == "s" ? (instant / 1000).rounded(.down) : instant)
        },
    ]

    private static func deltaTotals(_ ms: Double) -> Value.Object {
        [
            "hour": .number((ms / 3_600_000).rounded(.down)), "minute": .number((ms / 60_000).rounded(.down)),
            "second": .number((ms / 1000).rounded(.down)), "millisecond": .number(ms),
        ]
    }

    private static func shift(_ a: Arguments, _ call: Invocation, sign: Double) throws(RuntimeError) -> Value {
        let dt = try call.dateTime(a, 0)
        let amount = try call.number(a, 1)
        let unit = try call.unit(a, 2)
        guard amount.isFinite else { throw call.wrongKind(1, expected: "a finite Number", got: a[1]) }
        return .dateTime(try CalendarRules.add(dt, sign * amount, unit, call))
    }

    private static func dateField(_ name: String, _ field: KeyPath<DateValue, Double> & Sendable, _ summary: String) -> BuiltinFunction {
        BuiltinFunction(["\(name)(value: Date | DateTime) -> Number"], category: .dates, summary: summary) { a, call throws(RuntimeError) in
            switch a[0] {
            case .date: return .number(try call.date(a, 0)[keyPath: field])
            case .dateTime: return .number(try call.dateTime(a, 0).date[keyPath: field])
            default: throw call.wrongKind(0, expected: "a Date or a DateTime", got: a[0])
            }
        }
    }

    private static func timeField(_ name: String, _ field: KeyPath<TimeValue, Double> & Sendable, _ summary: String) -> BuiltinFunction {
        BuiltinFunction(["\(name)(value: Time | DateTime) -> Number"], category: .dates, summary: summary) { a, call throws(RuntimeError) in
            switch a[0] {
            case .time: return .number(try call.time(a, 0)[keyPath: field])
            case .dateTime: return .number(try call.dateTime(a, 0).time[keyPath: field])
            default: throw call.wrongKind(0, expected: "a Time or a DateTime", got: a[0])
            }
        }
    }

    private static func updateDateField(_ name: String, _ field: String, _ summary: String) -> BuiltinFunction {
        BuiltinFunction(
            ["\(name)(value: Date, \(field): Number) -> Date", "\(name)(value: DateTime, \(field): Number) -> DateTime"],
            category: .dates, summary: summary
        ) { a, call throws(RuntimeError) in
            func updated(_ d: DateValue) throws(RuntimeError) -> DateValue {
                let v = try call.number(a, 1)
                guard CalendarRules.isInteger(v) else { throw call.failure("invalid Date: \(field) must be an integer", code: "R0510", argument: 1) }
                var r = d
                switch field {
                case "year":
                    r.year = v
                    // Validate the year before it meets Int arithmetic: 1e300 would trap.
                    if let problem = CalendarRules.problem(with: DateValue(year: v, month: 1, day: 1)) {
                        throw call.failure(problem, code: "R0510", argument: 1)
                    }
                    r.day = Double(min(Int(d.day), CalendarMath.daysInMonth(year: Int(v), month: Int(d.month))))
                case "month":
                    guard (1...12).contains(v) else {
                        throw call.failure("invalid Date: month \(NumberRendering.javaScript(v)) is not 1 to 12", code: "R0510", argument: 1)
                    }
                    r.month = v
                    r.day = Double(min(Int(d.day), CalendarMath.daysInMonth(year: Int(d.year), month: Int(v))))
                default:
                    r.day = v
                }
                try CalendarRules.validate(r, call, argument: 1)
                return r
            }
            switch a[0] {
            case .date: return .date(try updated(try call.date(a, 0)))
            case .dateTime:
                var dt = try call.dateTime(a, 0)
                dt.date = try updated(dt.date)
                return .dateTime(try CalendarRules.normalised(dt, call))
            default: throw call.wrongKind(0, expected: "a Date or a DateTime", got: a[0])
            }
        }
    }

    private static func updateTimeField(
        _ name: String, _ field: WritableKeyPath<TimeValue, Double> & Sendable,
        _ range: ClosedRange<Double>, _ summary: String
    ) -> BuiltinFunction {
        let parameter = String(name.dropFirst("UPDATE_".count).lowercased())
        return BuiltinFunction(
            ["\(name)(value: Time, \(parameter): Number) -> Time", "\(name)(value: DateTime, \(parameter): Number) -> DateTime"],
            category: .dates, summary: summary
        ) { a, call throws(RuntimeError) in
            let v = try call.number(a, 1)
            guard CalendarRules.isInteger(v), range.contains(v) else {
                throw call.failure(
                    "invalid Time: \(parameter) \(NumberRendering.javaScript(v)) is not an integer from \(Int(range.lowerBound)) to \(Int(range.upperBound))",
                    code: "R0510", argument: 1)
            }
            switch a[0] {
            case .time:
                var t = try call.time(a, 0)
                t[keyPath: field] = v
                return .time(t)
            case .dateTime:
                var dt = try call.dateTime(a, 0)
                dt.time[keyPath: field] = v
                return .dateTime(try CalendarRules.normalised(dt, call))
            default: throw call.wrongKind(0, expected: "a Time or a DateTime", got: a[0])
            }
        }
    }
}
