// swift-tools-version:6.0
// Loom: a terminal workbench for fine-tuning small language models on the CPU.
// Targets follow the layers of DESIGN.md; data flows one way, and no library layer imports a terminal target.
import PackageDescription
import Foundation

/// Library layers are compiled in the Swift 5 language mode for now; every shared type is still `Sendable`-checked
/// where it crosses threads.
let language: [SwiftSetting] = [.swiftLanguageMode(.v5)]

/// Layers without hot loops that need an escape hatch are compiled in the Swift 6 language mode: full data-race
/// checking, and no `@unchecked Sendable` in them.
let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// Compiler flags that let the kernels use the build machine's vector unit. Without a target CPU, Swift lowers
/// `SIMD16<Float>.addingProduct` to calls to `fmaf` and the SGEMM micro-kernel runs about 100× slower;
/// `-Xcc -mavx512f` does not change Swift's own code generation, `-target-cpu` does. Swift has no per-function
/// target attributes for a runtime dispatch, so the choice is made here, at manifest time, from /proc/cpuinfo:
/// AVX-512 F/CD/BW/DQ/VL → `skylake-avx512`; else AVX2 + FMA + F16C → `haswell`; else the portable baseline.
/// The binary then needs a CPU at least that capable: build on (or for) the machine that runs it. Set
/// `LOOM_TARGET_CPU` to a `-target-cpu` name to choose yourself, or to `generic` for a binary that runs on any
/// x86-64 (slow kernels); delete `.build` after changing it, since SwiftPM caches the evaluated manifest.
let kernelCPUFlags: [String] = {
    if let chosen = ProcessInfo.processInfo.environment["LOOM_TARGET_CPU"], !chosen.isEmpty {
        return chosen == "generic" ? [] : ["-target-cpu", chosen]
    }
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
    let flags = Set(line.split(separator: " ").map(String.init))
    if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "fma"]) {
        return ["-target-cpu", "skylake-avx512"]
    }
    if flags.isSuperset(of: ["avx2", "fma", "f16c", "bmi2"]) { return ["-target-cpu", "haswell"] }
    return []
}()

let package = Package(
    name: "Loom",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "loom", targets: ["loom"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The HTTP stack of `loom serve` (Serving) and of the OpenAI-compatible teacher client (TeacherHTTP). Each
        // is named only by the target that needs it: together they add SwiftNIO, its TLS and HTTP/2 to a clean build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // YAML for InstructLab's qna.yaml files, in the Taxonomy target only.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW",
                       providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "CursesShim", dependencies: ["CNCursesW"], path: "Sources/CursesShim",
                linkerSettings: [.linkedLibrary("ncursesw")]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Support: the one JSON parser, atomic files, locked state (depends on nothing)
        .target(name: "Support", swiftSettings: swift6),

        // MARK: Kernels and engine
        .systemLibrary(name: "CKernelHints", path: "Sources/CKernelHints"),
        .target(name: "Kernels", dependencies: ["CKernelHints"], swiftSettings: language + [.unsafeFlags(["-Ounchecked"] + kernelCPUFlags)]),
        // The engine's own loops (LoRA, attention glue, sampling) are built for the same CPU as the kernels.
        .target(name: "Engine", dependencies: ["Kernels", "Support"], swiftSettings: language + [.unsafeFlags(kernelCPUFlags)]),

        // MARK: Text and data
        .target(name: "Tokenizers", dependencies: ["Support"], swiftSettings: swift6),
        .target(name: "Datasets", dependencies: ["Support", "CZlib"], swiftSettings: swift6),

        // MARK: Detector: machine-generated text, model-free and with language models
        .target(name: "Detector", dependencies: ["Engine", "Kernels", "Tokenizers", "Datasets", "Support", "CZlib"],
                exclude: ["Classifier/ModelFreeWeights.json"], swiftSettings: language),

        // MARK: Runs: configuration, the training loop, checkpoints, metrics and exports
        .target(name: "Runs", dependencies: ["Engine", "Kernels", "Tokenizers", "Datasets", "Support"], swiftSettings: swift6),

        // MARK: Synthesis: teachers and the RAFT builder
        .target(name: "Synthesis", dependencies: ["Engine", "Tokenizers", "Datasets"], swiftSettings: language),
        // A teacher behind any OpenAI-compatible endpoint, beside Synthesis so that only what talks HTTP builds NIO.
        .target(name: "TeacherHTTP", dependencies: [
            "Synthesis", "Tokenizers", "Support",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], swiftSettings: language),

        // MARK: Taxonomy: InstructLab qna.yaml files (read, validate, open as datasets)
        .target(name: "Taxonomy", dependencies: [
            "Datasets", "Support", .product(name: "Yams", package: "Yams"),
        ], swiftSettings: swift6),

        // MARK: Serving: the engine behind an OpenAI-compatible HTTP API (`loom serve`)
        .target(name: "Serving", dependencies: [
            "Engine", "Tokenizers", "Datasets", "Support",
            .product(name: "Hummingbird", package: "hummingbird"),
        ], swiftSettings: language),

        // MARK: Terminal layer: a pure core, a curses backend, and the workbench's views on top of the core
        .target(name: "TerminalCore", swiftSettings: swift6),
        .target(name: "TerminalCurses", dependencies: ["TerminalCore", "CursesShim"], swiftSettings: language),
        .target(name: "Workbench", dependencies: ["TerminalCore", "Datasets", "Runs", "Support"], swiftSettings: swift6),

        // MARK: The program
        .executableTarget(name: "loom", dependencies: [
            "Workbench", "TerminalCore", "TerminalCurses", "Datasets", "Tokenizers", "Engine", "Kernels", "Runs", "Support", "Synthesis",
            "Detector", "Serving", "TeacherHTTP", "Taxonomy",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: language),

        // MARK: Tests
        .testTarget(name: "SupportTests", dependencies: ["Support"], swiftSettings: swift6),
        .testTarget(name: "TerminalCoreTests", dependencies: ["TerminalCore"], swiftSettings: swift6),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"], swiftSettings: swift6),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "Support"], resources: [.copy("Fixtures")],
                    swiftSettings: swift6),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"], swiftSettings: language),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Kernels"], resources: [.copy("Fixtures")],
                    swiftSettings: language),
        .testTarget(name: "RunsTests", dependencies: ["Runs", "Engine", "Tokenizers", "Datasets"],
                    resources: [.copy("Fixtures")], swiftSettings: swift6),
        .testTarget(name: "DetectorTests", dependencies: ["Detector", "Engine", "Datasets"], resources: [.copy("Fixtures")],
                    swiftSettings: language),
        .testTarget(name: "SynthesisTests", dependencies: ["Synthesis", "Datasets", "Tokenizers"], swiftSettings: language),
        .testTarget(name: "ServingTests", dependencies: [
            "Serving", "TeacherHTTP", "Synthesis", "Engine", "Tokenizers", "Support",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ], swiftSettings: language),
        .testTarget(name: "TaxonomyTests", dependencies: ["Taxonomy", "Datasets"], swiftSettings: swift6),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "TerminalCore", "Datasets", "Runs"],
                    swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "EndToEndTests", dependencies: ["loom"], swiftSettings: language),
    ]
)
