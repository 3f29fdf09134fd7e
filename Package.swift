// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Footprint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "footprint", targets: ["footprint"]),
        // The libFuzzer target over every reader of user text (make fuzz);
        // built normally it replays inputs given as arguments.
        .executable(name: "footprint-fuzz", targets: ["FootprintFuzz"]),
        .library(name: "FootprintModel", targets: ["FootprintModel"]),
        .library(name: "FootprintReport", targets: ["FootprintReport"]),
        .library(name: "GSL", targets: ["GSL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),
        .target(name: "GSL", dependencies: ["CGSL"]),
        // FootprintModel reads YAML through libyaml's event API, which the
        // Yams package vendors as its CYaml module.
        .target(
            name: "FootprintModel",
            dependencies: ["GSL", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "FootprintReport", dependencies: ["FootprintModel"]),
        .executableTarget(
            name: "footprint",
            dependencies: [
                "FootprintModel", "FootprintReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "FootprintFuzz", dependencies: ["FootprintModel"], path: "Fuzz/FootprintFuzz"),
        .testTarget(name: "GSLTests", dependencies: ["GSL"]),
        .testTarget(
            name: "FootprintModelTests",
            dependencies: ["FootprintModel", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "FootprintReportTests", dependencies: ["FootprintReport", "FootprintModel"], exclude: ["Golden"]),
        .testTarget(name: "FootprintCLITests", dependencies: ["FootprintModel"]),
    ],
    swiftLanguageModes: [.v6]
)
