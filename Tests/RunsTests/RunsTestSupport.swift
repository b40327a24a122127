import Engine
import Foundation
import Runs
import Tokenizers

/// Small models, data and folders made on the fly, so the tests need no files but the committed fixtures.
enum RunsTestSupport {
    static let text = """
        The quick brown fox jumps over the lazy dog. A stitch in time saves nine.
        Compute the sum of the two numbers: 488 and 58 give 546. Count the vowels in the word cobalt.
        How many miles are there in 12 kilometres? About 7.456 miles. What is the mean of 14, 53 and 45?
        """

    /// A fresh empty folder under the temporary directory.
    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-runs-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A tiny randomly initialised Llama model with a byte-level BPE tokenizer trained on `text`, written as a Hugging
    /// Face folder the way `loom pretrain` writes one.
    static func tinyModel(in folder: URL, seed: UInt64 = 3) throws -> URL {
        let textFile = folder.appendingPathComponent("corpus.txt")
        try text.write(to: textFile, atomically: true, encoding: .utf8)
        var settings = PretrainingSettings(textFiles: [textFile.path])
        settings.vocabularySize = 300
        settings.hiddenSize = 32
        settings.intermediateSize = 48
        settings.layers = 2
        settings.heads = 2
        settings.kvHeads = 1
        settings.contextLength = 64
        let tokenizer = try BPETrainer(vocabularySize: settings.vocabularySize,
                                       specialTokens: [PretrainingSettings.endOfText]).train(files: [textFile.path])
        let model = TransformerModel(config: settings.modelConfig)
        model.initializeRandomly(seed: seed)
        let out = folder.appendingPathComponent("model")
        try Pretraining.writeModelFolder(model: model, tokenizer: tokenizer, settings: settings, to: out)
        return out
    }

    /// An Alpaca-style JSONL file of `count` records (and optionally one bad line).
    static func alpacaFile(in folder: URL, count: Int, badLine: Bool = false) throws -> URL {
        var lines: [String] = []
        for i in 0..<count {
            let a = (i * 37) % 100, b = (i * 11) % 50
            lines.append("{\"instruction\": \"Compute the sum of the two numbers.\", \"input\": \"\(a) and \(b)\", \"output\": \"\(a) + \(b) = \(a + b).\"}")
            if badLine && i == 2 { lines.append("{\"instruction\": \"no output here\"}") }
        }
        let url = folder.appendingPathComponent("data.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A small LoRA run over the tiny model and data.
    static func runConfig(model: URL, data: URL, steps: Int = 6) -> RunConfig {
        var config = RunConfig()
        config.name = "test"
        config.model.base = model.path
        config.data.train = [data.path]
        config.data.promptFormat = "completion"
        config.data.sequenceLength = 64
        config.data.evalFraction = 0.2
        config.lora.rank = 4
        config.lora.dropout = 0.1
        config.lora.targets = ["q_proj", "v_proj", "down_proj"]
        config.training.learningRate = 1e-2
        config.training.maxSteps = steps
        config.training.batchSize = 2
        config.training.gradientAccumulation = 2
        config.training.warmupSteps = 2
        config.evaluation.every = 3
        config.evaluation.samplePrompts = ["Compute the sum of the two numbers.\n\n3 and 4"]
        config.evaluation.sampleMaxTokens = 8
        config.checkpoint.every = 2
        return config
    }

    static func formatter(model: URL, format: String = "alpaca") throws -> PromptFormatter {
        try ExampleBuilder.formatter(promptFormat: format, tokenizerFolder: model)
    }
}
