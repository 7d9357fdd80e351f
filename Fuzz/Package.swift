// swift-tools-version: 6.0
// libFuzzer targets for the hostile-input paths (see README.md here). Built on its own, with
// `swift build -c release -Xswiftc -sanitize=fuzzer,address`, so the main package and its tests
// never pay for instrumentation.
import PackageDescription

let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "airscript-fuzz",
    dependencies: [.package(name: "airscript", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "Airscript", package: "airscript")]),
        .executableTarget(name: "fuzz-parser", dependencies: ["FuzzSupport"], swiftSettings: fuzzTarget),
        .executableTarget(name: "fuzz-checker", dependencies: ["FuzzSupport"], swiftSettings: fuzzTarget),
        .executableTarget(name: "fuzz-evaluator", dependencies: ["FuzzSupport"], swiftSettings: fuzzTarget),
        .executableTarget(name: "fuzz-json", dependencies: ["FuzzSupport"], swiftSettings: fuzzTarget),
        .executableTarget(
            name: "fuzz-mapping",
            dependencies: ["FuzzSupport", .product(name: "AirscriptMapping", package: "airscript")],
            swiftSettings: fuzzTarget
        ),
        .executableTarget(
            name: "fuzz-envelope",
            dependencies: ["FuzzSupport", .product(name: "AirscriptServe", package: "airscript")],
            swiftSettings: fuzzTarget
        ),
        .executableTarget(
            name: "fuzz-soap",
            dependencies: ["FuzzSupport", .product(name: "AirscriptServe", package: "airscript")],
            swiftSettings: fuzzTarget
        ),
        .executableTarget(
            name: "fuzz-signatures",
            dependencies: ["FuzzSupport", .product(name: "AirscriptServe", package: "airscript")],
            swiftSettings: fuzzTarget
        ),
    ]
)
