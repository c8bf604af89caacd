// swift-tools-version:6.2
import PackageDescription

/// Applied to every target, as swift-log does: Swift 6 mode, the upcoming features we rely on, and
/// warnings as errors.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "pipe",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pipe", targets: ["pipe"]),
        .library(name: "PipeKit", targets: ["PipeKit"]),
        .library(name: "TextAnalysis", targets: ["TextAnalysis"]),
        .library(name: "BuiltinStages", targets: ["BuiltinStages"]),
        .library(name: "PipeCLI", targets: ["PipeCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .systemLibrary(name: "CMalloc"),
        .target(name: "PipeKit", dependencies: ["CLibYAML"], swiftSettings: swiftSettings),
        .target(name: "TextAnalysis", resources: [.copy("Resources")], swiftSettings: swiftSettings),
        .target(
            name: "BuiltinStages",
            dependencies: ["PipeKit", "TextAnalysis", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PipeCLI",
            dependencies: [
                "PipeKit", "BuiltinStages", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "pipe", dependencies: ["PipeCLI", "BuiltinStages"], swiftSettings: swiftSettings),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "PipeKitTests", dependencies: ["PipeKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TextAnalysisTests", dependencies: ["TextAnalysis"], resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "BuiltinStagesTests",
            dependencies: ["BuiltinStages", "PipeKit", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PipeCLITests",
            dependencies: ["PipeCLI", "pipe", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)
