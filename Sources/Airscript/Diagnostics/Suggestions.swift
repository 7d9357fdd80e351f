/// "Did you mean" help: the known names nearest to a misspelt one.

/// Candidates within edit distance 2 of `name` (compared without case), closest first.
package func nearestNames(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
    NameRanking(name, among: candidates).close.prefix(limit).map(\.name)
}

/// Candidate names scored once by their edit distance to a misspelt name, closest first.
struct NameRanking {
    let ranked: [(distance: Int, name: String, isExtension: Bool)]
    private let threshold: Int

    init(_ name: String, among candidates: [String]) {
        let target = Array(name.lowercased().unicodeScalars)
        var measure = EditDistance(target)
        threshold = max(1, min(2, target.count / 3))
        let scored = candidates.map { candidate in
            let lowered = Array(candidate.lowercased().unicodeScalars)
            return (
                distance: measure.distance(to: lowered), name: candidate,
                isExtension: target.count >= 3 && lowered.starts(with: target)
            )
        }
        ranked = scored.sorted { $0.distance < $1.distance || ($0.distance == $1.distance && $0.name < $1.name) }
    }

    /// The candidates close enough to suggest: within the distance threshold, or extending the name.
    var close: [(distance: Int, name: String, isExtension: Bool)] {
        ranked.filter { $0.distance <= threshold || $0.isExtension }
    }
}

/// Optimal-string-alignment distance between the Unicode scalars of `a` and `b`: insertions,
/// deletions, substitutions and adjacent swaps each cost one.
public func editDistance(_ a: String, _ b: String) -> Int {
    var measure = EditDistance(Array(a.unicodeScalars))
    return measure.distance(to: Array(b.unicodeScalars))
}

/// Distances from one name to many: the three rows are allocated once and reused.
struct EditDistance {
    let target: [Unicode.Scalar]
    private var buffers: ([Int], [Int], [Int]) = ([], [], [])

    init(_ target: [Unicode.Scalar]) { self.target = target }

    mutating func distance(to other: [Unicode.Scalar]) -> Int {
        let a = target, b = other
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Three rolling rows, taken out of `buffers` so each stays uniquely referenced: the swap
        // rule looks two rows back.
        var (twoBack, oneBack, current) = buffers
        buffers = ([], [], [])
        defer { buffers = (twoBack, oneBack, current) }
        twoBack.removeAll(keepingCapacity: true)
        twoBack.append(contentsOf: repeatElement(0, count: b.count + 1))
        oneBack.removeAll(keepingCapacity: true)
        oneBack.append(contentsOf: 0...b.count)
        current.removeAll(keepingCapacity: true)
        current.append(contentsOf: repeatElement(0, count: b.count + 1))
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(oneBack[j] + 1, current[j - 1] + 1, oneBack[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = min(best, twoBack[j - 2] + 1)
                }
                current[j] = best
            }
            swap(&twoBack, &oneBack)
            swap(&oneBack, &current)
        }
        return oneBack[b.count]
    }
}

/// "did you mean `A` or `B`?" or nil.
package func didYouMean(_ names: [String]) -> String? {
    guard !names.isEmpty else { return nil }
    let quoted = names.map { "`\($0)`" }
    if quoted.count == 1 { return "did you mean \(quoted[0])?" }
    return "did you mean " + quoted.dropLast().joined(separator: ", ") + " or " + quoted.last! + "?"
}
