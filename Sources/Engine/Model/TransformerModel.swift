import Foundation
import Kernels

/// A decoder-only language model of any registered family, with its weights in memory as f32.
///
/// Tensor names are the checkpoint's, so the model loads a Hugging Face folder directly and its gradients and
/// updated weights can be compared with PyTorch's by name. A model runs one pass at a time (it keeps LoRA
/// activations of the latest forward pass for the backward pass).
public final class TransformerModel: @unchecked Sendable {
    public let config: ModelConfig
    public let embedding: ParameterTensor
    /// GPT-2's learned position embedding.
    public let positionEmbedding: ParameterTensor?
    public let blocks: [TransformerBlock]
    public let finalNorm: ParameterTensor
    public let finalNormBias: ParameterTensor?
    /// The output projection `[vocab, hidden]`; the same tensor as `embedding` when the embeddings are tied.
    public let lmHead: ParameterTensor
    /// Tensors of the checkpoint that the config does not use (set by `load`), for a warning.
    public private(set) var unusedTensors: [String] = []
    /// RoPE cos/sin for every position the config allows, over the rotary part of a head (rotary families only).
    let rope: RoPETable?
    /// The local layers' table when their rotary embedding differs (Gemma 3).
    let localRope: RoPETable?

    /// A model with every weight zero; `load` or `initializeRandomly` fills it. Every tensor's name and shape
    /// come from the config's architecture; `checkpointPrefix` replaces its prefix (GPT-2's original checkpoints
    /// have none).
    public init(config: ModelConfig, checkpointPrefix: String? = nil) {
        self.config = config
        let h = config.hiddenSize, names = config.architecture.names
        let prefix = checkpointPrefix ?? names.prefix
        embedding = ParameterTensor(name: prefix + names.embedding + ".weight", shape: [config.vocabSize, h])
        if config.architecture.positions == .learned, let positions = names.positionEmbedding {
            positionEmbedding = ParameterTensor(name: prefix + positions + ".weight", shape: [config.maxPositions, h])
        } else {
            positionEmbedding = nil
        }
        blocks = (0..<config.layerCount).map { TransformerBlock(config: config, index: $0, prefix: prefix) }
        finalNorm = ParameterTensor(name: prefix + names.finalNorm + "." + names.normWeight, shape: [h])
        finalNormBias = config.architecture.norm == .layer
            ? ParameterTensor(name: prefix + names.finalNorm + "." + names.normBias, shape: [h]) : nil
        lmHead = config.tiedEmbeddings
            ? embedding : ParameterTensor(name: names.outputProjection + ".weight", shape: [config.vocabSize, h])
        func table(_ rotary: RotaryEmbedding) -> RoPETable {
            RoPETable(positions: config.maxPositions, headDim: config.rotaryDim,
                      inverseFrequencies: rotary.inverseFrequencies(dim: config.rotaryDim),
                      attentionFactor: rotary.attentionFactor)
        }
        let rotary = config.architecture.positions == .rotary
        rope = rotary ? table(RotaryEmbedding(theta: Double(config.ropeTheta), scaling: config.ropeScaling)) : nil
        localRope = rotary ? config.localRotary.map(table) : nil
    }

    /// The rotary table layer `layer` uses, or nil for a layer without positions.
    func rotaryTable(forLayer layer: Int) -> RoPETable? {
        switch config.attention(ofLayer: layer).rotary {
        case .global: rope
        case .local: localRope ?? rope
        case .none: nil
        }
    }

    /// The factor token embeddings are multiplied by (√hidden rounded to f32, Gemma), or nil.
    var embeddingScale: Float? {
        config.architecture.scaledEmbedding ? Float(Double(config.hiddenSize).squareRoot()) : nil
    }

    /// Calls `body` with the weight a norm scales by: the stored one, or `offset + weight` (Gemma's `1 + w`).
    func withNormWeight<R>(_ weight: ParameterTensor, _ body: (UnsafePointer<Float>) -> R) -> R {
        let offset = config.architecture.normWeightOffset
        guard offset != 0 else { return body(weight.value.pointer) }
        let shifted = (0..<weight.count).map { offset + weight.value[$0] }
        return shifted.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// Applies the final logit soft-capping in place to `count` logits (nothing when the model has none).
    public func capLogits(_ logits: UnsafeMutablePointer<Float>, count: Int) {
        guard let cap = config.logitSoftcap else { return }
        SoftCap.forward(logits, count: count, cap: cap, tanh: nil)
    }

    /// Loads `config.json` and the safetensors weights of a Hugging Face model folder.
    public static func load(folder: URL) throws -> TransformerModel {
        let config = try ModelConfig(folder: folder)
        let weights = try ModelWeights(folder: folder)
        var prefix: String?
        // The original GPT-2 checkpoints name their tensors without the `transformer.` prefix.
        let names = config.architecture.names
        let embeddingName = names.embedding + ".weight"
        if !weights.contains(names.prefix + embeddingName), weights.contains(embeddingName), names.prefix == "transformer." {
            prefix = ""
        }
        // Tensor names depend only on the family, layer count, biases and tying: a tiny skeleton lists them, so a
        // missing tensor is named before anything large is allocated.
        var skeleton = config
        (skeleton.vocabSize, skeleton.hiddenSize, skeleton.intermediateSize) = (1, 2, 1)
        (skeleton.headCount, skeleton.kvHeadCount, skeleton.headDim, skeleton.rotaryDim, skeleton.maxPositions) = (1, 1, 2, 2, 1)
        for parameter in TransformerModel(config: skeleton, checkpointPrefix: prefix).baseParameters
        where !weights.contains(parameter.name) {
            throw SafetensorsError(path: folder.path, tensor: parameter.name,
                                   reason: "the checkpoint has no such tensor; the config and weights do not match")
        }
        // Check the config's size against the weights before allocating anything, so that a hostile or
        // mismatched config.json cannot make the model allocate more than the files hold.
        let stored = weights.names.reduce(0) { $0 + (weights.info($1)?.elementCount ?? 0) }
        if config.parameterCount > stored {
            throw ModelConfigError(path: folder.appendingPathComponent("config.json").path, field: nil,
                                   reason: "describes \(config.parameterCount) parameters but the weights hold \(stored); the config and weights do not match")
        }
        let model = TransformerModel(config: config, checkpointPrefix: prefix)
        for parameter in model.baseParameters {
            let values = try weights.floats(parameter.name, shape: parameter.shape)
            values.withUnsafeBufferPointer { parameter.value.pointer.update(from: $0.baseAddress!, count: values.count) }
        }
        // As transformers warns: tensors on disk that the config does not use (more layers than num_hidden_layers,
        // a head the architecture lacks) are ignored, and the caller is told which.
        let used = Set(model.baseParameters.map(\.name) + [model.lmHead.name])
        model.unusedTensors = weights.names.filter { !used.contains($0) }.sorted()
        return model
    }

    /// Fills every weight as the reference initialisers do (normal with std 0.02, norms one, biases zero), from a
    /// seed; for benchmarks and tests that need a model of a given shape without a checkpoint.
    public func initializeRandomly(seed: UInt64, std: Float = 0.02) {
        var generator = SeededGenerator(seed: seed)
        let one = 1 - config.architecture.normWeightOffset  // the stored weight that scales by 1
        for parameter in baseParameters {
            let isNormOrBias = parameter.shape.count == 1
            let isNormWeight = isNormOrBias && (parameter.name.contains("norm") || parameter.name.contains("ln_"))
                && parameter.name.hasSuffix("weight")
            for i in 0..<parameter.count {
                parameter.value[i] = isNormWeight ? one : isNormOrBias ? 0 : std * generator.nextNormal()
            }
        }
    }

    /// Every base weight once (the tied output projection is not repeated), in a fixed order.
    public var baseParameters: [ParameterTensor] {
        var out = [embedding]
        if let positionEmbedding { out.append(positionEmbedding) }
        for block in blocks { out += block.baseParameters }
        out.append(finalNorm)
        if let finalNormBias { out.append(finalNormBias) }
        if lmHead !== embedding { out.append(lmHead) }
        return out
    }

    /// The LoRA weights of every adapted projection, in layer order.
    public var loraParameters: [ParameterTensor] {
        blocks.flatMap { $0.projections.compactMap { $0.linear.lora }.flatMap { $0.parameters } }
            .reduce(into: [ParameterTensor]()) { list, p in if !list.contains(where: { $0 === p }) { list.append(p) } }
    }

    /// Whatever the optimizer updates: the trainable base weights and the LoRA weights.
    public var trainableParameters: [ParameterTensor] {
        (baseParameters + loraParameters).filter(\.isTrainable)
    }

    /// Freezes (or unfreezes, for full fine-tuning) every base weight.
    public func setBaseTrainable(_ trainable: Bool) {
        for parameter in baseParameters { parameter.setTrainable(trainable) }
    }

    /// Adds a fresh LoRA branch (PEFT's default init) to every projection whose module name is in
    /// `config.targetModules`. The base weights are frozen. Returns the number of adapted projections.
    @discardableResult
    public func addLoRA(_ lora: LoRAConfig, seed: UInt64) throws -> Int {
        let known = Set(blocks.first?.projections.map(\.name) ?? [])
        for target in lora.targetModules where !known.contains(target) {
            throw ModelConfigError(path: "LoRA config", field: "target_modules",
                                   reason: "'\(target)' is not a projection of a \(config.modelType) model; choose from \(known.sorted())")
        }
        guard lora.rank > 0, lora.rank <= 4096, lora.dropout >= 0, lora.dropout < 1 else {
            throw ModelConfigError(path: "LoRA config", field: "r", reason: "rank must be in 1...4096 and dropout in [0, 1)")
        }
        setBaseTrainable(false)
        var count = 0
        for (layer, block) in blocks.enumerated() {
            for (index, (name, linear)) in block.projections.enumerated() where lora.targetModules.contains(name) && linear.lora == nil {
                let seed = seed &+ UInt64(layer) &* 1_000_003 &+ UInt64(index) &* 7919
                linear.lora = LoRALinear(path: linear.path, inFeatures: linear.inFeatures,
                                         outFeatures: linear.outFeatures, config: lora, seed: seed)
                count += 1
            }
        }
        return count
    }

    /// Number of weights that training updates.
    public var trainableParameterCount: Int { trainableParameters.reduce(0) { $0 + $1.count } }

    /// The architecture's normalisation of `rows` rows of `x` into `out`: RMSNorm, or LayerNorm with bias. `mean`
    /// and `rstd` receive what the backward pass needs, or are nil at inference.
    func normalize(_ x: UnsafePointer<Float>, weight: ParameterTensor, bias: ParameterTensor?,
                   out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>?,
                   rstd: UnsafeMutablePointer<Float>?, rows: Int) {
        switch config.architecture.norm {
        case .rms:
            withNormWeight(weight) { w in
                RMSNorm.forward(x: x, weight: w, y: out, rstd: rstd, rows: rows, cols: config.hiddenSize,
                                eps: config.normEpsilon)
            }
        case .layer:
            LayerNorm.forward(x: x, weight: weight.value.pointer, bias: bias?.value.pointer, y: out, mean: mean,
                              rstd: rstd, rows: rows, cols: config.hiddenSize, eps: config.normEpsilon)
        }
    }
}
