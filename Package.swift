// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "airscript",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Airscript", targets: ["Airscript"]),
        .executable(name: "airscript", targets: ["airscript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // The embeddable core: source → tokens → syntax tree → compiled program → values.
        .target(
            name: "Airscript",
            dependencies: [
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // libedit, for the REPL's line editing (apt: libedit-dev).
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // jemalloc, the command's allocator on Linux (apt: libjemalloc-dev): measured faster than
        // glibc's malloc for `map`, above all on several threads (Benchmarks/README.md).
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        .executableTarget(
            name: "airscript",
            dependencies: [
                "Airscript",
                "CEditLine",
                .target(name: "CJemalloc", condition: .when(platforms: [.linux])),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "AirscriptTests",
            dependencies: ["Airscript"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
