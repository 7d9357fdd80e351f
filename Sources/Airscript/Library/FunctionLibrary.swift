/// The built-in function library: every family's declarations, looked up case-insensitively.
package enum FunctionLibrary {
    /// Every built-in, in the order of spec/functions.md.
    public static let all: [BuiltinFunction] =
        logic + typeTests + numbers + numberFormatting + text + collections + encoding + phone
        + dates + dateFormatting + currency + assets

    private static let byUppercasedName: [String: BuiltinFunction] =
        Dictionary(all.map { ($0.name.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })

    /// The built-in called `name` (any case).
    public static func function(named name: String) -> BuiltinFunction? {
        // Names are usually written in capitals already: look those up without building a copy.
        let isUppercaseASCII =
            name.utf8.withContiguousStorageIfAvailable {
                $0.allSatisfy { $0 < 0x61 || ($0 > 0x7A && $0 < 0x80) }
            } ?? false
        return byUppercasedName[isUppercaseASCII ? name : name.uppercased()]
    }

    /// Names Airkit renamed, for E0302's hint.
    static let renames: [String: String] = ["FACT_FLOAT": "FACTDOUBLE"]

    /// The nearest known names to an unknown one (edit distance ≤ 2, prefix matches), best first.
    public static func suggestions(for name: String) -> [String] {
        let upper = name.uppercased()
        if let renamed = renames[upper] { return [renamed] }
        return NameRanking(upper, among: names).close.prefix(3).map(\.name)
    }

    /// The help line for an unknown function: close matches, else the nearest names by edit distance.
    static func unknownFunctionHelp(for name: String) -> String {
        if let renamed = renames[name.uppercased()] { return "renamed to \(renamed)" }
        // One ranking serves both answers: the names are scored once.
        let ranking = NameRanking(name.uppercased(), among: names)
        if let close = didYouMean(ranking.close.prefix(3).map(\.name)) { return close }
        return "the nearest known functions are " + ranking.ranked.prefix(3).map { "`\($0.name)`" }.joined(separator: ", ")
    }

    static let names = all.map(\.name)
}
