import ArgumentParser
import Engine
import Foundation
import Kernels

/// `loom bench train`: training throughput and memory of the engine on SmolLM2-135M's shape, beside PyTorch + PEFT
/// measured on the same configuration and thread count (Scripts/engine/bench_torch.py).
struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Measure training tok/s, GFLOP/s and peak RSS beside PyTorch + PEFT.",
        discussion: """
            A random model with SmolLM2-135M's shape (hidden 576, intermediate 1536, 30 layers, 9 heads, 3 KV \
            heads, vocab 49152, tied), f32, batch 4 × 256, AdamW, clipping at 1.0. Modes: lora (r = 8, alpha = 16 \
            on q,k,v,o,gate,up,down), full (every weight), forward (forward and loss only). Each mode runs in its \
            own process so that its peak RSS is its own. GFLOP/s counts model FLOPs (projections, output layer, \
            causal attention; backward = 2× forward for full, 1× for LoRA). PyTorch runs when python3 can import \
            torch, transformers and peft. With --rounds N, PyTorch and Loom take turns N times per mode and each \
            keeps its best round: on a shared machine a neighbour's burst then costs one round of one side rather \
            than the comparison.
            """
    )

    @Option(name: .long, help: "Comma-separated modes: lora, full, forward.")
    var modes = "lora,full,forward"

    @Option(name: .long, help: "Timed steps per mode (after one warm-up step).")
    var steps = 3

    @Option(name: .long, help: "Layers (30 for SmolLM2-135M; fewer for a quick look).")
    var layers = 30

    @Option(name: .long, help: "Sequences per batch.")
    var batch = 4

    @Option(name: .customLong("sequence-length"), help: "Tokens per sequence.")
    var sequenceLength = 256

    @Option(name: .long, help: "Rounds of PyTorch then Loom per mode; each keeps its best round.")
    var rounds = 1

    @Flag(name: .customLong("no-torch"), help: "Do not run the PyTorch anchor.")
    var noTorch = false

    @Option(name: .long, help: "Kernel set for Loom (avx512, avx2, generic); avx2 also runs PyTorch with ATEN_CPU_CAPABILITY=avx2.")
    var isa: String?

    @Flag(name: .long, help: .hidden)
    var child = false

    func validate() throws {
        for mode in modes.split(separator: ",") where TrainingBenchmarkMode(rawValue: String(mode)) == nil {
            throw ValidationError("unknown mode '\(mode)'; choose from lora, full, forward")
        }
        guard steps > 0, layers > 0, batch > 0, sequenceLength > 1 else { throw ValidationError("sizes must be positive") }
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        try BenchISA.validate(isa)
    }

    private var benchmark: TrainingBenchmark {
        var config = ModelConfig.smolLM2_135M
        config.layerCount = layers
        return TrainingBenchmark(config: config, batch: batch, sequenceLength: sequenceLength, warmupSteps: 1, timedSteps: steps)
    }

    func run() throws {
        BenchISA.apply(isa)
        let selected = modes.split(separator: ",").compactMap { TrainingBenchmarkMode(rawValue: String($0)) }
        if child {
            let result = try benchmark.run(selected[0])
            printJSONLine(["mode": result.mode.rawValue, "tokens_per_second": result.tokensPerSecond,
                           "gflops": result.gflopsPerSecond, "peak_rss_bytes": result.peakRSSBytes,
                           "loss": Double(result.loss)])
            return
        }
        setvbuf(stdout, nil, _IOLBF, 0)  // one line per mode as soon as it is measured, even into a pipe
        let threads = ThreadPool.shared.threadCount
        print("loom bench train: \(layers) layers, batch \(batch)×\(sequenceLength), f32, \(threads) threads"
              + (rounds > 1 ? ", best of \(rounds) alternating rounds" : ""))
        print(KernelDispatch.summary)
        let torchAvailable = !noTorch && torchImportable()
        if !noTorch && !torchAvailable { print("(PyTorch anchor not run: python3 with torch, transformers and peft not found)") }
        for mode in selected {
            // PyTorch and Loom run back to back for each mode, so that both see the same machine load; over several
            // rounds each side keeps its fastest.
            var torch: [String: Any]?
            var best: [String: Any]?
            for _ in 0..<rounds {
                if torchAvailable, let anchor = torchFigures([mode], threads: threads)[mode.rawValue],
                   (anchor["tokens_per_second"] as? Double ?? 0) > (torch?["tokens_per_second"] as? Double ?? 0) {
                    torch = anchor
                }
                if let ours = try runChild(mode),
                   (ours["tokens_per_second"] as? Double ?? 0) > (best?["tokens_per_second"] as? Double ?? 0) {
                    best = ours
                }
            }
            guard let ours = best else {
                print("\(mode.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) failed")
                continue
            }
            let tps = ours["tokens_per_second"] as? Double ?? 0
            let rss = Double(ours["peak_rss_bytes"] as? Int ?? 0)
            var line = "\(mode.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))"
                + String(format: "loom %7.1f tok/s %6.1f GFLOP/s %5.2f GB peak RSS", tps, ours["gflops"] as? Double ?? 0, rss / 1e9)
            if let anchor = torch, let ttps = anchor["tokens_per_second"] as? Double,
               let trss = anchor["peak_rss_bytes"] as? Double {
                line += String(format: " | torch %7.1f tok/s %5.2f GB | ×%.2f tok/s, ×%.2f memory", ttps, trss / 1e9, tps / ttps, rss / trss)
            }
            print(line)
        }
    }

    /// Runs one mode in a child process of this executable, so that its peak RSS is measured alone.
    private func runChild(_ mode: TrainingBenchmarkMode) throws -> [String: Any]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["bench", "train", "--child", "--modes", mode.rawValue, "--steps", "\(steps)",
                             "--layers", "\(layers)", "--batch", "\(batch)", "--sequence-length", "\(sequenceLength)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last(where: { $0.hasPrefix("{") })
        return line.flatMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    /// Whether python3 can import what Scripts/engine/bench_torch.py needs.
    private func torchImportable() -> Bool {
        guard BundledFolders.find("Scripts") != nil else { return false }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import torch, transformers, peft"]
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }

    private func torchFigures(_ modes: [TrainingBenchmarkMode], threads: Int) -> [String: [String: Any]] {
        guard let scripts = BundledFolders.find("Scripts") else { return [:] }
        let script = (scripts as NSString).appendingPathComponent("engine/bench_torch.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--modes", modes.map(\.rawValue).joined(separator: ","),
                             "--threads", "\(threads)", "--steps", "\(steps)", "--layers", "\(layers)",
                             "--batch", "\(batch)", "--seq", "\(sequenceLength)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [:] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var out: [String: [String: Any]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                  let mode = object["mode"] as? String, object["tokens_per_second"] != nil else { continue }
            var figures = object
            figures["peak_rss_bytes"] = (object["peak_rss_bytes"] as? NSNumber)?.doubleValue
            out[mode] = figures
        }
        return out
    }
}
