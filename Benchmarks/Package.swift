// swift-tools-version: 6.0
// Benchmarks for airscript: an executable that prints a table (README.md here). Run with
// `Benchmarks/run`, which builds in release mode and also times `airscript map` against jq and gojq.
import PackageDescription

let package = Package(
    name: "airscript-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "airscript", path: "..")],
    targets: [
        // Counts calls to malloc/calloc/realloc (glibc), to report allocations per evaluation.
        .target(name: "MallocCounter"),
        .executableTarget(
            name: "airscript-bench",
            dependencies: ["MallocCounter", .product(name: "Airscript", package: "airscript")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
