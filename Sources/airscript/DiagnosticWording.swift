import Airscript

extension DiagnosticRenderer {
    /// The renderer of the command's messages: a diagnostic about a limit says which option
    /// raises it (the library names only the limit).
    static func forCommand(useColor: Bool) -> DiagnosticRenderer {
        DiagnosticRenderer(useColor: useColor, raisingLimit: LimitOptions.raisingLimit)
    }
}

extension LimitOptions {
    /// Each limit's option, worded as the note under a diagnostic that reports it exceeded.
    static let raisingLimit: [Limit: String] = Dictionary(
        uniqueKeysWithValues: Limit.allCases.compactMap { limit in
            option(for: limit).map { (limit, "raise the limit with \($0)") }
        })

    static func option(for limit: Limit) -> String? {
        switch limit {
        case .maxSourceLength: "--max-expression-length"
        case .maxDepth: "--max-nesting"
        case .maxNodes: "--max-nodes"
        case .timeLimit: "--time-limit"
        case .maxSteps: "--max-steps"
        case .maxCollectionSize: "--max-list-size"
        case .maxTextBytes: "--max-text-bytes"
        case .maxValueDepth: "--max-value-depth"
        case .maxCallDepth: nil  // fixed: recursion is also bounded by the stack
        }
    }
}
