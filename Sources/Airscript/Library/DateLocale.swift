/// Month and weekday names, ordinals, week rules and long-date patterns of the locales moment ships
/// and Airkit documents (functions.md §9.4). Tags fall back by language, then to English.
package struct DateLocale: Sendable {
    var months: [String]
    var monthsShort: [String]
    var weekdays: [String]
    var weekdaysShort: [String]
    var weekdaysMin: [String]
    /// First day of the week (0 = Sunday) and the day of January that is always in week 1 (moment's `doy` rule).
    var firstWeekday: Int
    var firstWeekDayOfYear: Int
    var ordinal: @Sendable (_ n: Int, _ token: String) -> String
    var longFormats: [String: String]

    package static let english = DateLocale(
        months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        monthsShort: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        weekdays: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        weekdaysShort: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        weekdaysMin: ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"],
        firstWeekday: 0, firstWeekDayOfYear: 6,
        ordinal: { n, _ in
            let tens = (abs(n) % 100) / 10
            if tens == 1 { return "\(n)th" }
            switch abs(n) % 10 {
            case 1: return "\(n)st"
            case 2: return "\(n)nd"
            case 3: return "\(n)rd"
            default: return "\(n)th"
            }
        },
        longFormats: [
            "LT": "h:mm A", "LTS": "h:mm:ss A", "L": "MM/DD/YYYY", "LL": "MMMM D, YYYY",
            "LLL": "MMMM D, YYYY h:mm A", "LLLL": "dddd, MMMM D, YYYY h:mm A",
        ])

    static let german = DateLocale(
        months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        monthsShort: ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."],
        weekdays: ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
        weekdaysShort: ["So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."],
        weekdaysMin: ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
        firstWeekday: 1, firstWeekDayOfYear: 4,
        ordinal: { n, _ in "\(n)." },
        longFormats: [
            "LT": "HH:mm", "LTS": "HH:mm:ss", "L": "DD.MM.YYYY", "LL": "D. MMMM YYYY",
            "LLL": "D. MMMM YYYY HH:mm", "LLLL": "dddd, D. MMMM YYYY HH:mm",
        ])

    static let french = DateLocale(
        months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        monthsShort: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
        weekdays: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        weekdaysShort: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        weekdaysMin: ["di", "lu", "ma", "me", "je", "ve", "sa"],
        firstWeekday: 1, firstWeekDayOfYear: 4,
        ordinal: { n, token in
            if token == "D" { return n == 1 ? "1er" : "\(n)" }
            return n == 1 ? "1er" : "\(n)e"
        },
        longFormats: [
            "LT": "HH:mm", "LTS": "HH:mm:ss", "L": "DD/MM/YYYY", "LL": "D MMMM YYYY",
            "LLL": "D MMMM YYYY HH:mm", "LLLL": "dddd D MMMM YYYY HH:mm",
        ])

    static let spanish = DateLocale(
        months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        monthsShort: ["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."],
        weekdays: ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
        weekdaysShort: ["dom.", "lun.", "mar.", "mié.", "jue.", "vie.", "sáb."],
        weekdaysMin: ["do", "lu", "ma", "mi", "ju", "vi", "sá"],
        firstWeekday: 1, firstWeekDayOfYear: 4,
        ordinal: { n, _ in "\(n)º" },
        longFormats: [
            "LT": "H:mm", "LTS": "H:mm:ss", "L": "DD/MM/YYYY", "LL": "D [de] MMMM [de] YYYY",
            "LLL": "D [de] MMMM [de] YYYY H:mm", "LLLL": "dddd, D [de] MMMM [de] YYYY H:mm",
        ])

    /// The locale for a BCP-47 tag (any case, `_` accepted).
    static func named(_ tag: String) -> DateLocale {
        // Every date function call asks for its locale: the documented tags are built once.
        if let known = documented[tag] { return known }
        return resolve(tag)
    }

    /// The locales of the documented tags (functions.md §3), as written there.
    private static let documented: [String: DateLocale] = Dictionary(
        uniqueKeysWithValues: ["en-US", "en-CA", "en-GB", "es-MX", "es-ES", "de-DE", "fr-FR", "fr-CA"].map { ($0, resolve($0)) })

    private static func resolve(_ tag: String) -> DateLocale {
        let parts = tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        let language = parts.first ?? "en"
        let region = parts.count > 1 ? parts[1] : ""
        var locale: DateLocale
        switch language {
        case "de": locale = german
        case "fr": locale = french
        case "es": locale = spanish
        default: locale = english
        }
        switch (language, region) {
        case ("en", "gb"):
            locale.firstWeekday = 1
            locale.firstWeekDayOfYear = 4
            locale.longFormats = [
                "LT": "HH:mm", "LTS": "HH:mm:ss", "L": "DD/MM/YYYY", "LL": "D MMMM YYYY",
                "LLL": "D MMMM YYYY HH:mm", "LLLL": "dddd, D MMMM YYYY HH:mm",
            ]
        case ("en", "ca"):
            locale.longFormats["L"] = "YYYY-MM-DD"
        case ("fr", "ca"):
            locale.firstWeekday = 0
            locale.firstWeekDayOfYear = 6
            locale.longFormats["L"] = "YYYY-MM-DD"
        case ("es", "mx"):
            locale.firstWeekday = 0
            locale.firstWeekDayOfYear = 4
        default:
            break
        }
        return locale
    }
}
