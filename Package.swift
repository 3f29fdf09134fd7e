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
        .library(name: "FootprintLoading", targets: ["FootprintLoading"]),
        .library(name: "FootprintReport", targets: ["FootprintReport"]),
        .library(name: "FootprintCommands", targets: ["FootprintCommands"]),
        .library(name: "GSL", targets: ["GSL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),
        // libyaml's event parser, as the system installs it (`make deps`).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(name: "GSL", dependencies: ["CGSL"]),
        // The validated scenario and what evaluates it. Reads no files and
        // no YAML or CSV; the only text it parses is its own values' short
        // forms (dates, I/N shards, key:year selectors: Support/ShortForms.swift).
        .target(name: "FootprintModel", dependencies: ["GSL"]),
        // The only module that parses text: YAML models and catalogs, --set
        // values, hourly CSV profiles. GSL checks distributions' tails.
        .target(name: "FootprintLoading", dependencies: ["FootprintModel", "GSL", "CYAML"]),
        .target(name: "FootprintReport", dependencies: ["FootprintModel"]),
        // What the commands compute, apart from their command line: loading
        // with the commands' messages, resource checks, and the jobs (run,
        // sensitivity, sweep, report) whose output the command line prints
        // and the explorer (Explorer/, a package of its own) serves.
        .target(name: "FootprintCommands", dependencies: ["FootprintModel", "FootprintLoading", "FootprintReport"]),
        .executableTarget(
            name: "footprint",
            dependencies: [
                "FootprintCommands", "FootprintModel", "FootprintLoading", "FootprintReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A developer tool (make bench): times the footprint binary's
        // standard workloads as whole processes.
        .executableTarget(
            name: "footprint-bench",
            dependencies: [
                "FootprintModel", "FootprintLoading",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "FootprintFuzz", dependencies: ["FootprintModel", "FootprintLoading", "FootprintReport"], path: "Fuzz/FootprintFuzz"),
        // What the test targets share: the package root, scratch files,
        // scenarios from YAML text, and the one launcher of child processes
        // (the `footprint` binary that FOOTPRINT_BIN names, see docs/cli.md).
        .target(name: "FootprintTestSupport", dependencies: ["FootprintModel", "FootprintLoading"], path: "Tests/FootprintTestSupport"),
        .testTarget(name: "GSLTests", dependencies: ["GSL"]),
        .testTarget(
            name: "FootprintModelTests",
            dependencies: ["FootprintModel", "FootprintLoading", "FootprintTestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "FootprintLoadingTests",
            dependencies: ["FootprintLoading", "FootprintModel", "FootprintTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "FootprintReportTests", dependencies: ["FootprintReport", "FootprintModel", "FootprintLoading", "FootprintTestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "FootprintCLITests", dependencies: ["FootprintModel", "FootprintTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
