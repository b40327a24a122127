import Foundation
import Testing
@testable import Runs

/// The real `loom` binary, killed with SIGKILL in the middle of a run and resumed, gives the losses of a run that was
/// never interrupted, at every step.
@Suite(.serialized) struct ResumeAfterKillTests {
    /// `LOOM_BINARY`, else the `loom` built beside this test bundle (`swift build` builds both).
    static func loomBinary() -> URL? {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["LOOM_BINARY"] { return URL(fileURLWithPath: path) }
        var candidates: [URL] = []
        for start in [URL(fileURLWithPath: CommandLine.arguments[0]), Bundle.main.bundleURL] {
            var folder = start.resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<3 {
                candidates.append(folder.appendingPathComponent("loom"))
                folder = folder.deletingLastPathComponent()
            }
        }
        return candidates.first { fm.isExecutableFile(atPath: $0.path) }
    }

    func launch(_ binary: URL, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func trainLosses(_ folder: RunFolder) -> [Int: Double] {
        let records = MetricsFollower.readAll(url: folder.metricsURL).filter { $0.kind == .train }
        return Dictionary(records.map { ($0.step, $0.loss!) }, uniquingKeysWith: { _, last in last })
    }

    @Test func killNineThenResumeEqualsAnUninterruptedRun() throws {
        let binary = try #require(Self.loomBinary(), "build the loom product first (swift build -c release), or set LOOM_BINARY")
        let folder = try RunsTestSupport.temporaryFolder("kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 24)
        var config = RunsTestSupport.runConfig(model: model, data: data, steps: 240)
        config.training.learningRate = 0.02
        config.checkpoint.every = 7
        config.evaluation.every = 40
        let configURL = folder.appendingPathComponent("run.toml")
        try config.tomlText().write(to: configURL, atomically: true, encoding: .utf8)

        let reference = RunFolder(url: folder.appendingPathComponent("reference"))
        let uninterrupted = try launch(binary, ["train", configURL.path, "--out", reference.url.path, "--lines"])
        uninterrupted.waitUntilExit()
        #expect(uninterrupted.terminationStatus == 0)
        let expected = trainLosses(reference)
        #expect(expected.keys.sorted() == Array(1...240))

        let crashed = RunFolder(url: folder.appendingPathComponent("crashed"))
        let victim = try launch(binary, ["train", configURL.path, "--out", crashed.url.path, "--lines"])
        // Kill it once it has passed a few checkpoints, wherever it is then (maybe mid-checkpoint).
        let deadline = Date(timeIntervalSinceNow: 120)
        while victim.isRunning && Date() < deadline && (trainLosses(crashed).keys.max() ?? 0) < 30 { usleep(500) }
        let killedAt = trainLosses(crashed).keys.max() ?? 0
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal, "the run ended before it could be killed")
        #expect(killedAt >= 30 && killedAt < 240)
        #expect(crashed.status()?.status == .interrupted)
        let checkpoint = try #require(crashed.latestCheckpoint)
        #expect(checkpoint.step <= killedAt)

        let resumed = try launch(binary, ["train", "--resume", crashed.url.path, "--lines"])
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        #expect(crashed.status()?.status == .completed)
        let losses = trainLosses(crashed)
        #expect(losses.keys.sorted() == Array(1...240))
        let different = (1...240).filter { losses[$0] != expected[$0] }
        #expect(different.isEmpty, "steps whose loss differs after resuming from step \(checkpoint.step): \(different)")
        let records = MetricsFollower.readAll(url: crashed.metricsURL)
        #expect(records.contains { $0.kind == .resume && $0.step == checkpoint.step })
    }
}
