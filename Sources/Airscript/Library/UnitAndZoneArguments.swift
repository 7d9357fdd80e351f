extension Invocation {
    /// A unit argument; unknown spellings raise R0507 listing the valid ones.
    func unit(_ arguments: Arguments, _ i: Int, calendarOnly: Bool = false) throws(RuntimeError) -> TimeUnit {
        let text = try self.text(arguments, i)
        guard let unit = TimeUnit.spellings[text], !calendarOnly || unit.isCalendar else {
            let valid = calendarOnly ? Array(TimeUnit.allSpellings.prefix(12)) : TimeUnit.allSpellings
            let hint = TimeUnit.suggestion(for: text).map { "; did you mean \"\($0)\"?" } ?? ""
            throw failure(
                "unknown time unit `\(text)`; expected one of \(valid.map { "\"\($0)\"" }.joined(separator: ", "))\(hint)",
                code: "R0507", argument: i)
        }
        return unit
    }

    /// A time-zone argument, in its canonical spelling; unknown names raise R0508.
    func zone(_ arguments: Arguments, _ i: Int) throws(RuntimeError) -> String {
        let name = try text(arguments, i)
        guard let canonical = TimeZones.canonicalName(name == "Z" ? "UTC" : name) else {
            throw failure("unknown time zone `\(name)`", code: "R0508", argument: i)
        }
        return canonical
    }
}
