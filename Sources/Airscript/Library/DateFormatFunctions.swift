/// §9 formatting and parsing: FORMAT_DATE, FORMAT_TIME, FORMAT_DATETIME and the *_FROM_FORMAT family.
extension FunctionLibrary {
    static let dateFormatting: [BuiltinFunction] = [
        BuiltinFunction(
            ["FORMAT_DATE(date: Date, format?: Text = \"YYYY-MM-DD\", locale?: Text = context locale) -> Text"],
            category: .dates, readsContext: true, summary: "Formats a Date with moment tokens (\"MMMM Do, YYYY\")."
        ) { a, call throws(RuntimeError) in
            let d = try call.date(a, 0)
            let format = try call.optionalText(a, 1) ?? "YYYY-MM-DD"
            let locale = DateLocale.named(try call.optionalText(a, 2) ?? call.context.locale)
            let fields = MomentFields(date: d, time: TimeValue(hour: 0, minute: 0, second: 0, millisecond: 0))
            return try call.checkedText(DateFormatting.format(fields, format, locale))
        },
        BuiltinFunction(
            ["FORMAT_TIME(time: Time, format?: Text = \"HH:mm:ss\", locale?: Text = context locale) -> Text"],
            category: .dates, readsContext: true, summary: "Formats a Time with moment tokens (\"h:mm A\")."
        ) { a, call throws(RuntimeError) in
            let t = try call.time(a, 0)
            let format = try call.optionalText(a, 1) ?? "HH:mm:ss"
            let locale = DateLocale.named(try call.optionalText(a, 2) ?? call.context.locale)
            let fields = MomentFields(date: DateValue(year: 1970, month: 1, day: 1), time: t)
            return try call.checkedText(DateFormatting.format(fields, format, locale))
        },
        BuiltinFunction(
            ["FORMAT_DATETIME(value: DateTime, format?: Text, locale?: Text = context locale, timeZone?: Text = TIMEZONE(value)) -> Text"],
            category: .dates, readsContext: true,
            summary: "Formats a DateTime with moment tokens, optionally shown in another zone; ISO 8601 by default."
        ) {
            a, call throws(RuntimeError) in
            var dt = try call.dateTime(a, 0)
            // The instant is kept as it is: re-deriving it from the converted wall clock would lose
            // which of two ambiguous wall times (a fall-back hour) it was.
            let instant = try CalendarRules.instant(of: dt, call)
            if call.optional(a, 3) != nil {
                dt = try CalendarRules.at(instant: instant, zone: try call.zone(a, 3), call)
            }
            let offset = TimeZones.offsetSeconds(dt.timeZone, atInstant: instant) ?? 0
            guard let format = try call.optionalText(a, 1) else {
                return .text(
                    dt.date.isoText + "T"
                        + DateFormatting.format(
                            MomentFields(date: dt.date, time: dt.time, zone: dt.timeZone, offsetSeconds: offset, instant: instant),
                            "HH:mm:ss", DateLocale.english) + DateTimeValue.offsetText(seconds: offset, utcAsZ: true))
            }
            let locale = DateLocale.named(try call.optionalText(a, 2) ?? call.context.locale)
            let fields = MomentFields(date: dt.date, time: dt.time, zone: dt.timeZone, offsetSeconds: offset, instant: instant)
            return try call.checkedText(DateFormatting.format(fields, format, locale))
        },
        BuiltinFunction(
            ["DATE_FROM_FORMAT(text: Text, format?: Text, timeZone?: Text = \"UTC\") -> Date"], category: .dates, readsContext: true,
            summary: "Parses a date (ISO 8601 by default); a written offset is converted to the zone first."
        ) {
            a, call throws(RuntimeError) in
            let parsed = try parse(a, call, timeOnly: false)
            return .date(try resolve(parsed, a, call).date)
        },
        BuiltinFunction(
            ["TIME_FROM_FORMAT(text: Text, format?: Text, timeZone?: Text = \"UTC\") -> Time"], category: .dates, readsContext: true,
            summary: "Parses a time of day (HH:mm[:ss] or ISO 8601 by default)."
        ) { a, call throws(RuntimeError) in
            let parsed = try parse(a, call, timeOnly: true)
            return .time(try resolve(parsed, a, call).time)
        },
        BuiltinFunction(
            ["DATETIME_FROM_FORMAT(text: Text, format?: Text, timeZone?: Text = \"UTC\") -> DateTime"], category: .dates, readsContext: true,
            summary: "Parses a date and time (ISO 8601 by default), expressed in the zone (UTC by default)."
        ) {
            a, call throws(RuntimeError) in
            let parsed = try parse(a, call, timeOnly: false)
            return .dateTime(try resolve(parsed, a, call))
        },
    ]

    private static func parse(_ a: Arguments, _ call: Invocation, timeOnly: Bool) throws(RuntimeError) -> ParsedMoment {
        let text = try call.text(a, 0)
        let format = try call.optionalText(a, 1)
        do throws(ParsedMoment.Failure) {
            if let format {
                return try DateParsing.parse(text, format: format, locale: DateLocale.named(call.context.locale))
            }
            return try DateParsing.parseISO(text, timeOnly: timeOnly)
        } catch {
            throw failure(error, text, format, call)
        }
    }

    private static func resolve(_ parsed: ParsedMoment, _ a: Arguments, _ call: Invocation) throws(RuntimeError) -> DateTimeValue {
        let zone = call.optional(a, 2) == nil ? "UTC" : try call.zone(a, 2)
        do throws(ParsedMoment.Failure) {
            return try parsed.resolve(zone: zone, now: call.context.now, locale: DateLocale.named(call.context.locale))
        } catch {
            throw failure(error, try call.text(a, 0), try call.optionalText(a, 1), call)
        }
    }

    private static func failure(_ error: ParsedMoment.Failure, _ text: String, _ format: String?, _ call: Invocation) -> RuntimeError {
        switch error {
        case .mismatch(let reason):
            call.failure(
                "`\(call.function.name)` could not parse \"\(text)\"\(format.map { " with \"\($0)\"" } ?? ""): \(reason)",
                code: "R0509", argument: 0)
        case .invalid(let reason):
            call.failure("invalid date or time in \"\(text)\": \(reason)", code: "R0510", argument: 0)
        case .unsupported(let reason):
            call.failure("invalid format string `\(format ?? "")`: \(reason)", code: "R0513", argument: 1)
        }
    }
}
