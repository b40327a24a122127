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

/// The hot kernels (SGEMM, attention) are compiled once per vector unit, each set as its own module with its own
/// `-target-cpu` (Swift has no per-function target attributes), from the same sources (Sources/KernelSets/Shared,
/// symlinked into each set's folder) plus the set's generated micro-kernel; `Kernels` picks one at run time from
/// cpuid (`LOOM_ISA=avx512|avx2|generic` forces one the CPU has). Without a target CPU, Swift lowers
/// `SIMD16<Float>.addingProduct` to calls to `fmaf`, so the generic set and the baseline code multiply then add
/// (`LOOM_FMA` unset). One binary thus runs on any CPU of its architecture: fast where AVX-512 or AVX2 is present,
/// correct everywhere, and never executing an instruction the CPU lacks.
#if arch(x86_64)
let kernelSets: [(target: String, folder: String, cpu: String?)] = [
    ("vectorKernelsAVX512", "AVX512", "skylake-avx512"), ("vectorKernelsAVX2", "AVX2", "haswell"),
    ("vectorKernelsGeneric", "Generic", nil),
]
#else
let kernelSets: [(target: String, folder: String, cpu: String?)] = [("vectorKernelsGeneric", "Generic", nil)]
#endif
// Why the lower-case names: each module emits its own copy of the generic specializations and value-witness helpers
// it uses (weak, merged at link time), and the linker keeps the first copy it sees. SwiftPM links the targets'
// objects in name order (ASCII: upper case first, `loom` last of ours), so names that sort after every other
// target make the baseline copies win: code outside a set can then never run a helper compiled for AVX-512.

/// Everything else in Kernels and the engine's own loops are built for the architecture's baseline (SSE2 on
/// x86-64), so that the binary runs on any CPU. `LOOM_TARGET_CPU=<-target-cpu name>` builds them for one CPU instead
/// (a binary for that machine only; delete `.build` after changing it, since SwiftPM caches the evaluated
/// manifest). It does not change the kernel sets.
let baselineCPU: String? = {
    guard let chosen = ProcessInfo.processInfo.environment["LOOM_TARGET_CPU"], !chosen.isEmpty, chosen != "generic"
    else { return nil }
    return chosen
}()
let baselineFlags: [String] = baselineCPU.map { ["-target-cpu", $0] } ?? []
let baselineFMA: [SwiftSetting] = baselineCPU == nil ? [] : [.define("LOOM_FMA")]

let kernelSetTargets: [Target] = kernelSets.map { set in
    .target(name: set.target, dependencies: ["KernelsCore", "CKernelHints"], path: "Sources/KernelSets/\(set.folder)",
            swiftSettings: language + [.define("LOOM_SET_\(set.folder.uppercased())")]
                + (set.cpu == nil ? [] : [.define("LOOM_FMA")])
                + [.unsafeFlags(["-Ounchecked"] + (set.cpu.map { ["-target-cpu", $0] } ?? []))])
}

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
        // Parquet's zstd and brotli pages (see ParquetDecompressor for why these two are C libraries).
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CBrotli", path: "Sources/CBrotli", providers: [.apt(["libbrotli-dev"])]),

        // MARK: Support: the one JSON parser, atomic files, locked state (depends on nothing)
        .target(name: "Support", swiftSettings: swift6),

        // MARK: Kernels and engine
        .systemLibrary(name: "CKernelHints", path: "Sources/CKernelHints"),
        .target(name: "KernelsCore", dependencies: ["CKernelHints"], swiftSettings: language),
        .target(name: "Kernels", dependencies: ["KernelsCore", "CKernelHints"] + kernelSets.map { .target(name: $0.target) },
                swiftSettings: language + baselineFMA + [.unsafeFlags(["-Ounchecked"] + baselineFlags)]),
        // The engine's own loops (LoRA, attention glue, sampling) are built for the baseline too (see above).
        .target(name: "Engine", dependencies: ["Kernels", "Support"], swiftSettings: language + [.unsafeFlags(baselineFlags)]),

    ] + kernelSetTargets + [
        // MARK: Text and data
        .target(name: "Tokenizers", dependencies: ["Support"], swiftSettings: swift6),
        .target(name: "Datasets", dependencies: ["Support", "CZlib", "CZstd", "CBrotli"], swiftSettings: swift6),

        // MARK: Curation: FineWeb-style filters over datasets
        .target(name: "Curation", dependencies: ["Datasets", "Support"], swiftSettings: swift6),

        // MARK: Detector: machine-generated text, model-free and with language models
        .target(name: "Detector", dependencies: ["Engine", "Kernels", "Tokenizers", "Datasets", "Support", "CZlib"],
                exclude: ["Classifier/ModelFreeWeights.json"], swiftSettings: language),

        // MARK: Runs: configuration, the training loop, checkpoints, metrics and exports
        .target(name: "Runs", dependencies: ["Engine", "Kernels", "Tokenizers", "Datasets", "Detector", "Support"],
                swiftSettings: swift6),

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
        // Workbench sits above every library layer (DESIGN.md's TUI row): the Review section scores through Detector.
        .target(name: "Workbench", dependencies: ["TerminalCore", "Datasets", "Runs", "Support", "Detector"], swiftSettings: swift6),

        // MARK: The program
        .executableTarget(name: "loom", dependencies: [
            "Workbench", "TerminalCore", "TerminalCurses", "Datasets", "Tokenizers", "Engine", "Kernels", "Runs", "Support", "Synthesis",
            "Detector", "Curation", "Serving", "TeacherHTTP", "Taxonomy",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: language),

        // MARK: Tests
        .testTarget(name: "SupportTests", dependencies: ["Support"], swiftSettings: swift6),
        .testTarget(name: "TerminalCoreTests", dependencies: ["TerminalCore"], swiftSettings: swift6),
        // Fixtures/ holds the Parquet goldens, read by path (they are not bundled resources).
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"], exclude: ["Fixtures"], swiftSettings: swift6),
        .testTarget(name: "CurationTests", dependencies: ["Curation", "Datasets"], exclude: ["Fixtures"],
                    swiftSettings: swift6),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "Support"], resources: [.copy("Fixtures")],
                    swiftSettings: swift6),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"], swiftSettings: language),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Kernels"], resources: [.copy("Fixtures")],
                    swiftSettings: language),
        .testTarget(name: "RunsTests", dependencies: ["Runs", "Engine", "Tokenizers", "Datasets", "Support"],
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
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "TerminalCore", "Datasets", "Runs", "Detector"],
                    swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(name: "EndToEndTests", dependencies: ["loom"], swiftSettings: language),
    ]
)
