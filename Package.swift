// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "airscript",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Airscript", targets: ["Airscript"]),
        .library(name: "AirscriptMapping", targets: ["AirscriptMapping"]),
        .library(name: "AirscriptSQLite", targets: ["AirscriptSQLite"]),
        .library(name: "AirscriptPostgres", targets: ["AirscriptPostgres"]),
        .library(name: "AirscriptServe", targets: ["AirscriptServe"]),
        .executable(name: "airscript", targets: ["airscript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.3"),
    ],
    targets: [
        // The expression language, embeddable on its own: source → tokens → syntax tree → checked
        // tree → compiled program → values, and the function library.
        .target(
            name: "Airscript",
            dependencies: [
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Journey mappings on the language: mapping files (YAML), slots and their roots, record
        // processing against a journey store, batch runs over NDJSON.
        .target(
            name: "AirscriptMapping",
            dependencies: [
                "Airscript",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The journey store in a SQLite file (store.md §2), through GRDB (apt: libsqlite3-dev).
        .target(
            name: "AirscriptSQLite",
            dependencies: ["Airscript", "AirscriptMapping", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The journey store in PostgreSQL (store.md §2), shared by several processes, through postgres-nio.
        .target(
            name: "AirscriptPostgres",
            dependencies: [
                "Airscript", "AirscriptMapping",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `airscript serve`'s parts that need no HTTP server: webhook signatures (serve.md §4.2),
        // form bodies. The server itself (Hummingbird) comes on top.
        .target(
            name: "AirscriptServe",
            dependencies: ["Airscript", "AirscriptMapping", .product(name: "Crypto", package: "swift-crypto")]
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
                "AirscriptMapping",
                "AirscriptSQLite",
                "AirscriptPostgres",
                "AirscriptServe",
                "CEditLine",
                .target(name: "CJemalloc", condition: .when(platforms: [.linux])),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Tests mirror the targets; what several of them read (the repository's folders, the case
        // files) is a target of its own.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "AirscriptTests", dependencies: ["Airscript", "TestSupport"]),
        .testTarget(name: "AirscriptMappingTests", dependencies: ["AirscriptMapping", "TestSupport"]),
        .testTarget(name: "ServeTests", dependencies: ["AirscriptServe"]),
        // One behaviour suite, run against every store backend.
        .testTarget(name: "StoreTests", dependencies: [
                "AirscriptMapping", "AirscriptSQLite", "AirscriptPostgres", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // The command through its real binary (built first: `swift build` before `swift test`).
        .testTarget(name: "CommandTests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
