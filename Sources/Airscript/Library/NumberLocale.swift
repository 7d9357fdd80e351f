/// Number formatting conventions of the locales Airkit documents (functions.md §3, D30): decimal
/// and thousands separators, currency prefix/suffix and percent sign, as d3-format's locale files.
package struct NumberLocale: Sendable {
    public var decimal: String
    public var thousands: String
    public var currencyPrefix: String
    public var currencySuffix: String
    public var percent: String

    static let table: [String: NumberLocale] = [
        "en-US": NumberLocale(decimal: ".", thousands: ",", currencyPrefix: "$", currencySuffix: "", percent: "%"),
        "en-CA": NumberLocale(decimal: ".", thousands: ",", currencyPrefix: "$", currencySuffix: "", percent: "%"),
        "en-GB": NumberLocale(decimal: ".", thousands: ",", currencyPrefix: "£", currencySuffix: "", percent: "%"),
        "es-MX": NumberLocale(decimal: ".", thousands: ",", currencyPrefix: "$", currencySuffix: "", percent: "%"),
        "de-DE": NumberLocale(decimal: ",", thousands: ".", currencyPrefix: "", currencySuffix: "\u{a0}€", percent: "%"),
        "es-ES": NumberLocale(decimal: ",", thousands: ".", currencyPrefix: "", currencySuffix: "\u{a0}€", percent: "%"),
        "fr-FR": NumberLocale(decimal: ",", thousands: "\u{a0}", currencyPrefix: "", currencySuffix: "\u{a0}€", percent: "\u{202f}%"),
        "fr-CA": NumberLocale(decimal: ",", thousands: "\u{a0}", currencyPrefix: "", currencySuffix: "$", percent: "%"),
    ]

    /// The canonical tag a locale falls back to: exact (any case, `_` or `-`), then by language, then en-US.
    public static func resolve(_ tag: String) -> String {
        if table[tag] != nil { return tag }  // the common case, without building strings
        let parts = tag.split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let language = parts.first?.lowercased() else { return "en-US" }
        if parts.count > 1 {
            let candidate = language + "-" + parts[1].uppercased()
            if table[candidate] != nil { return candidate }
        }
        switch language {
        case "en": return "en-US"
        case "de": return "de-DE"
        case "fr": return "fr-FR"
        case "es": return "es-ES"
        default: return "en-US"
        }
    }

    public static func named(_ tag: String) -> NumberLocale { table[resolve(tag)]! }
}
