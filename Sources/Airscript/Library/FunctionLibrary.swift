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
        let target = Array(name.uppercased().unicodeScalars)
        let nearest = all.map(\.name).sorted {
            let a = editDistance(target, Array($0.unicodeScalars)), b = editDistance(target, Array($1.unicodeScalars))
            return a < b || (a == b && $0 < $1)
        }.prefix(3)
        return "the nearest known functions are " + nearest.map { "`\($0)`" }.joined(separator: ", ")
            + "; `airscript repl` and `:help` list them all"
    }
}

/// Candidates within edit distance 2 of `name` (compared without case), closest first.
func nearestNames(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
    let target = Array(name.lowercased().unicodeScalars)
    var scored: [(Int, String)] = []
    for candidate in candidates {
        let c = Array(candidate.lowercased().unicodeScalars)
        let d = editDistance(target, c)
        let threshold = max(1, min(2, target.count / 3))
        if d <= threshold || (target.count >= 3 && c.starts(with: target)) {
            scored.append((d, candidate))
        }
    }
    return scored.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.prefix(limit).map(\.1)
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.
func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}

/// "did you mean `A` or `B`?" or nil.
func didYouMean(_ names: [String]) -> String? {
    guard !names.isEmpty else { return nil }
    let quoted = names.map { "`\($0)`" }
    if quoted.count == 1 { return "did you mean \(quoted[0])?" }
    return "did you mean " + quoted.dropLast().joined(separator: ", ") + " or " + quoted.last! + "?"
}
