/// The built-in function library: every family's declarations, looked up case-insensitively.
public enum FunctionLibrary {
    /// Every built-in, in the order of spec/functions.md.
    public static let all: [BuiltinFunction] = logic + typeTests + numbers + numberFormatting + text + collections + encoding + phone
        + dates + dateFormatting + currency + assets

    private static let byUppercasedName: [String: BuiltinFunction] =
        Dictionary(all.map { ($0.name.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })

    /// The built-in called `name` (any case).
    public static func function(named name: String) -> BuiltinFunction? {
        byUppercasedName[name.uppercased()]
    }

    /// Names Airkit renamed, for E0302's hint.
    static let renames: [String: String] = ["FACT_FLOAT": "FACTDOUBLE"]

    /// The nearest known names to an unknown one (edit distance ≤ 2, prefix matches), best first.
    public static func suggestions(for name: String) -> [String] {
        let upper = name.uppercased()
        if let renamed = renames[upper] { return [renamed] }
        return nearestNames(to: upper, among: all.map(\.name))
    }

    /// The help line for an unknown function: close matches, else the nearest names by edit distance.
    static func unknownFunctionHelp(for name: String) -> String {
        if let renamed = renames[name.uppercased()] { return "renamed to \(renamed)" }
        if let close = didYouMean(suggestions(for: name)) { return close }
        let upper = name.uppercased()
        // Score each name once: a comparator that measured distances would do it n log n times.
        let scored: [(distance: Int, name: String)] = all.map { (editDistance(upper, $0.name), $0.name) }
        let ranked = scored.sorted { $0.distance < $1.distance || ($0.distance == $1.distance && $0.name < $1.name) }
        let nearest = ranked.prefix(3).map(\.name)
        return "the nearest known functions are " + nearest.map { "`\($0)`" }.joined(separator: ", ")
            + "; `airscript repl` and `:help` list them all"
    }
}
