/// Phone-number rules (functions.md §8.1, D37): country calling codes, national number lengths and
/// trunk prefixes, a bundled approximation of libphonenumber's metadata.
package enum PhoneNumbers {
    struct Country {
        var lengths: ClosedRange<Int>
        var trunkPrefix: String?
    }

    /// Codes with explicit lengths (functions.md §8.1's table).
    static let known: [String: Country] = [
        "1": Country(lengths: 10...10, trunkPrefix: "1"), "7": Country(lengths: 10...10, trunkPrefix: "8"),
        "20": Country(lengths: 8...10, trunkPrefix: "0"), "27": Country(lengths: 9...9, trunkPrefix: "0"),
        "30": Country(lengths: 10...10, trunkPrefix: nil), "31": Country(lengths: 9...9, trunkPrefix: "0"),
        "32": Country(lengths: 8...9, trunkPrefix: "0"), "33": Country(lengths: 9...9, trunkPrefix: "0"),
        "34": Country(lengths: 9...9, trunkPrefix: nil), "36": Country(lengths: 8...9, trunkPrefix: "06"),
        "39": Country(lengths: 6...11, trunkPrefix: nil), "41": Country(lengths: 9...9, trunkPrefix: "0"),
        "43": Country(lengths: 4...13, trunkPrefix: "0"), "44": Country(lengths: 9...10, trunkPrefix: "0"),
        "45": Country(lengths: 8...8, trunkPrefix: nil), "46": Country(lengths: 7...10, trunkPrefix: "0"),
        "47": Country(lengths: 8...8, trunkPrefix: nil), "48": Country(lengths: 9...9, trunkPrefix: nil),
        "49": Country(lengths: 6...13, trunkPrefix: "0"), "52": Country(lengths: 10...10, trunkPrefix: nil),
        "54": Country(lengths: 10...11, trunkPrefix: "0"), "55": Country(lengths: 10...11, trunkPrefix: "0"),
        "56": Country(lengths: 9...9, trunkPrefix: nil), "57": Country(lengths: 10...10, trunkPrefix: nil),
        "61": Country(lengths: 9...9, trunkPrefix: "0"), "62": Country(lengths: 8...12, trunkPrefix: "0"),
        "63": Country(lengths: 8...10, trunkPrefix: "0"), "64": Country(lengths: 8...10, trunkPrefix: "0"),
        "65": Country(lengths: 8...8, trunkPrefix: nil), "81": Country(lengths: 9...10, trunkPrefix: "0"),
        "82": Country(lengths: 8...10, trunkPrefix: "0"), "86": Country(lengths: 9...11, trunkPrefix: "0"),
        "90": Country(lengths: 10...10, trunkPrefix: "0"), "91": Country(lengths: 10...10, trunkPrefix: "0"),
        "234": Country(lengths: 8...10, trunkPrefix: "0"), "351": Country(lengths: 9...9, trunkPrefix: nil),
        "353": Country(lengths: 7...9, trunkPrefix: "0"), "358": Country(lengths: 5...12, trunkPrefix: "0"),
        "852": Country(lengths: 8...8, trunkPrefix: nil), "971": Country(lengths: 8...9, trunkPrefix: "0"),
        "972": Country(lengths: 8...9, trunkPrefix: "0"),
    ]

    /// Every assigned calling code: the table's, and the others valid with the generic length rule.
    static let callingCodes: Set<String> = {
        var codes = Set(known.keys)
        for c in ["40", "51", "53", "58", "60", "66", "84", "92", "93", "94", "95", "98"] { codes.insert(c) }
        let three: [ClosedRange<Int>] = [
            211...213, 216...216, 218...218, 220...233, 235...258, 260...269, 290...291,
            297...299, 350...350, 352...352, 354...357, 359...359, 370...383, 385...387,
            389...389, 420...421, 423...423, 500...509, 590...599, 670...670, 672...683,
            685...692, 800...800, 808...808, 850...850, 853...853, 855...856, 870...870,
            878...878, 880...883, 886...886, 888...888, 960...968, 970...970, 973...977,
            979...979, 992...996, 998...998,
        ]
        for range in three { for c in range { codes.insert(String(c)) } }
        return codes
    }()

    /// ISO 3166 alpha-2 region → calling code.
    package static let regions: [String: String] = {
        var map: [String: String] = [:]
        for r in [
            "US", "CA", "AG", "AI", "AS", "BB", "BM", "BS", "DM", "DO", "GD", "GU", "JM", "KN", "KY", "LC", "MP",
            "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI",
        ] { map[r] = "1" }
        let pairs: [(String, String)] = [
            ("RU", "7"), ("KZ", "7"), ("EG", "20"), ("ZA", "27"), ("GR", "30"), ("NL", "31"), ("BE", "32"), ("FR", "33"),
            ("ES", "34"), ("HU", "36"), ("IT", "39"), ("VA", "39"), ("RO", "40"), ("CH", "41"), ("AT", "43"), ("GB", "44"),
            ("GG", "44"), ("IM", "44"), ("JE", "44"), ("DK", "45"), ("SE", "46"), ("NO", "47"), ("SJ", "47"), ("PL", "48"),
            ("DE", "49"), ("PE", "51"), ("MX", "52"), ("CU", "53"), ("AR", "54"), ("BR", "55"), ("CL", "56"), ("CO", "57"),
            ("VE", "58"), ("MY", "60"), ("AU", "61"), ("ID", "62"), ("PH", "63"), ("NZ", "64"), ("SG", "65"), ("TH", "66"),
            ("JP", "81"), ("KR", "82"), ("VN", "84"), ("CN", "86"), ("TR", "90"), ("IN", "91"), ("PK", "92"), ("AF", "93"),
            ("LK", "94"), ("MM", "95"), ("IR", "98"), ("SS", "211"), ("MA", "212"), ("EH", "212"), ("DZ", "213"),
            ("TN", "216"), ("LY", "218"), ("GM", "220"), ("SN", "221"), ("MR", "222"), ("ML", "223"), ("GN", "224"),
            ("CI", "225"), ("BF", "226"), ("NE", "227"), ("TG", "228"), ("BJ", "229"), ("MU", "230"), ("LR", "231"),
            ("SL", "232"), ("GH", "233"), ("NG", "234"), ("TD", "235"), ("CF", "236"), ("CM", "237"), ("CV", "238"),
            ("ST", "239"), ("GQ", "240"), ("GA", "241"), ("CG", "242"), ("CD", "243"), ("AO", "244"), ("GW", "245"),
            ("IO", "246"), ("AC", "247"), ("SC", "248"), ("SD", "249"), ("RW", "250"), ("ET", "251"), ("SO", "252"),
            ("DJ", "253"), ("KE", "254"), ("TZ", "255"), ("UG", "256"), ("BI", "257"), ("MZ", "258"), ("ZM", "260"),
            ("MG", "261"), ("RE", "262"), ("YT", "262"), ("ZW", "263"), ("NA", "264"), ("MW", "265"), ("LS", "266"),
            ("BW", "267"), ("SZ", "268"), ("KM", "269"), ("SH", "290"), ("ER", "291"), ("AW", "297"), ("FO", "298"),
            ("GL", "299"), ("GI", "350"), ("PT", "351"), ("LU", "352"), ("IE", "353"), ("IS", "354"), ("AL", "355"),
            ("MT", "356"), ("CY", "357"), ("FI", "358"), ("AX", "358"), ("BG", "359"), ("LT", "370"), ("LV", "371"),
            ("EE", "372"), ("MD", "373"), ("AM", "374"), ("BY", "375"), ("AD", "376"), ("MC", "377"), ("SM", "378"),
            ("UA", "380"), ("RS", "381"), ("ME", "382"), ("XK", "383"), ("HR", "385"), ("SI", "386"), ("BA", "387"),
            ("MK", "389"), ("CZ", "420"), ("SK", "421"), ("LI", "423"), ("FK", "500"), ("BZ", "501"), ("GT", "502"),
            ("SV", "503"), ("HN", "504"), ("NI", "505"), ("CR", "506"), ("PA", "507"), ("PM", "508"), ("HT", "509"),
            ("GP", "590"), ("BL", "590"), ("MF", "590"), ("BO", "591"), ("GY", "592"), ("EC", "593"), ("GF", "594"),
            ("PY", "595"), ("MQ", "596"), ("SR", "597"), ("UY", "598"), ("CW", "599"), ("BQ", "599"), ("TL", "670"),
            ("NF", "672"), ("BN", "673"), ("NR", "674"), ("PG", "675"), ("TO", "676"), ("SB", "677"), ("VU", "678"),
            ("FJ", "679"), ("PW", "680"), ("WF", "681"), ("CK", "682"), ("NU", "683"), ("WS", "685"), ("KI", "686"),
            ("NC", "687"), ("TV", "688"), ("PF", "689"), ("TK", "690"), ("FM", "691"), ("MH", "692"), ("KP", "850"),
            ("HK", "852"), ("MO", "853"), ("KH", "855"), ("LA", "856"), ("BD", "880"), ("TW", "886"), ("MV", "960"),
            ("LB", "961"), ("JO", "962"), ("SY", "963"), ("IQ", "964"), ("KW", "965"), ("SA", "966"), ("YE", "967"),
            ("OM", "968"), ("PS", "970"), ("AE", "971"), ("IL", "972"), ("BH", "973"), ("QA", "974"), ("BT", "975"),
            ("MN", "976"), ("NP", "977"), ("TJ", "992"), ("TM", "993"), ("AZ", "994"), ("GE", "995"), ("KG", "996"),
            ("UZ", "998"),
        ]
        for (r, c) in pairs { map[r] = c }
        return map
    }()

    package enum Failure: String, Error {
        case invalidCountryCode = "invalid-country-code"
        case notANumber = "not-a-number"
        case tooShort = "too-short"
        case tooLong = "too-long"
        case invalidNumber = "invalid-number"
    }

    /// Splits `+`-less international digits into calling code and national number, validating §8.1.
    static func split(_ digits: String) throws(Failure) -> (code: String, national: String) {
        guard let code = (1...3).lazy.map({ String(digits.prefix($0)) }).first(where: { callingCodes.contains($0) }) else {
            throw .invalidCountryCode
        }
        let national = String(digits.dropFirst(code.count))
        let lengths = known[code]?.lengths ?? 4...max(4, min(12, 15 - code.count))
        if national.count < lengths.lowerBound { throw .tooShort }
        if national.count > lengths.upperBound || code.count + national.count > 15 { throw .tooLong }
        if code == "1" {
            let n = Array(national.utf8)
            if n[0] < UInt8(ascii: "2") || n[3] < UInt8(ascii: "2") { throw .invalidNumber }
        }
        return (code, national)
    }

    /// PARSE_PHONE's steps (functions.md §8.2): E.164 text, or the reason it is not a number.
    package static func parse(_ text: String, region: String?) throws(Failure) -> String {
        let scalars = Array(text.unicodeScalars)
        // 1. Drop an extension that follows at least one digit.
        var end = scalars.count
        let lowered = text.lowercased().unicodeScalars.map { $0 }
        var sawDigit = false
        var k = 0
        while k < scalars.count {
            if ("0"..."9").contains(scalars[k]) { sawDigit = true }
            if sawDigit {
                let rest = String(String.UnicodeScalarView(lowered[k...]))
                if rest.hasPrefix("ext") || rest.hasPrefix("x") || rest.hasPrefix("#") || rest.hasPrefix(";ext=") {
                    end = k
                    break
                }
            }
            k += 1
        }
        // 2. Keep digits and a leading +.
        var digits = ""
        var plus = false
        for c in scalars[..<end] {
            if ("0"..."9").contains(c) {
                digits.unicodeScalars.append(c)
            } else if c == "+" {
                if !digits.isEmpty || plus { throw .notANumber }
                plus = true
            } else if c.properties.isAlphabetic {
                throw .notANumber
            }
        }
        guard !digits.isEmpty else { throw .notANumber }
        // 3. The country code.
        if !plus {
            guard let region = region?.uppercased(), let code = regions[region] else { throw .invalidCountryCode }
            let internationalPrefix = code == "1" ? "011" : "00"
            if digits.hasPrefix(internationalPrefix) {
                digits = String(digits.dropFirst(internationalPrefix.count))
            } else {
                if let trunk = known[code]?.trunkPrefix, digits.hasPrefix(trunk),
                    code != "1" || digits.count == 11
                {
                    digits = String(digits.dropFirst(trunk.count))
                }
                digits = code + digits
            }
        }
        let (code, national) = try split(digits)
        return "+" + code + national
    }

    static func isValid(_ text: String) -> Bool {
        var digits = ""
        var plus = false
        for c in text.unicodeScalars {
            switch c {
            case "(", ")", "-", ".", " ": continue
            case "+" where digits.isEmpty && !plus: plus = true
            case "0"..."9": digits.unicodeScalars.append(c)
            default: return false
            }
        }
        guard plus, !digits.isEmpty else { return false }
        return (try? split(digits)) != nil
    }

    /// FORMAT_PHONE's formats (functions.md §8.3).
    static func format(code: String, national: String, style: String) -> String {
        let n = Array(national)
        switch style {
        case "E164":
            return "+" + code + national
        case "INTERNATIONAL":
            if code == "1" { return "+1 \(String(n[0..<3]))-\(String(n[3..<6]))-\(String(n[6...]))" }
            return "+\(code) " + groups(national).joined(separator: " ")
        case "NATIONAL":
            if code == "1" { return "(\(String(n[0..<3]))) \(String(n[3..<6]))-\(String(n[6...]))" }
            return (known[code]?.trunkPrefix ?? "") + groups(national).joined(separator: " ")
        default:  // RFC3966
            if code == "1" { return "tel:+1-\(String(n[0..<3]))-\(String(n[3..<6]))-\(String(n[6...]))" }
            return "tel:+\(code)-" + groups(national).joined(separator: "-")
        }
    }

    /// Generic grouping: the last four digits, the rest in threes from the left, a lone leading digit joined on.
    static func groups(_ national: String) -> [String] {
        let n = Array(national)
        if n.count <= 4 { return [national] }
        let head = Array(n[..<(n.count - 4)])
        var parts: [String] = []
        var i = 0
        while i < head.count {
            parts.append(String(head[i..<min(i + 3, head.count)]))
            i += 3
        }
        if parts.first?.count == 1 && parts.count > 1 {
            parts[1] = parts[0] + parts[1]
            parts.removeFirst()
        }
        return parts + [String(n[(n.count - 4)...])]
    }
}

extension FunctionLibrary {
    static let phone: [BuiltinFunction] = [
        BuiltinFunction(
            ["ISPHONE(value: Any) -> Boolean"], category: .typeTests,
            summary: "TRUE when the value is Text denoting a dialable E.164 number with its country code.",
            propagatesNull: false
        ) { a, _ in
            guard case .text(let s) = a[0] else { return .bool(false) }
            return .bool(PhoneNumbers.isValid(s))
        },
        BuiltinFunction(
            ["PARSE_PHONE(text: Text, region?: Text) -> Phone"], category: .phone,
            summary: "Normalises a phone number to E.164; `region` (ISO alpha-2) is used when it has no country code."
        ) {
            a, call throws(RuntimeError) in
            let text = try call.text(a, 0)
            let region = try call.optionalText(a, 1)
            if let region, PhoneNumbers.regions[region.uppercased()] == nil {
                throw call.failure("unknown region `\(region)`; use an ISO 3166 alpha-2 code such as US", argument: 1)
            }
            do throws(PhoneNumbers.Failure) {
                return .text(try PhoneNumbers.parse(text, region: region))
            } catch {
                throw call.failure("`PARSE_PHONE` could not parse \"\(text)\": \(error.rawValue)", code: "R0509", argument: 0)
            }
        },
        BuiltinFunction(
            ["FORMAT_PHONE(phone: Phone, format?: PhoneFormat = \"E164\") -> Text"], category: .phone,
            summary: "Formats an E.164 number as E164, INTERNATIONAL, NATIONAL or RFC3966."
        ) { a, call throws(RuntimeError) in
            let text = try call.text(a, 0)
            let style = (try call.optionalText(a, 1) ?? "E164").uppercased()
            guard ["E164", "INTERNATIONAL", "NATIONAL", "RFC3966"].contains(style) else {
                throw call.failure("unknown phone format `\(style)`; expected E164, INTERNATIONAL, NATIONAL or RFC3966", argument: 1)
            }
            let e164: String
            do throws(PhoneNumbers.Failure) {
                e164 = try PhoneNumbers.parse(text, region: nil)
            } catch {
                throw call.failure("`FORMAT_PHONE` could not parse \"\(text)\": \(error.rawValue)", code: "R0509", argument: 0)
            }
            let (code, national) = try! PhoneNumbers.split(String(e164.dropFirst()))
            return .text(PhoneNumbers.format(code: code, national: national, style: style))
        },
    ]
}
