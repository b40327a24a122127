import Foundation
import Testing
@testable import Engine
import Kernels

@Suite struct TrainerTests {
    private func model(seed: UInt64 = 1, dropout: Float = 0) throws -> TransformerModel {
        let config = GradientCheckTests.tinyConfigs()[0]
        let model = TransformerModel(config: config)
        model.initializeRandomly(seed: seed, std: 0.2)
        try model.addLoRA(LoRAConfig(rank: 4, alpha: 8, dropout: dropout), seed: 9)
        return model
    }

    @Test func freshLoRALeavesTheModelUnchangedAndFreezesTheBase() throws {
        let config = GradientCheckTests.tinyConfigs()[0]
        let base = TransformerModel(config: config)
        base.initializeRandomly(seed: 1, std: 0.2)
        let adapted = try model()
        let batch = try GradientCheckTests.batch(config)
        let a = TrainingPass(model: base, batch: 2, sequenceLength: 6).logits(batch)
        let b = TrainingPass(model: adapted, batch: 2, sequenceLength: 6).logits(batch)
        #expect(a == b)
        #expect(adapted.baseParameters.allSatisfy { !$0.isTrainable })
        #expect(adapted.loraParameters.count == 2 * 7 * config.layerCount)
        let bound = 1 / Float(config.hiddenSize).squareRoot()
        let a0 = adapted.blocks[0].q!.lora!.a.value.array
        #expect(a0.allSatisfy { abs($0) <= bound } && a0.contains { abs($0) > bound / 2 })
        #expect(adapted.blocks[0].q!.lora!.b.value.array.allSatisfy { $0 == 0 })
    }

    @Test func gradientAccumulationAveragesMicroBatches() throws {
        let config = GradientCheckTests.tinyConfigs()[0]
        let first = try GradientCheckTests.batch(config, seed: 1)
        let second = try GradientCheckTests.batch(config, seed: 2)
        let m = try model()
        for p in m.loraParameters where p.name.contains("lora_B") { for i in 0..<p.count { p.value[i] = 0.01 * Float(i % 7) } }
        let pass = TrainingPass(model: m, batch: 2, sequenceLength: 6)
        _ = pass.lossAndGradients(first)
        let g1 = m.loraParameters.map { $0.gradient!.array }
        m.loraParameters.forEach { $0.gradient!.zero() }
        _ = pass.lossAndGradients(second)
        let g2 = m.loraParameters.map { $0.gradient!.array }
        m.loraParameters.forEach { $0.gradient!.zero() }
        _ = pass.lossAndGradients(first, lossScale: 0.5)
        _ = pass.lossAndGradients(second, lossScale: 0.5)
        for (index, p) in m.loraParameters.enumerated() {
            let mean = zip(g1[index], g2[index]).map { ($0 + $1) / 2 }
            #expect(maxRelativeError(p.gradient!.array, mean) <= 1e-5, "\(p.name)")
        }
    }

    @Test func trainingIsReproducibleBitForBitWithDropout() throws {
        let config = GradientCheckTests.tinyConfigs()[0]
        let batch = try GradientCheckTests.batch(config)
        func run() throws -> ([Float], [[Float]]) {
            let m = try model(dropout: 0.2)
            let trainer = Trainer(model: m, batch: 2, sequenceLength: 6,
                                  settings: TrainerSettings(optimizer: AdamW(learningRate: 1e-2)))
            let losses = (0..<3).map { _ in trainer.step([batch]).loss }
            return (losses, m.loraParameters.map { $0.value.array })
        }
        let (lossA, weightsA) = try run()
        let (lossB, weightsB) = try run()
        #expect(lossA == lossB)
        #expect(weightsA == weightsB)
        #expect(lossA[2] < lossA[0])
    }

    @Test func dropoutOnlyActsWhileTraining() throws {
        let config = GradientCheckTests.tinyConfigs()[0]
        let batch = try GradientCheckTests.batch(config)
        let m = try model(dropout: 0.5)
        for p in m.loraParameters where p.name.contains("lora_B") { for i in 0..<p.count { p.value[i] = 0.1 } }
        let pass = TrainingPass(model: m, batch: 2, sequenceLength: 6)
        #expect(pass.logits(batch) == pass.logits(batch))
        let trained1 = pass.lossAndGradients(batch).mean
        let trained2 = pass.lossAndGradients(batch).mean
        #expect(trained1 != trained2)
    }

    @Test func rejectsUnknownTargetModules() throws {
        let m = TransformerModel(config: GradientCheckTests.tinyConfigs()[2])
        #expect(throws: ModelConfigError.self) { try m.addLoRA(LoRAConfig(targetModules: ["q_proj"]), seed: 0) }
    }

    @Test func batchRejectsOutOfVocabularyIds() {
        #expect(throws: TokenBatchError.self) {
            try TokenBatch(tokens: [1, 99], targets: [1, -100], batch: 1, sequenceLength: 2, vocabSize: 10, maxPositions: 8)
        }
        #expect(throws: TokenBatchError.self) {
            try TokenBatch(tokens: [1, 2], targets: [-5, 1], batch: 1, sequenceLength: 2, vocabSize: 10, maxPositions: 8)
        }
    }

    @Test func forwardOnlyPassMatchesTheTrainingPass() throws {
        for config in GradientCheckTests.tinyConfigs() {
            let model = TransformerModel(config: config)
            model.initializeRandomly(seed: 4, std: 0.3)
            let batch = try GradientCheckTests.batch(config)
            let saving = TrainingPass(model: model, batch: 2, sequenceLength: 6)
            let light = TrainingPass(model: model, batch: 2, sequenceLength: 6, savesActivations: false)
            #expect(light.logits(batch) == saving.logits(batch))
            #expect(light.targetLogProbabilities(batch).loss == saving.targetLogProbabilities(batch).loss)
        }
    }

    @Test func loraAddedAfterThePassIsCreatedStillTrains() throws {
        let config = GradientCheckTests.tinyConfigs()[1]
        let model = TransformerModel(config: config)
        model.initializeRandomly(seed: 2, std: 0.2)
        let trainer = Trainer(model: model, batch: 2, sequenceLength: 6)
        try model.addLoRA(LoRAConfig(rank: 16, alpha: 16, dropout: 0.1), seed: 1)
        let batch = try GradientCheckTests.batch(config)
        let report = trainer.step([batch])
        #expect(report.loss.isFinite && report.gradientNorm > 0)
    }
}
