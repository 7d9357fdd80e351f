import Foundation

/// The folders of this repository that tests read: found from this file's path, so tests run from
/// any working directory.
public enum Repository {
    /// The repository's top folder.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// `Samples/`: mapping files, payloads, streams.
    public static let samples = root.appendingPathComponent("Samples")
    /// `Tests/Conformance/`: the case files.
    public static let conformance = root.appendingPathComponent("Tests/Conformance")
    /// `../shared/`, beside the repository: the specification and the shared cases.
    public static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
}
