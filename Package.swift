// swift-tools-version:6.0
// Loom: a terminal workbench for fine-tuning small language models on the CPU.
// Targets follow the layers of DESIGN.md; data flows one way, and no library layer imports a terminal target.
import PackageDescription

/// Library layers are compiled in the Swift 5 language mode for now; every shared type is still `Sendable`-checked
/// where it crosses threads.
let language: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "Loom",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "loom", targets: ["loom"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW", pkgConfig: "ncursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "CursesShim", dependencies: ["CNCursesW"], path: "Sources/CursesShim"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Kernels and engine
        .target(name: "Kernels", swiftSettings: language + [.unsafeFlags(["-Ounchecked"])]),
        .target(name: "Engine", dependencies: ["Kernels"], swiftSettings: language),

        // MARK: Text and data
        .target(name: "Tokenizers", swiftSettings: language),
        .target(name: "Datasets", dependencies: ["CZlib"], swiftSettings: language),

        // MARK: Terminal layer: a pure core, a curses backend, and the workbench's views on top of the core
        .target(name: "TerminalCore", swiftSettings: language),
        .target(name: "TerminalCurses", dependencies: ["TerminalCore", "CursesShim"], swiftSettings: language),
        .target(name: "Workbench", dependencies: ["TerminalCore", "Datasets"], swiftSettings: language),

        // MARK: The program
        .executableTarget(name: "loom", dependencies: [
            "Workbench", "TerminalCore", "TerminalCurses", "Datasets", "Tokenizers", "Engine", "Kernels",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: language),

        // MARK: Tests
        .testTarget(name: "TerminalCoreTests", dependencies: ["TerminalCore"], swiftSettings: language),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"], swiftSettings: language),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers"], resources: [.copy("Fixtures")],
                    swiftSettings: language),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"], swiftSettings: language),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Kernels"], resources: [.copy("Fixtures")],
                    swiftSettings: language),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "TerminalCore", "Datasets"],
                    swiftSettings: language),
        .testTarget(name: "EndToEndTests", dependencies: ["loom"], swiftSettings: language),
    ]
)
