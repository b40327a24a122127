import Engine
import Foundation
import Kernels
import Support
import Tokenizers

/// Settings of `loom pretrain`: a small Llama-family model trained from scratch on plain text, with a byte-level BPE
/// tokenizer that Loom trains first on the same text.
public struct PretrainingSettings: Sendable, Equatable {
    /// Plain UTF-8 text files (e.g. Tiny Shakespeare).
    public var textFiles: [String]
    public var vocabularySize = 2048
    public var hiddenSize = 256
    public var intermediateSize = 688
    public var layers = 4
    public var heads = 4
    public var kvHeads = 4
    /// Context length: training windows and the model's positions.
    public var contextLength = 256
    public var batchSize = 8
    public var steps = 600
    public var learningRate = 3e-3
    public var minLearningRateRatio = 0.1
    public var warmupSteps = 30
    public var weightDecay = 0.1
    public var seed: UInt64 = 1
    /// Share of the text (its end) held out to report validation loss.
    public var validationFraction = 0.05
    /// Stop early when this much wall time has passed (0: no limit); the model is still written.
    public var maxSeconds = 0.0

    public init(textFiles: [String]) { self.textFiles = textFiles }

    public static let endOfText = "<|endoftext|>"

    public var modelConfig: ModelConfig {
        var config = ModelConfig(family: .llama, modelType: "llama", vocabSize: vocabularySize, hiddenSize: hiddenSize,
                                 intermediateSize: intermediateSize, layerCount: layers, headCount: heads,
                                 kvHeadCount: kvHeads, headDim: hiddenSize / heads, maxPositions: contextLength,
                                 normEpsilon: 1e-5, ropeTheta: 10000, tiedEmbeddings: true, attentionBias: false,
                                 mlpBias: false)
        config.endOfSequenceIds = [0]
        return config
    }
}

/// A progress report of pretraining, for the command's progress line.
public struct PretrainingProgress: Sendable {
    public enum Phase: Sendable { case tokenizer, tokenizing, training, writing }
    public var phase: Phase
    public var step = 0
    public var totalSteps = 0
    public var loss: Double?
    public var validationLoss: Double?
    public var tokensPerSecond: Double?
    public var elapsedSeconds = 0.0
}

/// What pretraining produced.
public struct PretrainingResult: Sendable {
    public var parameters: Int
    public var trainTokens: Int
    public var steps: Int
    public var firstLoss: Double
    public var finalLoss: Double
    public var validationLoss: Double
    public var seconds: Double
}

/// Full training of a small model from scratch, llm.c-style: train the tokenizer, tokenize the text once, then each
/// step takes `batch` random windows of `context + 1` tokens (seeded), forward/backward, clip to 1, AdamW with warmup
/// and cosine decay to `minLearningRateRatio`. Writes a Hugging Face model folder (config.json, model.safetensors,
/// tokenizer.json, tokenizer_config.json) that Loom and transformers load.
public enum Pretraining {
    public static func run(_ settings: PretrainingSettings, to folder: URL,
                           progress: (PretrainingProgress) -> Void = { _ in }) throws -> PretrainingResult {
        let start = Date()
        progress(PretrainingProgress(phase: .tokenizer))
        let tokenizer = try BPETrainer(vocabularySize: settings.vocabularySize, specialTokens: [PretrainingSettings.endOfText])
            .train(files: settings.textFiles)

        progress(PretrainingProgress(phase: .tokenizing))
        var ids: [Int32] = []
        for path in settings.textFiles {
            let text: String
            do { text = try RegularFile.readText(path) } catch let error as RegularFileError {
                throw RunFolderError(path: path, reason: error.reason)
            }
            ids += tokenizer.encode(text, addSpecialTokens: false).map { Int32(truncatingIfNeeded: $0) }
            ids.append(0) // <|endoftext|> between files
        }
        let context = settings.contextLength
        let heldOut = max(context + 1, Int(Double(ids.count) * settings.validationFraction))
        guard ids.count > heldOut + 4 * (context + 1) else {
            throw RunFolderError(path: settings.textFiles.joined(separator: ", "),
                                 reason: "\(ids.count) tokens are too few for a context of \(context); give more text")
        }
        let train = Array(ids[..<(ids.count - heldOut)])
        let validation = Array(ids[(ids.count - heldOut)...])

        let config = settings.modelConfig
        let model = TransformerModel(config: config)
        model.initializeRandomly(seed: settings.seed)
        model.setBaseTrainable(true)
        for parameter in model.baseParameters where parameter.shape.count == 1 { parameter.decays = false }
        let trainer = Trainer(model: model, batch: settings.batchSize, sequenceLength: context, settings: TrainerSettings(
            optimizer: AdamW(learningRate: Float(settings.learningRate), beta1: 0.9, beta2: 0.95, eps: 1e-8,
                             weightDecay: Float(settings.weightDecay)),
            maxGradientNorm: 1))
        let pass = trainer.pass
        var generator = SeededGenerator(seed: settings.seed ^ 0xDA7A)
        func batch(from source: [Int32], random: Bool, index: Int) throws -> TokenBatch {
            var tokens: [Int32] = [], labels: [Int32] = []
            for row in 0..<settings.batchSize {
                let span = source.count - context - 1
                let offset = random ? Int(generator.next() % UInt64(span)) : ((index * settings.batchSize + row) * context) % span
                tokens += source[offset..<(offset + context)]
                labels += source[(offset + 1)..<(offset + context + 1)]
            }
            // Targets are the next tokens already: give them as labels shifted back by one.
            return try TokenBatch(tokens: tokens, targets: labels, batch: settings.batchSize, sequenceLength: context,
                                  vocabSize: config.vocabSize, maxPositions: config.maxPositions)
        }
        func validationLoss() throws -> Double {
            let batches = max(1, min(8, validation.count / (settings.batchSize * context)))
            var sum = 0.0
            for index in 0..<batches { sum += Double(pass.targetLogProbabilities(try batch(from: validation, random: false, index: index)).loss.mean) }
            return sum / Double(batches)
        }
        let decay = LearningRateSchedule(peak: 1, schedule: .cosine, warmupSteps: settings.warmupSteps, totalSteps: settings.steps)
        var firstLoss = Double.nan, lastLoss = Double.nan, smoothed: Double?
        let trainStart = Date()
        var step = 0
        while step < settings.steps {
            if settings.maxSeconds > 0 && Date().timeIntervalSince(start) > settings.maxSeconds { break }
            let factor = step < settings.warmupSteps ? decay.rate(afterSteps: step)
                : settings.minLearningRateRatio + (1 - settings.minLearningRateRatio) * decay.rate(afterSteps: step)
            let report = try trainer.step(microBatches: 1, learningRate: settings.learningRate * factor) {
                try batch(from: train, random: true, index: 0)
            }
            let loss = Double(report.loss)
            guard report.applied else {
                throw RunFolderError(path: folder.path, reason: "loss became \(loss) (gradient norm \(report.gradientNorm)) at step \(step + 1); lower --learning-rate")
            }
            step += 1
            if step == 1 { firstLoss = loss }
            lastLoss = loss
            smoothed = smoothed.map { 0.9 * $0 + 0.1 * loss } ?? loss
            let seconds = Date().timeIntervalSince(trainStart)
            var progressReport = PretrainingProgress(
                phase: .training, step: step, totalSteps: settings.steps, loss: smoothed,
                tokensPerSecond: Double(step * settings.batchSize * context) / max(seconds, 1e-9),
                elapsedSeconds: Date().timeIntervalSince(start))
            if step % 100 == 0 { progressReport.validationLoss = try validationLoss() }
            progress(progressReport)
        }
        let finalValidation = try validationLoss()
        progress(PretrainingProgress(phase: .writing, step: step, totalSteps: settings.steps, loss: smoothed,
                                     validationLoss: finalValidation, elapsedSeconds: Date().timeIntervalSince(start)))
        try writeModelFolder(model: model, tokenizer: tokenizer, settings: settings, to: folder)
        return PretrainingResult(parameters: config.parameterCount, trainTokens: train.count, steps: step,
                                 firstLoss: firstLoss, finalLoss: smoothed ?? lastLoss, validationLoss: finalValidation,
                                 seconds: Date().timeIntervalSince(start))
    }

    /// The model folder: weights, config.json, the tokenizer and its config (end-of-text as BOS, EOS and padding).
    public static func writeModelFolder(model: TransformerModel, tokenizer: Tokenizer, settings: PretrainingSettings,
                                        to folder: URL) throws {
        try ModelFolderWriter.write(model: model, copyingFilesFrom: nil, to: folder)
        try AtomicFile.write(llamaConfigJSON(model.config, eosTokenId: 0), to: folder.appendingPathComponent("config.json"))
        try AtomicFile.write(Data(TokenizerFileWriter.json(tokenizer).utf8), to: folder.appendingPathComponent("tokenizer.json"))
        let tokenizerConfig: [String: Any] = [
            "tokenizer_class": "PreTrainedTokenizerFast", "bos_token": PretrainingSettings.endOfText,
            "eos_token": PretrainingSettings.endOfText, "pad_token": PretrainingSettings.endOfText,
            "unk_token": NSNull(), "model_max_length": settings.contextLength, "add_bos_token": false, "add_eos_token": false,
            "clean_up_tokenization_spaces": false,
        ]
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: tokenizerConfig, options: [.prettyPrinted, .sortedKeys]),
                             to: folder.appendingPathComponent("tokenizer_config.json"))
    }

    /// A transformers `LlamaConfig` for a Llama-family `ModelConfig`.
    public static func llamaConfigJSON(_ c: ModelConfig, eosTokenId: Int) throws -> Data {
        let object: [String: Any] = [
            "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": c.vocabSize,
            "hidden_size": c.hiddenSize, "intermediate_size": c.intermediateSize, "num_hidden_layers": c.layerCount,
            "num_attention_heads": c.headCount, "num_key_value_heads": c.kvHeadCount, "head_dim": c.headDim,
            "max_position_embeddings": c.maxPositions, "rms_norm_eps": Double(c.normEpsilon), "rope_theta": Double(c.ropeTheta),
            "tie_word_embeddings": c.tiedEmbeddings, "attention_bias": false, "mlp_bias": false, "hidden_act": "silu",
            "bos_token_id": eosTokenId, "eos_token_id": eosTokenId, "torch_dtype": "float32", "initializer_range": 0.02,
            "rope_scaling": NSNull(), "attention_dropout": 0.0, "use_cache": true,
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
