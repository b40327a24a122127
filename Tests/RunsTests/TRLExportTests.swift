import Engine
import Foundation
import Testing
@testable import Runs

/// `loom export-run --to trl`: the exported folder holds the trainer's own sequences in the trainer's own order, and
/// train.py carries the run's settings.
@Suite struct TRLExportTests {
    struct Exported {
        var config: RunConfig
        var folder: URL
        var train: [TrainingSequence] = []
        var eval: [TrainingSequence] = []
        var order: [Int] = []
        var script = ""
    }

    func export(packing: Bool = false, accumulation: Int = 2, base: String? = nil) throws -> Exported {
        let folder = try RunsTestSupport.temporaryFolder("trl-export")
        let model = try RunsTestSupport.tinyModel(in: folder)
        let dataFile = try RunsTestSupport.alpacaFile(in: folder, count: 24, badLine: true)
        var config = RunsTestSupport.runConfig(model: model, data: dataFile, steps: 7)
        config.data.packing = packing
        config.training.gradientAccumulation = accumulation
        config.training.schedule = .linear
        config.training.weightDecay = 0.01
        config.lora.rslora = true
        config.evaluation.maxBatches = 3
        config.evaluation.earlyStoppingPatience = 2
        let out = folder.appendingPathComponent("export")
        _ = try TRLExport.write(config: config, configPath: "test.toml", to: out, base: base)
        var exported = Exported(config: config, folder: out)
        let lines = try String(contentsOf: out.appendingPathComponent("examples.jsonl"), encoding: .utf8).split(separator: "\n")
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let sequence = TrainingSequence(tokens: try #require(object["input_ids"] as? [Int]).map { Int32($0) },
                                            labels: try #require(object["labels"] as? [Int]).map { Int32($0) })
            let split = try #require(object["split"] as? String)
            let index = try #require(object["index"] as? Int)
            if split == "train" {
                #expect(index == exported.train.count)
                exported.train.append(sequence)
            } else {
                #expect(split == "eval" && index == exported.eval.count)
                exported.eval.append(sequence)
            }
        }
        exported.order = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("train_order.json"))) as? [Int])
        exported.script = try String(contentsOf: out.appendingPathComponent("train.py"), encoding: .utf8)
        return exported
    }

    /// The data as the training loop loads it, independently of the export.
    func trainerData(_ config: RunConfig) throws -> TrainingData {
        let model = try TransformerModel.load(folder: config.baseModelURL)
        let builder = ExampleBuilder(data: config.data, formatter: try ExampleBuilder.formatter(
            promptFormat: config.data.promptFormat, tokenizerFolder: config.tokenizerFolderURL))
        return try TrainingData.load(config: config, builder: builder, vocabSize: model.config.vocabSize,
                                     maxPositions: model.config.maxPositions, padId: builder.padId)
    }

    @Test(arguments: [false, true])
    func examplesAreTheTrainersBatchesInTheTrainersOrder(packing: Bool) throws {
        let exported = try export(packing: packing)
        let data = try trainerData(exported.config)
        #expect(exported.train == data.train)
        #expect(exported.eval == data.eval)
        #expect(!exported.eval.isEmpty)
        // Every micro-batch of the run, row by row, is the batch the trainer builds for it.
        let steps = data.totalSteps(exported.config.training)
        let accumulation = exported.config.training.gradientAccumulation
        let batchSize = exported.config.training.batchSize
        #expect(exported.order.count == steps * accumulation * batchSize)
        for microBatch in 0..<(steps * accumulation) {
            let rows = exported.order[(microBatch * batchSize)..<((microBatch + 1) * batchSize)].map { exported.train[$0] }
            let batch = try data.trainBatch(microBatch: microBatch)
            #expect(batch.tokens == rows.flatMap(\.tokens))
            // The trainer's targets are the labels shifted by one (transformers shifts them the same way).
            let shifted = rows.flatMap { Array($0.labels.dropFirst()) + [TokenBatch.ignoreIndex] }
            #expect(batch.targets == shifted)
        }
        // Masked positions are -100; learned ones carry their own token.
        for sequence in exported.train {
            for (token, label) in zip(sequence.tokens, sequence.labels) { #expect(label == TokenBatch.ignoreIndex || label == token) }
        }
    }

    /// The value of `NAME = value` at the top of train.py.
    func constant(_ name: String, in script: String) -> String? {
        for line in script.split(separator: "\n") where line.hasPrefix(name + " = ") {
            let value = line.dropFirst(name.count + 3)
            return String(value.split(separator: "#", maxSplits: 1).first ?? value).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    @Test func trainScriptCarriesTheRunsSettings() throws {
        let exported = try export(base: "org/model-on-the-hub")
        let script = exported.script, config = exported.config
        let data = try trainerData(config)
        #expect(constant("BASE_MODEL", in: script) == "\"org/model-on-the-hub\"")
        #expect(constant("SEED", in: script) == "\(config.seed)")
        #expect(constant("LEARNING_RATE", in: script).flatMap(Double.init) == config.training.learningRate)
        #expect(constant("LR_SCHEDULER_TYPE", in: script) == "\"linear\"")
        #expect(constant("WARMUP_STEPS", in: script) == "\(config.training.warmupSteps)")
        #expect(constant("WEIGHT_DECAY", in: script).flatMap(Double.init) == 0.01)
        #expect(constant("ADAM_EPSILON", in: script).flatMap(Double.init) == config.training.adamEpsilon)
        #expect(constant("MAX_GRAD_NORM", in: script).flatMap(Double.init) == config.training.maxGradNorm)
        #expect(constant("BATCH_SIZE", in: script) == "2")
        #expect(constant("GRADIENT_ACCUMULATION", in: script) == "2")
        #expect(constant("MAX_STEPS", in: script) == "7")
        #expect(constant("MICRO_BATCHES_PER_EPOCH", in: script) == "\(data.microBatchesPerEpoch)")
        #expect(constant("EVAL_EVERY", in: script) == "3")
        #expect(constant("EVAL_MAX_BATCHES", in: script) == "3")
        #expect(constant("EARLY_STOPPING_PATIENCE", in: script) == "2")
        #expect(constant("CHECKPOINT_EVERY", in: script) == "2")
        #expect(constant("SEQUENCE_LENGTH", in: script) == "64")
        #expect(script.contains("LORA = dict(r=4, lora_alpha=16.0, lora_dropout=0.1, use_rslora=True,"))
        #expect(script.contains("target_modules=[\"q_proj\", \"v_proj\", \"down_proj\"])"))
        // The initial adapter is Loom's LoRA initialisation for the run's seed, in PEFT layout.
        let initial = exported.folder.appendingPathComponent("initial_adapter")
        let model = try TransformerModel.load(folder: config.baseModelURL)
        _ = try model.addLoRA(config.lora.engineConfig, seed: UInt64(config.seed))
        let loaded = try TransformerModel.load(folder: config.baseModelURL)
        try PEFTAdapter.load(folder: initial, into: loaded)
        #expect(loaded.loraParameters.map(\.value.array) == model.loraParameters.map(\.value.array))
        for name in ["config.toml", "run.json", "requirements.txt", "README.md", "accelerate/single_gpu.yaml",
                     "accelerate/ddp.yaml", "accelerate/fsdp.yaml", "accelerate/deepspeed_zero2.yaml"] {
            #expect(FileManager.default.fileExists(atPath: exported.folder.appendingPathComponent(name).path), "\(name)")
        }
        let resolved = try RunConfig.load(path: exported.folder.appendingPathComponent("config.toml").path)
        #expect(resolved.training == config.resolved().training && resolved.lora == config.lora)
    }

    @Test func aNonEmptyOutputFolderIsRefused() throws {
        let exported = try export()
        #expect(throws: RunFolderError.self) {
            _ = try TRLExport.write(config: exported.config, configPath: "test.toml", to: exported.folder, base: nil)
        }
    }
}
