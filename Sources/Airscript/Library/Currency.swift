import Foundation

/// §7 Currency: CURRENCY, FORMAT_CURRENCY and PARSE_CURRENCY.
enum CurrencySymbols {
    static let locales = ["en-US", "en-CA", "en-GB", "es-MX", "es-ES", "de-DE", "fr-FR", "fr-CA"]
    /// functions.md §7's table: code → symbol in each locale, in the order of `locales`.
    static let table: [String: [String]] = [
        "USD": ["$", "US$", "US$", "USD", "US$", "$", "$US", "$ US"],
        "CAD": ["CA$", "$", "CA$", "CAD", "CA$", "CA$", "$CA", "$"],
        "EUR": ["€", "€", "€", "EUR", "€", "€", "€", "€"],
        "GBP": ["£", "£", "£", "GBP", "GBP", "£", "£GB", "£"],
        "MXN": ["MX$", "MX$", "MX$", "$", "MXN", "MX$", "$MX", "MXN"],
        "JPY": ["¥", "JP¥", "JP¥", "JPY", "JPY", "¥", "JPY", "¥"],
        "AUD": ["A$", "A$", "A$", "AUD", "AUD", "AU$", "$AU", "$ AU"],
    ]

    /// The symbol of `code` as written in `locale`; the code itself when unknown.
    static func symbol(_ code: String, locale: String) -> String {
        let tag = NumberLocale.resolve(locale)
        guard let row = table[code.uppercased()], let column = locales.firstIndex(of: tag) else { return code }
        return row[column]
    }

    /// ISO 4217 minor digits (2 unless listed).
    static func minorDigits(_ code: String) -> Int {
        switch code.uppercased() {
        case "JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "XPF", "UGX", "PYG", "RWF", "KMF", "GNF", "VUV", "DJF", "BIF": 0
        case "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD": 3
        default: 2
        }
    }
}

extension FunctionLibrary {
    static let currency: [BuiltinFunction] = [
        BuiltinFunction(
            ["CURRENCY(amount: Number, code?: Text = \"USD\", precision?: Number = 2) -> Currency"], category: .currency,
            summary: "Money: an integer `amount` in units of 10^-precision of `code` (CURRENCY(101, \"USD\", 2) is $1.01)."
        ) {
            a, call throws(RuntimeError) in
            let amount = try call.number(a, 0)
            let code = try call.optionalText(a, 1) ?? "USD"
            let precision = call.optional(a, 2) == nil ? 2 : try call.number(a, 2)
            guard !code.isEmpty else { throw call.failure("the currency code must not be empty", code: "R0505", argument: 1) }
            let value = CurrencyValue(amount: amount, code: code, precision: precision)
            try Money.validate(value, call.span)
            return .currency(value)
        },
        BuiltinFunction(
            [
                "FORMAT_CURRENCY(value: Currency, format?: Text = \"$0,0.00\", locale?: Text = context locale) -> Text",
                "FORMAT_CURRENCY(amount: Number, code?: Text = \"USD\", format?: Text = \"$0,0.00\", locale?: Text = context locale) -> Text",
            ],
            category: .currency, readsContext: true,
            summary: "Formats money with a numeral.js format (\"$0,0.00\") and the locale's symbol and separators."
        ) {
            a, call throws(RuntimeError) in
            let value: Double, code: String, formatIndex: Int
            switch a[0] {
            case .currency(let c):
                try Money.validate(c, call.span)
                value = Double("\(NumberRendering.plainInteger(abs(c.amount)))e-\(Int(c.precision))")! * (c.amount < 0 ? -1 : 1)
                code = c.code
                formatIndex = 1
            case .number(let n):
                value = n
                code = try call.optionalText(a, 1) ?? "USD"
                formatIndex = 2
            default:
                throw call.wrongKind(0, expected: "a Currency or a Number", got: a[0])
            }
            if a.count > formatIndex + 2 { throw call.failure("a Currency takes at most a format and a locale") }
            let format = try call.optionalText(a, formatIndex) ?? "$0,0.00"
            let locale = try call.optionalText(a, formatIndex + 1) ?? call.context.locale
            return .text(
                NumeralFormat.currency(
                    value, format: format, symbol: CurrencySymbols.symbol(code, locale: locale),
                    locale: NumberLocale.named(locale)))
        },
        BuiltinFunction(
            ["PARSE_CURRENCY(text: Text, code?: Text, locale?: Text = context locale) -> Currency"], category: .currency,
            readsContext: true, summary: "Reads money from text (\"$1.00\", \"1.234,56 €\") into a Currency."
        ) {
            a, call throws(RuntimeError) in
            let text = try call.text(a, 0)
            let locale = try call.optionalText(a, 2) ?? call.context.locale
            guard let code = try currencyCode(in: text, argument: try call.optionalText(a, 1), locale: locale) else {
                throw call.failure(
                    "`PARSE_CURRENCY` could not parse \"\(text)\": no currency code or known symbol",
                    code: "R0509", argument: 0)
            }
            guard let (value, decimals) = parseMoney(text, NumberLocale.named(locale)) else {
                throw call.failure("`PARSE_CURRENCY` could not parse \"\(text)\": no number", code: "R0509", argument: 0)
            }
            let precision = max(CurrencySymbols.minorDigits(code), decimals)
            let amount = DecimalRounding.round(value * pow(10, Double(precision)))
            let result = CurrencyValue(amount: amount == 0 ? 0 : amount, code: code, precision: Double(precision))
            try Money.validate(result, call.span)
            return .currency(result)
        },
    ]

    /// PARSE_CURRENCY's code: an ISO code in the text, the argument, or a symbol of the locale.
    private static func currencyCode(in text: String, argument: String?, locale: String) throws(RuntimeError) -> String? {
        let letters = text.split(whereSeparator: { !$0.isLetter })
        if let iso = letters.first(where: { $0.count == 3 && $0.allSatisfy { $0.isUppercase && $0.isASCII } }) { return String(iso) }
        if let argument { return argument }
        let tag = NumberLocale.resolve(locale)
        guard let column = CurrencySymbols.locales.firstIndex(of: tag) else { return nil }
        // The longest symbol of this locale that the text contains.
        var best: (String, Int)? = nil
        for (code, row) in CurrencySymbols.table {
            let symbol = row[column]
            if text.contains(symbol) && symbol.count > (best?.1 ?? 0) { best = (code, symbol.count) }
        }
        if let best { return best.0 }
        for (symbol, code) in [("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("$", "USD")] where text.contains(symbol) { return code }
        return nil
    }

    /// The number in money text with the locale's separators; negative with `-` or parentheses;
    /// k/m/b/t multiply. Returns the value and the decimals written.
    private static func parseMoney(_ text: String, _ locale: NumberLocale) -> (Double, Int)? {
        var digits = ""
        var decimals = 0
        var inFraction = false
        var sawDigit = false
        var multiplier = 1.0
        let negative = text.contains("-") || (text.contains("(") && text.contains(")"))
        let decimalMark = Character(locale.decimal)
        for c in text {
            if c.isASCII && c.isNumber {
                digits.append(c)
                sawDigit = true
                if inFraction { decimals += 1 }
            } else if c == decimalMark && !inFraction {
                inFraction = true
                digits.append(".")
            } else if sawDigit, let m = ["k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12][String(c).lowercased()] {
                multiplier = m
            }
        }
        guard sawDigit, let v = Double(digits) else { return nil }
        let value = v * multiplier
        return (negative ? -value : value, multiplier == 1 ? decimals : 0)
    }
}

/// §10 Assets.
extension FunctionLibrary {
    static let assets: [BuiltinFunction] = [
        BuiltinFunction(
            ["ASSET_TO_URI(asset: Asset) -> Text"], category: .assets,
            summary: "An asset:// URI naming the asset: asset://global:<id>."
        ) { a, call throws(RuntimeError) in
            guard let fields = a[0].objectFields, case .text(let id)? = fields["id"] else {
                throw call.wrongKind(0, expected: "an Asset (an object with a Text id)", got: a[0])
            }
            var visibility = "global"
            if case .text(let v)? = fields["visibility"] { visibility = v.lowercased() }
            return .text("asset://\(visibility):\(id)")
        },
        BuiltinFunction(
            ["URI_TO_ASSET(uri: Text) -> {id: Text, visibility: Text}"], category: .assets,
            summary: "Parses asset://<visibility>:<uuid> into {id, visibility}."
        ) { a, call throws(RuntimeError) in
            let uri = try call.text(a, 0)
            let pattern = #"^asset://(global|private):([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"#
            guard let r = uri.range(of: pattern, options: [.regularExpression, .caseInsensitive]), r == uri.startIndex..<uri.endIndex,
                let colon = uri.dropFirst(8).firstIndex(of: ":")
            else {
                throw call.failure("`URI_TO_ASSET` could not parse \"\(uri)\": uri-to-asset.invalid-uri", code: "R0509", argument: 0)
            }
            let visibility = uri[uri.index(uri.startIndex, offsetBy: 8)..<colon].uppercased()
            return .object(["id": .text(String(uri[uri.index(after: colon)...])), "visibility": .text(visibility)])
        },
        BuiltinFunction(
            ["ASSET_TYPE(asset: DetailedAsset) -> Text"], category: .assets,
            summary: "The MIME type of a Detailed Asset (its `type` field)."
        ) { a, call throws(RuntimeError) in
            guard let fields = a[0].objectFields, case .text(let type)? = fields["type"] else {
                throw call.wrongKind(0, expected: "a Detailed Asset (an object with a Text type)", got: a[0])
            }
            return .text(type)
        },
    ]
}
