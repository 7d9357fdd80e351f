/// "Did you mean" help: the known names nearest to a misspelt one.

/// Candidates within edit distance 2 of `name` (compared without case), closest first.
func nearestNames(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
    let target = name.lowercased()
    let targetLength = target.unicodeScalars.count
    let threshold = max(1, min(2, targetLength / 3))
    var scored: [(distance: Int, name: String)] = []
    for candidate in candidates {
        let lowered = candidate.lowercased()
        let distance = editDistance(target, lowered)
        if distance <= threshold || (targetLength >= 3 && lowered.unicodeScalars.starts(with: target.unicodeScalars)) {
            scored.append((distance, candidate))
        }
    }
    return scored.sorted { $0.distance < $1.distance || ($0.distance == $1.distance && $0.name < $1.name) }
        .prefix(limit).map(\.name)
}

/// Optimal-string-alignment distance between the Unicode scalars of `a` and `b`: insertions,
/// deletions, substitutions and adjacent swaps each cost one.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    // Three rolling rows: the swap rule looks two rows back.
    let width = b.count + 1
    var beforePrevious = [Int](repeating: 0, count: width)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: width)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = min(best, beforePrevious[j - 2] + 1)
            }
            current[j] = best
        }
        swap(&beforePrevious, &previous)
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// "did you mean `A` or `B`?" or nil.
func didYouMean(_ names: [String]) -> String? {
    guard !names.isEmpty else { return nil }
    let quoted = names.map { "`\($0)`" }
    if quoted.count == 1 { return "did you mean \(quoted[0])?" }
    return "did you mean " + quoted.dropLast().joined(separator: ", ") + " or " + quoted.last! + "?"
}
