import ArgumentParser
import Foundation
import Runs
import TerminalCore
import Workbench

/// `loom bench watch`: what watching a run costs. Trains the same run twice from the same seed — once headless, once
/// while a workbench follows it in the Runs view and redraws its charts at the event loop's frame rate — and prints
/// both tokens/s side by side. Issue 5's goal: watching loses at most 3 %.
struct BenchWatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Train a run headless and again while the workbench draws it; print both tokens/s."
    )

    @Argument(help: "The run configuration (default: Samples/runs/sample-lora.toml).")
    var config: String?

    @Option(name: .long, help: "Optimizer steps per run.")
    var steps: Int = 60

    @Option(name: .long, help: "Frames per second the watching workbench draws (the event loop's cap is 20).")
    var fps: Double = 20

    func run() throws {
        guard let path = config ?? BundledFolders.find("Samples").map({ $0 + "/runs/sample-lora.toml" }) else {
            throw ValidationError("no run config given and Samples/runs/sample-lora.toml not found")
        }
        var loaded = try RunConfig.load(path: path)
        loaded.training.maxSteps = steps
        loaded.evaluation.every = 0
        loaded.checkpoint.every = 0
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("loom-bench-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        print("config: \(path), \(steps) steps each, workbench drawing at \(Int(fps)) frames/s (160×50)")

        let headless = try train(loaded, out: scratch.appendingPathComponent("runs/headless"), watch: false)
        print(String(format: "headless:  %8.0f tokens/s  (%.1f s)", headless.tokensPerSecond, headless.seconds))
        let watched = try train(loaded, out: scratch.appendingPathComponent("runs/watched"), watch: true)
        print(String(format: "watched:   %8.0f tokens/s  (%.1f s, %d frames drawn)", watched.tokensPerSecond,
                     watched.seconds, watched.frames))
        print(String(format: "watched / headless: %.3f  (goal ≥ 0.97)", watched.tokensPerSecond / headless.tokensPerSecond))
    }

    private struct Outcome {
        var tokensPerSecond: Double
        var seconds: Double
        var frames: Int
    }

    private func train(_ config: RunConfig, out: URL, watch: Bool) throws -> Outcome {
        let run = try TrainingRun.create(config: config, out: out)
        let app = watch ? WorkbenchApp(paths: [], catalog: ThemeCatalog(themes: [.builtIn]),
                                       capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: .unicode),
                                       runsFolders: [out.deletingLastPathComponent()]) : nil
        if let app {
            app.handle(.key(.character("2")))
            app.handle(.key(.enter))
        }
        let started = Date()
        run.start()
        var frames = 0
        let interval = 1 / max(1, fps)
        while !run.isFinished {
            if let app {
                // What the event loop does each frame: read the run's new metrics, then draw every cell.
                _ = app.pollBackgroundWork()
                _ = app.render(width: 160, height: 50)
                frames += 1
            }
            _ = run.drainEvents()
            Thread.sleep(forTimeInterval: interval)
        }
        let seconds = Date().timeIntervalSince(started)
        let snapshot = run.snapshot
        if let error = snapshot.error { throw ValidationError("the run failed: \(error)") }
        let records = MetricsFollower.readAll(url: run.folder.metricsURL).filter { $0.kind == .train }
        let tokens = records.compactMap(\.tokens).last ?? 0
        let trainSeconds = records.compactMap(\.elapsedSeconds).last ?? seconds
        return Outcome(tokensPerSecond: Double(tokens) / max(trainSeconds, 1e-9), seconds: seconds, frames: frames)
    }
}
