import ArgumentParser
import Foundation
import Runs

/// `loom pretrain`: trains a small Llama-family model from scratch on plain text, tokenizer included, and writes a
/// Hugging Face model folder. This is how `Samples/models/loom-shakespeare` was made.
struct PretrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain",
        abstract: "Train a small model from scratch on text files (tokenizer included).",
        discussion: """
            First a byte-level BPE tokenizer (<|endoftext|> as id 0) is trained on the text with Loom's BPETrainer; \
            then a Llama-family model (RMSNorm, RoPE, SwiGLU, tied embeddings) is trained on random windows of the \
            tokenized text with AdamW (betas 0.9/0.95, weight decay on matrices), warmup and cosine decay. The end \
            of the text is held out for a validation loss. Writes config.json, model.safetensors, tokenizer.json \
            and tokenizer_config.json to --out. Deterministic for a given --seed and thread count.
            """
    )

    @Argument(help: "Plain UTF-8 text files.")
    var text: [String]

    @Option(name: .long, help: "The model folder to write.")
    var out: String

    @Option(name: .long, help: "Tokenizer vocabulary size (with 256 bytes and <|endoftext|>).")
    var vocabSize = 2048
    @Option(name: .long, help: "Hidden size.")
    var hidden = 256
    @Option(name: .long, help: "MLP intermediate size.")
    var intermediate = 688
    @Option(name: .long, help: "Transformer layers.")
    var layers = 4
    @Option(name: .long, help: "Attention heads.")
    var heads = 4
    @Option(name: .long, help: "Key/value heads (grouped-query attention when fewer than --heads).")
    var kvHeads = 4
    @Option(name: .long, help: "Context length (training window and the model's positions).")
    var context = 256
    @Option(name: .long, help: "Windows per step.")
    var batch = 8
    @Option(name: .long, help: "Optimizer steps.")
    var steps = 600
    @Option(name: .long, help: "Peak learning rate.")
    var learningRate = 3e-3
    @Option(name: .long, help: "Warmup steps.")
    var warmup = 30
    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1
    @Option(name: .long, help: "Stop training after this many minutes (0: no limit); the model is still written.")
    var maxMinutes = 0.0

    func validate() throws {
        guard !text.isEmpty else { throw ValidationError("give at least one text file") }
        guard hidden > 0, heads > 0, hidden % heads == 0 else { throw ValidationError("--hidden must be a multiple of --heads") }
        guard kvHeads > 0, heads % kvHeads == 0 else { throw ValidationError("--heads must be a multiple of --kv-heads") }
        guard (hidden / heads) % 2 == 0 else { throw ValidationError("the head size (--hidden / --heads) must be even for RoPE") }
        guard layers > 0, intermediate > 0, context >= 8, batch > 0, steps > 0 else {
            throw ValidationError("--layers, --intermediate, --batch and --steps must be positive and --context at least 8")
        }
        guard learningRate > 0, learningRate < 1 else { throw ValidationError("--learning-rate must be in (0, 1)") }
    }

    func run() throws {
        var settings = PretrainingSettings(textFiles: text)
        settings.vocabularySize = vocabSize
        settings.hiddenSize = hidden
        settings.intermediateSize = intermediate
        settings.layers = layers
        settings.heads = heads
        settings.kvHeads = kvHeads
        settings.contextLength = context
        settings.batchSize = batch
        settings.steps = steps
        settings.learningRate = learningRate
        settings.warmupSteps = warmup
        settings.seed = seed
        settings.maxSeconds = maxMinutes * 60
        print("model: \(settings.modelConfig.parameterCount) parameters (hidden \(hidden), \(layers) layers, \(heads) heads, vocab \(vocabSize), context \(context))")
        let result: PretrainingResult
        do {
            result = try Pretraining.run(settings, to: URL(fileURLWithPath: out)) { p in
                switch p.phase {
                case .tokenizer: print("training the tokenizer…")
                case .tokenizing: print("tokenizing the text…")
                case .writing: print(String(format: "writing the model (validation loss %.4f)…", p.validationLoss ?? .nan))
                case .training:
                    if p.step == 1 || p.step % 25 == 0 || p.validationLoss != nil {
                        var line = String(format: "step %d/%d  loss %.4f  %.0f tok/s  %.0f s", p.step, p.totalSteps,
                                          p.loss ?? .nan, p.tokensPerSecond ?? 0, p.elapsedSeconds)
                        if let v = p.validationLoss { line += String(format: "  validation %.4f", v) }
                        print(line)
                        fflush(stdout)
                    }
                }
            }
        } catch let error as RunFolderError {
            throw ValidationError(error.description)
        }
        print(String(format: "done: %d steps on %d training tokens in %.0f s; loss %.3f → %.3f, validation %.3f; written to %@",
                     result.steps, result.trainTokens, result.seconds, result.firstLoss, result.finalLoss,
                     result.validationLoss, out))
    }
}
