import Engine
import Foundation
import Runs
import Testing

/// The memory side of the estimate: what it adds beyond the pass's buffers, and the refusal above MemAvailable.
@Suite struct MemoryEstimateTests {
    static func estimate(dropout: Double, batch: Int = 4) throws -> (RunEstimate, RunConfig, URL) {
        let folder = try RunsTestSupport.temporaryFolder("memory")
        let model = try RunsTestSupport.tinyModel(in: folder)
        var config = RunsTestSupport.runConfig(model: model, data: folder.appendingPathComponent("none.jsonl"))
        config.lora.dropout = dropout
        config.training.batchSize = batch
        return (RunEstimate(model: try ModelConfig(folder: model), config: config), config, folder)
    }

    @Test func loraDropoutKeepsTwoInputSizedBuffersPerAdaptedProjection() throws {
        let (without, _, a) = try Self.estimate(dropout: 0)
        let (with, config, b) = try Self.estimate(dropout: 0.1)
        defer { for f in [a, b] { try? FileManager.default.removeItem(at: f) } }
        // Tiny model: q (in 32), v (in 32), down (in 48) adapted on two layers; rows = batch × length.
        let rows = config.training.batchSize * config.data.sequenceLength
        #expect(with.activationBytes - without.activationBytes == 4 * (2 * 2 * rows * (32 + 32 + 48) + rows * 48))
        #expect(with.baselineBytes > 0)
        #expect(with.memoryBytes == with.baselineBytes + with.weightBytes + with.optimizerBytes + with.activationBytes
            + with.runtimeBytes)
    }

    @Test func aRunAboveAvailableMemoryIsRefusedNamingTheSettings() throws {
        let (estimate, config, folder) = try Self.estimate(dropout: 0.1)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(MachineMemory.refusal(estimate, config: config, available: estimate.memoryBytes) == nil)
        let refusal = try #require(MachineMemory.refusal(estimate, config: config, available: estimate.memoryBytes - 1))
        #expect(refusal.contains("training.batch_size"))
        #expect(refusal.contains("data.sequence_length"))
        #expect(MachineMemory.refusal(estimate, config: config, available: nil) == nil)
    }

    @Test func readsMemAvailable() throws {
        let folder = try RunsTestSupport.temporaryFolder("meminfo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("meminfo")
        try "MemTotal:       24683772 kB\nMemFree:        19472008 kB\nMemAvailable:   23112408 kB\n"
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(MachineMemory.available(meminfo: file.path) == 23_112_408 * 1024)
        #expect(MachineMemory.available(meminfo: folder.appendingPathComponent("missing").path) == nil)
    }

    /// The wall-clock estimate's step count is the training loop's: held-out split, micro-batches, accumulation.
    @Test func plannedStepsFollowTheLoopsArithmetic() throws {
        let folder = try RunsTestSupport.temporaryFolder("steps")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 10)
        var config = RunsTestSupport.runConfig(model: model, data: data)
        config.training.maxSteps = 0
        config.training.epochs = 3
        // 10 examples, 2 held out: 8 sequences, 4 micro-batches of 2, 2 steps of 2 micro-batches per epoch.
        #expect(try RunEstimate.plannedSteps(config: config) == 6)
        config.training.maxSteps = 5
        #expect(try RunEstimate.plannedSteps(config: config) == 5)
    }
}
