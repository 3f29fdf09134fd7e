// swift-tools-version: 6.0
import PackageDescription

// The explorer (`footprint serve`, docs/explorer.md): a local web page and
// JSON API over the Footprint package one folder up. A package of its own so
// that the core loop (`make report`, `make test`) never builds its HTTP
// server; `make explore` builds it and `make explore-test` tests it.
let package = Package(
    name: "FootprintExplorer",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "footprint-explorer", targets: ["footprint-explorer"]),
    ],
    dependencies: [
        .package(name: "Footprint", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "FootprintExplorer",
            dependencies: [
                .product(name: "FootprintCommands", package: "Footprint"),
                .product(name: "FootprintModel", package: "Footprint"),
                .product(name: "FootprintLoading", package: "Footprint"),
                .product(name: "FootprintReport", package: "Footprint"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "footprint-explorer",
            dependencies: [
                "FootprintExplorer",
                .product(name: "FootprintCommands", package: "Footprint"),
                .product(name: "FootprintLoading", package: "Footprint"),
                .product(name: "FootprintModel", package: "Footprint"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "FootprintExplorerTests",
            dependencies: [
                "FootprintExplorer",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
