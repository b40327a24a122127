import Foundation
import Testing
@testable import Engine
import Kernels

/// The whole model's hand-written backward against central finite differences of the loss, on tiny random
/// models with every weight trainable. In f32 the differences carry rounding noise of ~1e-5, so the tolerance is
/// 2e-2 of the largest gradient checked (a wrong backward is off by O(1)).
@Suite struct GradientCheckTests {
    static func tinyConfigs() -> [ModelConfig] {
        [
            ModelConfig(family: .llama, modelType: "qwen2", vocabSize: 23, hiddenSize: 16, intermediateSize: 24,
                        layerCount: 2, headCount: 4, kvHeadCount: 2, maxPositions: 16, normEpsilon: 1e-5,
                        ropeTheta: 10000, tiedEmbeddings: true, attentionBias: true),
            ModelConfig(family: .llama, modelType: "llama", vocabSize: 19, hiddenSize: 12, intermediateSize: 20,
                        layerCount: 1, headCount: 2, kvHeadCount: 1, maxPositions: 16, normEpsilon: 1e-5,
                        ropeTheta: 500000, tiedEmbeddings: false),
            ModelConfig(family: .gpt2, modelType: "gpt2", vocabSize: 21, hiddenSize: 12, intermediateSize: 48,
                        layerCount: 2, headCount: 3, kvHeadCount: 3, maxPositions: 16, normEpsilon: 1e-5,
                        tiedEmbeddings: true, attentionBias: true, mlpBias: true),
            // Fused qkv (GQA sizes) and gate_up, rotary on 4 of each head's 6 dimensions.
            ModelConfig(family: .phi3, modelType: "phi3", vocabSize: 17, hiddenSize: 12, intermediateSize: 14,
                        layerCount: 2, headCount: 2, kvHeadCount: 1, rotaryDim: 4, maxPositions: 16,
                        normEpsilon: 1e-5, tiedEmbeddings: false),
            // Per-head q/k norms, head_dim 6 with hidden 10 and 3 heads.
            ModelConfig(family: .qwen3, modelType: "qwen3", vocabSize: 19, hiddenSize: 10, intermediateSize: 14,
                        layerCount: 2, headCount: 3, kvHeadCount: 1, headDim: 6, maxPositions: 16,
                        normEpsilon: 1e-6, tiedEmbeddings: true),
        ] + newFamilies()
    }

    /// Gemma 2 (post-norms, 1 + w norms, GeGLU, scaled embeddings, both soft-caps, a window of 2 in 6 tokens),
    /// SmolLM3 (a NoPE layer) and Llama with YaRN (whose attention factor scales the rotation). Gemma 3 is not
    /// here: a tiny random Gemma 3's loss is curved enough that central differences at h = 1e-2 stray by up to 0.29
    /// (as much in float64 with transformers on the same weights, whose autograd agrees with the engine's
    /// gradients to 1e-5); its gradients are checked against transformers by the gemma3_text fixture.
    static func newFamilies() -> [ModelConfig] {
        var gemma2 = ModelConfig(family: .gemma2, modelType: "gemma2", vocabSize: 17, hiddenSize: 12, intermediateSize: 14,
                                 layerCount: 2, headCount: 2, kvHeadCount: 1, headDim: 8, maxPositions: 16,
                                 normEpsilon: 1e-6, tiedEmbeddings: true)
        gemma2.attentionScale = 0.3
        gemma2.attentionSoftcap = 1.5
        gemma2.logitSoftcap = 2
        gemma2.layerAttention = [LayerAttention(window: 2), .global]
        var smol = ModelConfig(family: .smolLM3, modelType: "smollm3", vocabSize: 19, hiddenSize: 12, intermediateSize: 20,
                               layerCount: 2, headCount: 2, kvHeadCount: 1, maxPositions: 16, normEpsilon: 1e-5,
                               tiedEmbeddings: true)
        smol.layerAttention = [.global, LayerAttention(window: 4, rotary: .none)]
        var yarn = ModelConfig(family: .llama, modelType: "llama", vocabSize: 19, hiddenSize: 12, intermediateSize: 20,
                               layerCount: 1, headCount: 2, kvHeadCount: 1, maxPositions: 16, normEpsilon: 1e-5,
                               ropeTheta: 100, tiedEmbeddings: false)
        yarn.ropeScaling = .yarn(RopeScaling.Yarn(factor: 4, originalMaxPositions: 4))
        return [gemma2, smol, yarn]
    }

    static func batch(_ c: ModelConfig, seed: UInt64 = 7) throws -> TokenBatch {
        var g = SeededGenerator(seed: seed)
        let tokens = (0..<12).map { _ in Int32(g.next() % UInt64(c.vocabSize)) }
        var labels = tokens
        labels[0] = TokenBatch.ignoreIndex
        labels[7] = TokenBatch.ignoreIndex
        return try TokenBatch.causal(tokens: tokens, labels: labels, batch: 2, sequenceLength: 6,
                                     vocabSize: c.vocabSize, maxPositions: c.maxPositions)
    }

    @Test(arguments: 0..<8)
    func fullModelBackwardMatchesFiniteDifferences(_ index: Int) throws {
        let config = Self.tinyConfigs()[index]
        let model = TransformerModel(config: config)
        model.initializeRandomly(seed: 3, std: 0.3)
        var g = SeededGenerator(seed: 11)
        for p in model.baseParameters where p.shape.count == 1 {  // non-trivial norms and biases
            for i in 0..<p.count { p.value[i] += 0.2 * g.nextNormal() }
        }
        model.setBaseTrainable(true)
        try model.addLoRA(LoRAConfig(rank: 2, alpha: 4, targetModules: model.blocks[0].projections.map(\.name)), seed: 5)
        model.setBaseTrainable(true)
        for p in model.loraParameters where p.name.contains("lora_B") {
            for i in 0..<p.count { p.value[i] = 0.3 * g.nextNormal() }
        }
        let batch = try Self.batch(config)
        let pass = TrainingPass(model: model, batch: 2, sequenceLength: 6, lossChunkRows: 4)
        _ = pass.lossAndGradients(batch)
        for parameter in model.trainableParameters {
            let analytic = parameter.gradient!.array
            var numeric: [Float] = []
            var picked: [Float] = []
            let stride = max(1, parameter.count / 6)
            for i in Swift.stride(from: 0, to: parameter.count, by: stride) {
                let original = parameter.value[i]
                let h: Float = 1e-2
                parameter.value[i] = original + h
                let plus = pass.targetLogProbabilities(batch).loss.mean
                parameter.value[i] = original - h
                let minus = pass.targetLogProbabilities(batch).loss.mean
                parameter.value[i] = original
                numeric.append((plus - minus) / (2 * h))
                picked.append(analytic[i])
            }
            let scale = max(picked.map(abs).max() ?? 0, 1e-3)
            let worst = zip(numeric, picked).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 2e-2 * scale + 2e-4, "\(config.modelType) \(parameter.name): |fd − analytic| = \(worst), scale \(scale)")
        }
    }
}
