import ArgumentParser
import Engine
import Foundation
import Kernels

/// `loom bench gemm`: Loom's SGEMM in GFLOP/s on square sizes and on the skinny products of LoRA, on one thread and
/// on all of them, printed beside numpy's `matmul` (OpenBLAS) measured in the same run with the same thread counts.
struct BenchGemmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "Measure SGEMM GFLOP/s beside numpy/OpenBLAS.",
        discussion: """
            Every shape is C[M×N] = op(A)·op(B) with op(A) M×K and op(B) K×N, row-major, beta = 0, timed as the best \
            of as many runs as fit in --seconds. A shape is MxNxK, or TN:MxNxK (A stored K×M and used transposed; \
            also NT: and TT:). numpy runs in a python3 child (Scripts/kernels/bench_numpy_gemm.py) with \
            OPENBLAS_NUM_THREADS set to the same thread count and OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE removed from \
            its environment, so OpenBLAS picks its own kernel for this CPU. With --rounds N, numpy and Loom take \
            turns N times and each cell keeps its best figure: on a shared machine a neighbour's burst then slows \
            one round of one side, not the comparison.
            """
    )

    @Option(name: .long, help: "Seconds spent on each shape and thread count.")
    var seconds: Double = 1.0

    @Option(name: .long, help: "Threads for the all-thread columns (default: every available core).")
    var threads: Int?

    @Option(name: .long, help: """
        Comma-separated MxNxK shapes, each optionally prefixed by TN:, NT: or TT: for transposed operands \
        (default: squares 256-2048 and the LoRA rank-8 shapes).
        """)
    var shapes: String?

    @Option(name: .long, help: "Rounds of numpy then Loom; each cell keeps its best round.")
    var rounds = 1

    @Option(name: .long, help: "Kernel set for Loom (avx512, avx2, generic); OpenBLAS is pinned to the same class (Haswell for avx2).")
    var isa: String?

    @Flag(name: .long, help: "Do not run the numpy anchor.")
    var noNumpy = false

    @Flag(name: .long, help: """
        Operands out of cache, as in a training step: each run uses the next of several copies of A, B and C \
        that together exceed 512 MiB (both sides).
        """)
    var cold = false

    struct Shape: Hashable {
        let m: Int, n: Int, k: Int
        var transA = Transpose.none, transB = Transpose.none
        /// `MxNxK`, prefixed by the transposes (`TN:`) unless both operands are used as stored.
        var label: String {
            let size = "\(m)x\(n)x\(k)"
            if transA == .none && transB == .none { return size }
            return (transA == .none ? "N" : "T") + (transB == .none ? "N" : "T") + ":" + size
        }

        /// Parses `MxNxK` or `TN:MxNxK` (`NN`, `NT`, `TN`, `TT`); nil when the text is neither.
        init?(label text: Substring) {
            var size = text
            if let colon = text.firstIndex(of: ":") {
                let flags = Array(text[..<colon].uppercased())
                guard flags.count == 2, flags.allSatisfy({ $0 == "N" || $0 == "T" }) else { return nil }
                transA = flags[0] == "T" ? .transposed : .none
                transB = flags[1] == "T" ? .transposed : .none
                size = text[text.index(after: colon)...]
            }
            let parts = size.split(separator: "x").compactMap { Int($0) }
            guard parts.count == 3, parts.allSatisfy({ $0 > 0 }) else { return nil }
            (m, n, k) = (parts[0], parts[1], parts[2])
        }

        init(m: Int, n: Int, k: Int, transA: Transpose = .none, transB: Transpose = .none) {
            (self.m, self.n, self.k, self.transA, self.transB) = (m, n, k, transA, transB)
        }
    }

    static let defaultShapes: [(Shape, String)] = [
        (Shape(m: 256, n: 256, k: 256), ""),
        (Shape(m: 512, n: 512, k: 512), ""),
        (Shape(m: 1024, n: 1024, k: 1024), ""),
        (Shape(m: 2048, n: 2048, k: 2048), ""),
        (Shape(m: 1024, n: 8, k: 576), "LoRA A: [tokens x 576]·[576 x 8]"),
        (Shape(m: 1024, n: 576, k: 8), "LoRA B: [tokens x 8]·[8 x 576]"),
        (Shape(m: 8, n: 576, k: 1024, transA: .transposed), "LoRA dA = dhᵀ·x"),
        (Shape(m: 1536, n: 8, k: 1024, transA: .transposed), "LoRA dB = dyᵀ·h, MLP"),
        (Shape(m: 1024, n: 1536, k: 576), "SmolLM2 MLP up, 1024 tokens"),
    ]

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        try BenchISA.validate(isa)
        _ = try parsedShapes()
    }

    func parsedShapes() throws -> [(Shape, String)] {
        guard let shapes else { return Self.defaultShapes }
        return try shapes.split(separator: ",").map { text in
            guard let shape = Shape(label: text) else {
                throw ValidationError(
                    "--shapes: '\(text)' is not MxNxK with positive sizes, e.g. 1024x1024x1024 or TN:8x576x1024")
            }
            return (shape, "")
        }
    }

    func run() throws {
        BenchISA.apply(isa)
        let list = try parsedShapes()
        let pool = ThreadPool.shared
        let allThreads = min(threads ?? pool.threadCount, pool.threadCount)
        let threadCounts = allThreads > 1 ? [1, allThreads] : [1]

        var numpy: [Int: [Shape: Double]] = [:]
        var loom: [Int: [Shape: Double]] = [:]
        var numpyKernel: String?
        var numpyNote: String? = noNumpy ? "skipped (--no-numpy)" : nil
        let anchor: NumpyAnchor?
        switch noNumpy ? nil : NumpyAnchor.locate() {
        case .success(let located): anchor = located
        case .failure(let problem): anchor = nil; numpyNote = problem.reason
        case nil: anchor = nil
        }
        for _ in 0..<max(1, rounds) {
            for t in threadCounts {
                if let anchor {
                    switch anchor.measure(shapes: list.map(\.0), threads: t, seconds: seconds, cold: cold,
                                         coreType: BenchISA.openBLASCoreType(isa)) {
                    case .success(let result):
                        numpy[t, default: [:]].merge(result.gflops) { max($0, $1) }
                        numpyKernel = result.kernel
                    case .failure(let problem):
                        numpyNote = problem.reason
                    }
                }
                let saved = pool.parallelism
                pool.parallelism = t
                for (shape, _) in list {
                    loom[t, default: [:]][shape] = max(loom[t]?[shape] ?? 0, Self.measure(shape, seconds: seconds, cold: cold))
                }
                pool.parallelism = saved
            }
        }

        print("SGEMM, GFLOP/s (best of \(String(format: "%.1f", seconds)) s per cell"
              + (rounds > 1 ? " and of \(rounds) alternating rounds" : "") + "); C = op(A)·op(B), row-major, fp32"
              + (cold ? "; operands out of cache (--cold)" : ""))
        print(KernelDispatch.summary)
        print("anchor: numpy matmul" + (numpyKernel.map { " (\($0))" } ?? "") + (numpyNote.map { " — \($0)" } ?? ""))
        var header = "shape".padding(toLength: 18, withPad: " ", startingAt: 0)
        for t in threadCounts {
            header += "  " + Self.right("loom \(t)T", 9) + " " + Self.right("numpy \(t)T", 9) + " " + Self.right("ratio", 6)
        }
        print(header)
        for (shape, note) in list {
            var line = shape.label.padding(toLength: 18, withPad: " ", startingAt: 0)
            for t in threadCounts {
                let ours = loom[t]?[shape] ?? 0
                if let theirs = numpy[t]?[shape] {
                    line += String(format: "  %9.1f %9.1f %5.2fx", ours, theirs, ours / theirs)
                } else {
                    line += String(format: "  %9.1f ", ours) + Self.right("-", 9) + " " + Self.right("-", 6)
                }
            }
            if !note.isEmpty { line += "  " + note }
            print(line)
        }
    }

    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// Bytes that the copies of the operands exceed with `--cold`, so that none is still cached when it comes round.
    static let coldBytes = 512 << 20

    /// Best GFLOP/s of `sgemm` on one shape over a time budget (at least three runs, after one warm-up).
    static func measure(_ s: Shape, seconds: Double, cold: Bool) -> Double {
        var generator = SeededGenerator(seed: 7)
        let setBytes = 4 * (s.m * s.k + s.k * s.n + s.m * s.n)
        let copies = cold ? max(2, Self.coldBytes / setBytes + 1) : 1
        let operands = (0..<copies).map { _ in
            (a: (0..<(s.m * s.k)).map { _ in Float.random(in: -1...1, using: &generator) },
             b: (0..<(s.k * s.n)).map { _ in Float.random(in: -1...1, using: &generator) },
             c: UnsafeMutablePointer<Float>.allocate(capacity: s.m * s.n))
        }
        defer { for set in operands { set.c.deallocate() } }
        for set in operands { set.c.initialize(repeating: 0, count: s.m * s.n) }
        let flops = 2.0 * Double(s.m) * Double(s.n) * Double(s.k)
        var next = 0
        func run() {
            let set = operands[next]
            next = (next + 1) % copies
            set.a.withUnsafeBufferPointer { ap in
                set.b.withUnsafeBufferPointer { bp in
                    sgemm(s.transA, s.transB, m: s.m, n: s.n, k: s.k, alpha: 1,
                          a: ap.baseAddress!, lda: s.transA == .none ? s.k : s.m,
                          b: bp.baseAddress!, ldb: s.transB == .none ? s.n : s.k, beta: 0, c: set.c, ldc: s.n)
                }
            }
        }
        run()
        var best = Double.infinity
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        var runs = 0
        while runs < 3 || DispatchTime.now().uptimeNanoseconds < deadline {
            let start = DispatchTime.now().uptimeNanoseconds
            run()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            runs += 1
        }
        return flops / best / 1e9
    }
}

/// The numpy side of `loom bench gemm`: a python3 child running Scripts/kernels/bench_numpy_gemm.py.
struct NumpyAnchor {
    let script: String

    /// Why the anchor could not run, said so the user can fix it.
    struct Unavailable: Error {
        let reason: String
    }

    struct Result {
        var kernel: String?
        var gflops: [BenchGemmCommand.Shape: Double] = [:]
    }

    static func locate() -> Swift.Result<NumpyAnchor, Unavailable> {
        guard let scripts = BundledFolders.find("Scripts") else {
            return .failure(Unavailable(reason: "Scripts/ folder not found; run from the checkout or set LOOM_HOME"))
        }
        let script = (scripts as NSString).appendingPathComponent("kernels/bench_numpy_gemm.py")
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(Unavailable(reason: "\(script) is missing"))
        }
        guard let probe = run(["python3", "-c", "import numpy"], environment: ProcessInfo.processInfo.environment),
              probe.status == 0 else {
            return .failure(Unavailable(
                reason: "python3 with numpy not found: `pip install numpy threadpoolctl`, then rerun"))
        }
        return .success(NumpyAnchor(script: script))
    }

    func measure(shapes: [BenchGemmCommand.Shape], threads: Int, seconds: Double,
                 cold: Bool, coreType: String? = nil) -> Swift.Result<Result, Unavailable> {
        var environment = ProcessInfo.processInfo.environment
        // Settings that may be present on this machine and pin OpenBLAS to a slower kernel: the anchor should
        // be numpy as a user gets it.
        environment["OPENBLAS_CORETYPE"] = nil
        environment["OPENBLAS_L2_SIZE"] = nil
        // `--isa avx2`: OpenBLAS's own AVX2 kernels, to compare like with like on an AVX-512 machine.
        if let coreType { environment["OPENBLAS_CORETYPE"] = coreType }
        environment["OPENBLAS_NUM_THREADS"] = String(threads)
        environment["OMP_NUM_THREADS"] = String(threads)
        let arguments = ["python3", script, "--shapes", shapes.map(\.label).joined(separator: ","),
                         "--seconds", String(seconds)] + (cold ? ["--cold-bytes", String(BenchGemmCommand.coldBytes)] : [])
        guard let output = Self.run(arguments, environment: environment) else {
            return .failure(Unavailable(reason: "could not start python3"))
        }
        guard output.status == 0 else {
            return .failure(Unavailable(reason: "numpy benchmark failed with status \(output.status)"))
        }
        var result = Result()
        for line in output.text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                continue
            }
            if let kernel = object["kernel"] as? String { result.kernel = kernel }
            if let label = object["shape"] as? String, let shape = BenchGemmCommand.Shape(label: Substring(label)),
               let gflops = object["gflops"] as? Double {
                result.gflops[shape] = gflops
            }
        }
        return .success(result)
    }

    static func run(_ arguments: [String], environment: [String: String]) -> (status: Int32, text: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
