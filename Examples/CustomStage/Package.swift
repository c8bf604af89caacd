// swift-tools-version:6.2
import PackageDescription

// A package of custom stages, as a user would write it: it depends on pipe (here by path; a user's
// package names pipe's repository URL instead) and builds `my-pipe`, the whole pipe command line
// with two more stages.
let package = Package(
    name: "custom-stage",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "my-pipe", targets: ["my-pipe"]),
        .library(name: "CustomStages", targets: ["CustomStages"]),
    ],
    dependencies: [
        .package(name: "pipe", path: "../..")
    ],
    targets: [
        .target(name: "CustomStages", dependencies: [.product(name: "PipeKit", package: "pipe")]),
        .executableTarget(
            name: "my-pipe",
            dependencies: [
                "CustomStages",
                .product(name: "PipeKit", package: "pipe"),
                .product(name: "BuiltinStages", package: "pipe"),
                .product(name: "PipeCLI", package: "pipe"),
            ]),
        .testTarget(
            name: "CustomStagesTests", dependencies: ["CustomStages", .product(name: "PipeKit", package: "pipe")]),
    ]
)
