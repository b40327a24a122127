import Foundation
import Testing

/// TERM, HUP and INT stop a run the way `x` does: after the current step, with a checkpoint and status "stopped",
/// whether the run is headless (`loom train`) or training inside the workbench. `timeout`, `docker stop`, systemd
/// and a dropped ssh session send TERM or HUP.
@Suite(.serialized) struct SignalStopTests {
    /// A copy of the sample run's config with absolute paths and its runs folder in `scratch`.
    static func config(in scratch: String) throws -> String {
        let samples = LoomBinary.packageRoot + "/Samples"
        let text = """
            name = "signal-run"
            seed = 3
            runs_folder = "\(scratch)/runs"
            [model]
            base = "\(samples)/models/loom-shakespeare"
            [data]
            train = ["\(samples)/instructions.jsonl"]
            format = "alpaca"
            prompt_format = "alpaca"
            sequence_length = 128
            eval_fraction = 0.0
            [lora]
            rank = 4
            [training]
            max_steps = 100000
            batch_size = 2
            [checkpoint]
            every = 100000
            """
        let path = scratch + "/signal-run.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func status(_ runFolder: String) -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: runFolder + "/status.json"),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    static func waitForStep(_ runFolder: String, atLeast step: Int, timeout: Double = 90) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            let now = status(runFolder)
            if (now["step"] as? Int ?? 0) >= step, now["status"] as? String == "running" { return true }
            if ["failed", "completed", "stopped"].contains(now["status"] as? String ?? "") { return false }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    @Test func linesPrintsEveryStep() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let scratch = NSTemporaryDirectory() + "loom-lines-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let config = try Self.config(in: scratch)
        try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "max_steps = 100000", with: "max_steps = 7")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["train", config, "--lines"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let steps = text.split(separator: "\n").filter { $0.hasPrefix("step ") && $0.contains("/7  loss") }
        #expect(steps.count == 7, "\(text)")
    }

    @Test(arguments: [SIGTERM, SIGHUP, SIGINT])
    func headlessTrainStopsWithACheckpoint(_ signal: Int32) throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let scratch = NSTemporaryDirectory() + "loom-signal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["train", try Self.config(in: scratch), "--lines"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let runFolder = scratch + "/runs/signal-run"
        #expect(Self.waitForStep(runFolder, atLeast: 2), "the run did not start: \(Self.status(runFolder))")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "killed by the signal instead of stopping")
        let status = Self.status(runFolder)
        #expect(status["status"] as? String == "stopped", "\(status)")
        let checkpoints = (try? FileManager.default.contentsOfDirectory(atPath: runFolder + "/checkpoints")) ?? []
        #expect(checkpoints.contains { $0.hasSuffix(".safetensors") }, "no checkpoint: \(checkpoints)")
    }

    @Test(.enabled(if: TmuxSession.isAvailable || ProcessInfo.processInfo.environment["CI"] != nil, "tmux is not installed"))
    func theWorkbenchStopsItsRunsOnTerm() throws {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let scratch = NSTemporaryDirectory() + "loom-signal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let config = try Self.config(in: scratch)
        let session = try TmuxSession(command: "cd '\(scratch)' && LOOM_HOME='\(LoomBinary.packageRoot)' '\(binary)' '\(config)'",
                                      width: 140, height: 40)
        let (ok, screen) = try session.waitForScreen { $0.contains("signal-run.toml") }
        #expect(ok, "runs section:\n\(screen)")
        try session.send("j")  // the bundled sample config is listed first
        try session.send("L")
        let runFolder = scratch + "/runs/signal-run"
        #expect(Self.waitForStep(runFolder, atLeast: 2), "the run did not start: \(Self.status(runFolder))")
        let pid = try #require(Self.status(runFolder)["pid"] as? Int32)
        kill(pid, SIGTERM)
        #expect(session.waitForExit(timeout: 120) != nil)
        let status = Self.status(runFolder)
        #expect(status["status"] as? String == "stopped", "\(status)")
        let checkpoints = (try? FileManager.default.contentsOfDirectory(atPath: runFolder + "/checkpoints")) ?? []
        #expect(checkpoints.contains { $0.hasSuffix(".safetensors") }, "no checkpoint: \(checkpoints)")
    }
}
