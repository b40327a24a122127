import Foundation
import Testing

/// The sample experience in the real program: open the workbench, go to Runs, launch the bundled sample LoRA run,
/// watch the step counter and the loss chart move, then quit — which asks, stops the run and writes a checkpoint.
@Suite(.enabled(if: TmuxSession.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil,
                "tmux is not installed"),
       .serialized)
struct RunsEndToEndTests {
    @Test func launchTheSampleRunFromTheRunsViewAndWatchItTrain() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let sampleConfig = LoomBinary.packageRoot + "/Samples/runs/sample-lora.toml"
        try #require(FileManager.default.fileExists(atPath: sampleConfig), "Samples/runs/sample-lora.toml is missing")
        // Runs are written under the working directory (./runs), so work in a scratch folder.
        let scratch = NSTemporaryDirectory() + "loom-e2e-runs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let session = try TmuxSession(command: "cd '\(scratch)' && LOOM_HOME='\(LoomBinary.packageRoot)' '\(binary)'",
                                      width: 140, height: 40)
        var (ok, screen) = try session.waitForScreen { $0.contains("rows") }
        #expect(ok, "first screen:\n\(screen)")

        try session.send("2")
        (ok, screen) = try session.waitForScreen { $0.contains("sample-lora.toml") && $0.contains("ready") }
        #expect(ok, "runs section:\n\(screen)")

        try session.send("L")
        (ok, screen) = try session.waitForScreen(timeout: 60) { Self.step(in: $0) ?? 0 >= 3 }
        #expect(ok, "after launch:\n\(screen)")
        let firstStep = Self.step(in: screen) ?? 0
        (ok, screen) = try session.waitForScreen(timeout: 60) { (Self.step(in: $0) ?? 0) >= firstStep + 3 }
        #expect(ok, "the step counter moves:\n\(screen)")
        #expect(screen.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "the loss chart is drawn:\n\(screen)")

        // Quitting asks first; yes stops the run with a checkpoint.
        try session.send("Q")
        (ok, screen) = try session.waitForScreen { $0.contains("Stop it") }
        #expect(ok, "quit asks:\n\(screen)")
        try session.send("y")
        #expect(session.waitForExit(timeout: 120) == 0)
        let runFolder = scratch + "/runs/sample-lora"
        let checkpoints = (try? FileManager.default.contentsOfDirectory(atPath: runFolder + "/checkpoints")) ?? []
        #expect(checkpoints.contains { $0.hasSuffix(".safetensors") }, "a checkpoint was written on stop: \(checkpoints)")
        let status = (try? String(contentsOfFile: runFolder + "/status.json", encoding: .utf8)) ?? ""
        #expect(status.contains("stopped") || status.contains("completed"), "\(status)")
    }

    /// The step shown in the run's side panel (`step  N / 150`).
    static func step(in screen: String) -> Int? {
        for line in screen.split(separator: "\n") {
            guard let range = line.range(of: "step ") , line.contains("/ 150") else { continue }
            let digits = line[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
            if let value = Int(digits) { return value }
        }
        return nil
    }
}
