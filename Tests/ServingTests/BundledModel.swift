import Engine
import Foundation
import Serving
import Tokenizers

/// The sample model shipped in Samples/models, loaded once for the suites that need a real engine.
enum BundledModel {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples/models/loom-shakespeare")

    static let loaded: (model: TransformerModel, tokenizer: Tokenizer, formatter: PromptFormatter)? = {
        guard let model = try? TransformerModel.load(folder: folder),
              let tokenizer = try? Tokenizer(contentsOfFile: folder.appendingPathComponent("tokenizer.json").path),
              let config = try? TokenizerConfig(contentsOfFile: folder.appendingPathComponent("tokenizer_config.json").path),
              let formatter = try? PromptFormatter(tokenizer: tokenizer, config: config) else { return nil }
        return (model, tokenizer, formatter)
    }()

    static func served() throws -> ServedModel {
        guard let loaded else { throw BundledModelMissing() }
        return ServedModel(name: "loom-shakespeare",
                           backend: EngineBackend(model: loaded.model, tokenizer: loaded.tokenizer, formatter: loaded.formatter))
    }

    /// What `loom generate --prompt PROMPT --max-new-tokens N` prints (greedy).
    static func generate(_ prompt: String, maxNewTokens: Int) throws -> String {
        guard let loaded else { throw BundledModelMissing() }
        let ids = loaded.tokenizer.encode(prompt).map { Int32(truncatingIfNeeded: $0) }
        let out = try TextGenerator(model: loaded.model).generate(prompt: ids, maxNewTokens: maxNewTokens,
                                                                  stopTokens: Set(loaded.model.config.endOfSequenceIds))
        return loaded.tokenizer.decode(out.map { UInt32(bitPattern: $0) }, skipSpecialTokens: true)
    }
}

struct BundledModelMissing: Error, CustomStringConvertible {
    var description: String { "Samples/models/loom-shakespeare did not load" }
}
