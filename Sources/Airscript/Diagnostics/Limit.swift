/// A guardrail a diagnostic reports exceeded (E0210 while parsing, R0511 while evaluating), named
/// as its field in `ParseLimits` or `EvaluationLimits`. The library says which limit; a program
/// embedding it says how its user raises it (the `airscript` command names its option).
public enum Limit: String, Sendable, CaseIterable {
    case maxSourceLength, maxDepth, maxNodes
    case timeLimit, maxCallDepth, maxSteps, maxCollectionSize, maxTextBytes, maxValueDepth
}
