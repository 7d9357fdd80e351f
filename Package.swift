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
        .library(name: "AirscriptServer", targets: ["AirscriptServer"]),
        .library(name: "AirscriptLanguageServer", targets: ["AirscriptLanguageServer"]),
        .executable(name: "airscript", targets: ["airscript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
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
            dependencies: [
                "Airscript", "AirscriptMapping", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
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
        // What `airscript serve` does with a delivery, whatever carries it: routes, the payload
        // envelope, webhook signatures (serve.md §4.2), delivery keys and claims, the answer.
        .target(
            name: "AirscriptServe",
            dependencies: ["Airscript", "AirscriptMapping", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The HTTP server on top (Hummingbird 2): bearer tokens (jwt-kit), limits, metrics,
        // health, reload and graceful shutdown (serve.md §7), the delivery inspector's pages
        // (swift-mustache, store.md §5).
        .target(
            name: "AirscriptServer",
            dependencies: [
                "Airscript", "AirscriptMapping", "AirscriptServe",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // `airscript lsp` (lsp.md): the checker's knowledge for editors, over the Language Server
        // Protocol; JSON-RPC framing of its own, JSON through the library's reader and writer.
        .target(
            name: "AirscriptLanguageServer",
            dependencies: ["Airscript", "AirscriptMapping"]
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
                "AirscriptServer",
                "AirscriptLanguageServer",
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
        .testTarget(name: "LanguageServerTests", dependencies: ["AirscriptLanguageServer", "Airscript", "TestSupport"]),
        // The server's router in memory, through Hummingbird's testing module.
        .testTarget(name: "ServerTests", dependencies: [
                "AirscriptServer", "AirscriptServe", "AirscriptMapping", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
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
