import Airscript
import ArgumentParser

/// The guardrails of one evaluation (D40), settable from the command line. Exceeding one is E0210
/// (parsing) or R0511 (evaluation), and the message names the limit.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Longest expression accepted, in characters (default 100000).", valueName: "N"))
    var maxExpressionLength: Int?

    @Option(help: ArgumentHelp("Deepest nesting of brackets, holes and queries (default 256).", valueName: "N"))
    var maxNesting: Int?

    @Option(help: ArgumentHelp("Most syntax-tree nodes (default 100000).", valueName: "N"))
    var maxNodes: Int?

    @Option(help: ArgumentHelp("Work units one evaluation may take (default 50000000).", valueName: "N"))
    var maxSteps: Int?

    @Option(help: ArgumentHelp("Wall time one evaluation may take, in seconds (default 5).", valueName: "SECONDS"))
    var timeLimit: Double?

    @Option(help: ArgumentHelp("Longest text an evaluation may build, in bytes (default 67108864).", valueName: "N"))
    var maxTextBytes: Int?

    @Option(help: ArgumentHelp("Most elements in one list an evaluation may build (default 10000000).", valueName: "N"))
    var maxListSize: Int?

    @Option(help: ArgumentHelp("Deepest nesting of values built by user-defined functions (default 512).", valueName: "N"))
    var maxValueDepth: Int?

    func validate() throws {
        for (name, value) in [
            ("--max-expression-length", maxExpressionLength), ("--max-nesting", maxNesting), ("--max-nodes", maxNodes),
            ("--max-steps", maxSteps), ("--max-text-bytes", maxTextBytes), ("--max-list-size", maxListSize),
            ("--max-value-depth", maxValueDepth),
        ] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        if let timeLimit, !(timeLimit > 0) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    var parseLimits: ParseLimits {
        var limits = ParseLimits()
        if let maxExpressionLength { limits.maxSourceLength = maxExpressionLength }
        if let maxNesting { limits.maxDepth = maxNesting }
        if let maxNodes { limits.maxNodes = maxNodes }
        return limits
    }

    func apply(to limits: inout EvaluationLimits) {
        if let maxSteps { limits.maxSteps = maxSteps }
        if let timeLimit { limits.timeLimit = timeLimit }
        if let maxTextBytes { limits.maxTextBytes = maxTextBytes }
        if let maxListSize { limits.maxCollectionSize = maxListSize }
        if let maxValueDepth { limits.maxValueDepth = maxValueDepth }
    }
}
