import Engine
import Foundation
import Testing
@testable import Runs

@Suite(.serialized) struct TrainingRunTests {
    /// Runs to the end and returns the train losses by step (as metrics.jsonl has them).
    func train(_ config: RunConfig, out: URL) throws -> (TrainingRun, [Int: Double]) {
        let run = try TrainingRun.create(config: config, out: out)
        run.start()
        #expect(run.waitUntilFinished(timeout: 300))
        let losses = MetricsFollower.readAll(url: run.folder.metricsURL).filter { $0.kind == .train }
        return (run, Dictionary(uniqueKeysWithValues: losses.map { ($0.step, $0.loss!) }))
    }

    @Test func aRunWritesItsFolderMetricsCheckpointsAndAPEFTAdapter() throws {
        let folder = try RunsTestSupport.temporaryFolder("run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 12, badLine: true)
        var config = RunsTestSupport.runConfig(model: model, data: data)
        config.training.learningRate = 0.05
        let (run, losses) = try train(config, out: folder.appendingPathComponent("run"))
        let snapshot = run.snapshot
        #expect(snapshot.status == .completed, "\(snapshot.error ?? "")")
        #expect(snapshot.step == 6 && snapshot.totalSteps == 6)
        #expect(snapshot.skippedRecords == 1)
        #expect(losses.keys.sorted() == Array(1...6))
        // Real losses (a random model over a ~300-token vocabulary starts near ln 300 ≈ 5.7) that fall.
        #expect(losses[1]! > 4 && losses[1]! < 7, "\(losses)")
        #expect(losses[6]! < losses[1]!, "\(losses)")
        let events = run.drainEvents()
        #expect(events.contains(.statusChanged(.completed)))
        #expect(events.contains { if case .checkpointWritten = $0 { return true }; return false })
        #expect(events.contains { if case .sample = $0 { return true }; return false })
        let records = MetricsFollower.readAll(url: run.folder.metricsURL)
        #expect(records.filter { $0.kind == .eval }.map(\.step) == [3, 6])
        #expect(records.filter { $0.kind == .sample }.count == 2)
        #expect(run.folder.checkpoints().map(\.step) == [4, 6])  // every 2, keep 2, plus the final one
        #expect(run.folder.status()?.status == .completed)
        let log = try String(contentsOf: run.folder.logURL, encoding: .utf8)
        #expect(log.contains("skipped data.jsonl:4: has no 'output' column"))
        // The adapter is PEFT's layout and loads onto the base.
        let names = try SafetensorsFile(url: run.folder.adapterURL.appendingPathComponent("adapter_model.safetensors")).names
        #expect(names.contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"))
        let base = try TransformerModel.load(folder: model)
        try PEFTAdapter.load(folder: run.folder.adapterURL, into: base)
        #expect(MetricsFollower.readAll(url: run.folder.metricsURL).contains { $0.kind == .sample && !($0.text ?? "").isEmpty })
        #expect(RunFolder.list(in: folder).map(\.name) == ["run"])
    }

    @Test func stopWritesACheckpointAndResumeGivesTheLossesOfAnUninterruptedRun() throws {
        let folder = try RunsTestSupport.temporaryFolder("resume")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 12)
        var config = RunsTestSupport.runConfig(model: model, data: data, steps: 8)
        config.checkpoint.every = 3
        let (_, reference) = try train(config, out: folder.appendingPathComponent("reference"))

        let run = try TrainingRun.create(config: config, out: folder.appendingPathComponent("stopped"))
        run.start()
        while run.snapshot.step < 4 && !run.isFinished { usleep(2_000) }
        run.stop()
        #expect(run.waitUntilFinished(timeout: 300))
        let stoppedAt = run.snapshot.step
        #expect(run.snapshot.status == .stopped)
        #expect(run.folder.latestCheckpoint?.step == stoppedAt)

        let resumed = try TrainingRun.resume(folder: run.folder)
        resumed.start()
        #expect(resumed.waitUntilFinished(timeout: 300))
        #expect(resumed.snapshot.status == .completed, "\(resumed.snapshot.error ?? "")")
        let losses = MetricsFollower.readAll(url: run.folder.metricsURL).filter { $0.kind == .train }
        #expect(losses.map(\.step) == Array(1...8))
        for record in losses { #expect(record.loss == reference[record.step], "step \(record.step)") }
        #expect(losses.allSatisfy { ($0.loss ?? 0) > 1 }, "\(losses.map(\.loss))")
    }

    @Test func aNaNLossStopsTheRunWithAClearMessage() throws {
        let folder = try RunsTestSupport.temporaryFolder("nan")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        // Poison the embeddings, as a diverged or damaged base would be.
        let weights = try SafetensorsFile(url: model.appendingPathComponent("model.safetensors"))
        let tensors = try weights.names.map { name -> SafetensorsWriter.Tensor in
            let info = try #require(weights.info(name))
            var values = try weights.floats(name)
            if name.contains("embed_tokens") { values[values.count / 2] = .nan; values = values.map { $0 * .nan } }
            return SafetensorsWriter.Tensor(name: name, shape: info.shape, values: values)
        }
        try SafetensorsWriter(tensors: tensors).write(to: model.appendingPathComponent("model.safetensors"))
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 12)
        let run = try TrainingRun.create(config: RunsTestSupport.runConfig(model: model, data: data), out: folder.appendingPathComponent("run"))
        run.start()
        #expect(run.waitUntilFinished(timeout: 300))
        let snapshot = run.snapshot
        #expect(snapshot.status == .failed)
        let error = try #require(snapshot.error)
        #expect(error.contains("training diverged at step 1: loss is nan; no checkpoint was written yet"), "\(error)")
        #expect(error.contains("Lower training.learning_rate"))
        #expect(run.folder.status()?.status == .failed)
        #expect(!FileManager.default.fileExists(atPath: run.folder.adapterURL.path))
    }

    @Test func earlyStoppingEndsTheRunAndStillExportsTheAdapter() throws {
        let folder = try RunsTestSupport.temporaryFolder("early")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 12)
        var config = RunsTestSupport.runConfig(model: model, data: data, steps: 20)
        config.evaluation.every = 2
        config.evaluation.earlyStoppingPatience = 2
        config.evaluation.earlyStoppingMinDelta = 1e9  // nothing counts as an improvement after the first eval
        let (run, losses) = try train(config, out: folder.appendingPathComponent("run"))
        #expect(run.snapshot.status == .completed)
        #expect(losses.keys.max() == 6)  // evals at 2 (best), 4 and 6 (no improvement twice)
        #expect(FileManager.default.fileExists(atPath: run.folder.adapterURL.appendingPathComponent("adapter_model.safetensors").path))
        #expect(try String(contentsOf: run.folder.logURL, encoding: .utf8).contains("early stopping at step 6"))
    }

    @Test func fullFineTuningWithPackingWritesAModelFolderThatLoads() throws {
        let folder = try RunsTestSupport.temporaryFolder("full")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 12)
        var config = RunsTestSupport.runConfig(model: model, data: data, steps: 4)
        config.training.method = .full
        config.training.learningRate = 1e-3
        config.data.packing = true
        let (run, losses) = try train(config, out: folder.appendingPathComponent("run"))
        #expect(run.snapshot.status == .completed, "\(run.snapshot.error ?? "")")
        #expect(losses.count == 4)
        let trained = try TransformerModel.load(folder: run.folder.modelURL)
        let base = try TransformerModel.load(folder: model)
        #expect(trained.embedding.value.array != base.embedding.value.array)
    }

    @Test func pauseHoldsTheStepAndResumeFinishesTheRun() throws {
        let folder = try RunsTestSupport.temporaryFolder("pause")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 12)
        var config = RunsTestSupport.runConfig(model: model, data: data, steps: 400)
        config.evaluation.every = 0
        config.checkpoint.every = 0
        let run = try TrainingRun.create(config: config, out: folder.appendingPathComponent("run"))
        run.start()
        while run.snapshot.step < 2 && !run.isFinished { usleep(1_000) }
        run.pause()
        let deadline = Date(timeIntervalSinceNow: 30)
        while run.snapshot.status != .paused && Date() < deadline { usleep(1_000) }
        #expect(run.snapshot.status == .paused)
        let held = run.snapshot.step
        usleep(100_000)
        #expect(run.snapshot.step == held)
        #expect(run.folder.status()?.status == .paused)
        run.resume()
        #expect(run.waitUntilFinished(timeout: 300))
        #expect(run.snapshot.status == .completed)
        #expect(run.snapshot.step == 400)
        #expect(run.drainEvents().contains(.statusChanged(.paused)))
    }

    @Test func theEstimateCountsLoRAWeightsAndMeasuresAStep() throws {
        let folder = try RunsTestSupport.temporaryFolder("estimate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 4)
        let config = RunsTestSupport.runConfig(model: model, data: data)
        let measured = try RunEstimate.measure(config: config, steps: 1, totalSteps: 10)
        let fromShapes = RunEstimate(model: try ModelConfig(folder: model), config: config)
        #expect(measured.trainableParameters == fromShapes.trainableParameters)
        // q (32→32), v (32→16, one KV head of 16), down (48→32), rank 4, two layers.
        #expect(fromShapes.trainableParameters == 2 * 4 * ((32 + 32) + (32 + 16) + (48 + 32)))
        #expect((measured.secondsPerStep ?? 0) > 0)
        #expect(measured.totalSeconds == measured.secondsPerStep! * 10)
    }
}
