import Foundation
import Testing

/// Where `loom train` puts a run (issue 21, item 14): a `runs_folder` written in the config is resolved like every
/// other path of the file, against the file's folder, whatever the working directory; without one, runs go to
/// `runs/` in the working directory, where the workbench lists them (as the sample run promises).
@Suite(.serialized) struct RunsFolderTests {
    /// Trains one step of a copy of the sample config written to `configFolder`, from `workingFolder`.
    func train(runsFolder: String?, configFolder: String, workingFolder: String) throws -> (status: Int32, output: String) {
        let binary = try #require(LoomBinary.path, "build loom first: swift build")
        let samples = LoomBinary.packageRoot + "/Samples"
        let text = """
            name = "where"
            \(runsFolder.map { "runs_folder = \"\($0)\"" } ?? "")
            [model]
            base = "\(samples)/models/loom-shakespeare"
            [data]
            train = ["\(samples)/instructions.jsonl"]
            format = "alpaca"
            prompt_format = "alpaca"
            sequence_length = 128
            eval_fraction = 0.0
            [lora]
            rank = 2
            [training]
            max_steps = 1
            batch_size = 1
            """
        try text.write(toFile: configFolder + "/where.toml", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["train", configFolder + "/where.toml"]
        process.currentDirectoryURL = URL(fileURLWithPath: workingFolder)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed)
    }

    @Test func aRelativeRunsFolderFollowsTheConfigAndTheDefaultIsTheWorkingDirectory() throws {
        let scratch = NSTemporaryDirectory() + "loom-runs-folder-\(UUID().uuidString)"
        let configs = scratch + "/configs", work = scratch + "/work"
        for folder in [configs, work] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let fm = FileManager.default

        let relative = try train(runsFolder: "my-runs", configFolder: configs, workingFolder: work)
        #expect(relative.status == 0, "\(relative.output)")
        #expect(fm.fileExists(atPath: configs + "/my-runs/where/status.json"), "beside the config: \(relative.output)")
        #expect(!fm.fileExists(atPath: work + "/my-runs"), "not in the working directory")
        let written = try String(contentsOfFile: configs + "/my-runs/where/config.toml", encoding: .utf8)
        #expect(written.contains("runs_folder = \"\(URL(fileURLWithPath: configs + "/my-runs").standardizedFileURL.path)\""),
                "the run's config.toml records the resolved folder:\n\(written)")

        let byDefault = try train(runsFolder: nil, configFolder: configs, workingFolder: work)
        #expect(byDefault.status == 0, "\(byDefault.output)")
        #expect(fm.fileExists(atPath: work + "/runs/where/status.json"), "./runs of the working directory: \(byDefault.output)")
        #expect(!fm.fileExists(atPath: configs + "/runs"))
    }
}
