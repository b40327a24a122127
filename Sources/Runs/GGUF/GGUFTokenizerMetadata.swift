import Foundation
import Support
import Tokenizers

/// The `tokenizer.*` keys of a GGUF file, read from a Hugging Face folder's tokenizer.json, tokenizer_config.json
/// (or chat_template.jinja) and config.json, as llama.cpp's loader expects them: `tokenizer.ggml.model` `gpt2`
/// (byte-level BPE with merges), a `tokenizer.ggml.pre` llama.cpp knows (an unknown one is a load error), every
/// token with its type, the merges, the special ids, `add_bos_token`, and the chat template.
public enum GGUFTokenizerMetadata {
    /// ggml token types (llama.cpp's `llama_token_type`).
    public enum TokenType: Int32, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// The llama.cpp pre-tokenizer that splits text as this tokenizer's pre-tokenizer does, or nil when it is none
    /// this code recognises (then `--tokenizer-pre` names one).
    public static func preTokenizerName(of tokenizer: Tokenizer) -> String? {
        switch tokenizer.normalizer {
        case nil, .nfc?: break  // Qwen2's NFC is what llama.cpp's qwen2 pre-tokenizer assumes of its input
        default: return nil
        }
        switch tokenizer.preTokenizer {
        case .byteLevel(addPrefixSpace: false, useRegex: true)?:
            return "gpt-2"
        case .sequence(let steps)?:
            if steps == [.digits(individual: true), .byteLevel(addPrefixSpace: false, useRegex: true)] { return "smollm" }
            guard steps.count == 2, case .split(.regex(let pattern), behavior: _, invert: false) = steps[0],
                  steps[1] == .byteLevel(addPrefixSpace: false, useRegex: false) else { return nil }
            switch pattern {
            case .llama3: return "llama-bpe"
            case .qwen2: return "qwen2"
            case .gpt2: return "gpt-2"
            }
        default:
            return nil
        }
    }

    /// Reads the folder's tokenizer files. `vocabSize` is the model's embedding rows: ids the tokenizer lacks are
    /// written as `[PADn]` tokens of type unused (as convert_hf_to_gguf does), so the vocabulary matches the model.
    public static func read(folder: URL, vocabSize: Int, preOverride: String?) throws -> [(String, GGUFMetadataValue)] {
        let tokenizerPath = folder.appendingPathComponent("tokenizer.json").path
        guard FileManager.default.fileExists(atPath: tokenizerPath) else {
            throw GGUFExportError(path: tokenizerPath, reason: "missing; a GGUF file carries the vocabulary, so the model folder needs its tokenizer.json")
        }
        let tokenizer: Tokenizer
        do { tokenizer = try Tokenizer(contentsOfFile: tokenizerPath) } catch {
            throw GGUFExportError(path: tokenizerPath, reason: "\(error)")
        }
        guard tokenizer.model.byteLevel else {
            throw GGUFExportError(path: tokenizerPath, reason: "only byte-level BPE tokenizers (GPT-2, Llama 3, Qwen2, SmolLM) are exported; SentencePiece-style ones (Metaspace, byte fallback) are not yet")
        }
        guard let pre = preOverride ?? preTokenizerName(of: tokenizer) else {
            throw GGUFExportError(path: tokenizerPath, reason: "its pre_tokenizer matches none llama.cpp knows by name (gpt-2, llama-bpe, qwen2, smollm); name one with --tokenizer-pre")
        }
        guard tokenizer.vocabularySize <= vocabSize else {
            throw GGUFExportError(path: tokenizerPath, reason: "has \(tokenizer.vocabularySize) tokens but the model's vocab_size is \(vocabSize)")
        }
        var tokens: [String] = [], types: [Int32] = []
        tokens.reserveCapacity(vocabSize)
        types.reserveCapacity(vocabSize)
        let added = Dictionary(tokenizer.addedTokens.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for id in 0..<vocabSize {
            guard let token = tokenizer.token(for: UInt32(id)) else {
                tokens.append("[PAD\(id)]")
                types.append(TokenType.unused.rawValue)
                continue
            }
            tokens.append(token)
            if let a = added[UInt32(id)] {
                types.append((a.special ? TokenType.control : TokenType.userDefined).rawValue)
            } else {
                types.append(TokenType.normal.rawValue)
            }
        }
        var out: [(String, GGUFMetadataValue)] = [
            ("tokenizer.ggml.model", .string("gpt2")),
            ("tokenizer.ggml.pre", .string(pre)),
            ("tokenizer.ggml.tokens", .stringArray(tokens)),
            ("tokenizer.ggml.token_type", .int32Array(types)),
            ("tokenizer.ggml.merges", .stringArray(tokenizer.model.merges.map { "\($0.0) \($0.1)" })),
        ]
        let configPath = folder.appendingPathComponent("tokenizer_config.json").path
        var settings = TokenizerConfig()
        if FileManager.default.fileExists(atPath: configPath) {
            do { settings = try TokenizerConfig(contentsOfFile: configPath) } catch {
                throw GGUFExportError(path: configPath, reason: "\(error)")
            }
        }
        let modelConfig = try modelConfigIds(folder: folder)
        func id(_ text: String?, _ key: String) throws -> UInt32? {
            guard let text else { return nil }
            guard let id = tokenizer.id(for: text) else {
                throw GGUFExportError(path: configPath, reason: "\(key) \(text.debugDescription) is not a token of tokenizer.json")
            }
            return id
        }
        let bos = try id(settings.bosToken, "bos_token") ?? modelConfig.bos
        let eos = try id(settings.eosToken, "eos_token") ?? modelConfig.eos
        let pad = try id(settings.padToken, "pad_token")
        for (key, value) in [("bos", bos), ("eos", eos), ("padding", pad)] {
            guard let value else { continue }
            guard Int(value) < vocabSize else {
                throw GGUFExportError(path: configPath, reason: "the \(key) token id \(value) is not below vocab_size \(vocabSize)")
            }
            out.append(("tokenizer.ggml.\(key)_token_id", .uint32(value)))
        }
        if let unknown = tokenizer.model.unknownToken, let unknownId = tokenizer.id(for: unknown) {
            out.append(("tokenizer.ggml.unknown_token_id", .uint32(unknownId)))
        }
        out.append(("tokenizer.ggml.add_bos_token", .bool(settings.addBOSToken ?? postProcessorAddsBOS(tokenizer))))
        if let addEOS = settings.addEOSToken { out.append(("tokenizer.ggml.add_eos_token", .bool(addEOS))) }
        if let template = try chatTemplate(settings: settings, folder: folder) {
            out.append(("tokenizer.chat_template", .string(template)))
        }
        return out
    }

    /// Whether encoding adds a special token in front of the text (a TemplateProcessing that starts with one).
    static func postProcessorAddsBOS(_ tokenizer: Tokenizer) -> Bool {
        if case .template(let single, _)? = tokenizer.postProcessor, case .special? = single.first { return true }
        return false
    }

    /// tokenizer_config.json's `chat_template`, else the `chat_template.jinja` file transformers 5 writes beside it.
    static func chatTemplate(settings: TokenizerConfig, folder: URL) throws -> String? {
        if let template = settings.chatTemplate { return template }
        let path = folder.appendingPathComponent("chat_template.jinja").path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do { return try RegularFile.readText(path, limit: 10_000_000) } catch let error as RegularFileError {
            throw GGUFExportError(path: path, reason: error.reason)
        }
    }

    /// `bos_token_id` and the first `eos_token_id` of config.json, used when tokenizer_config.json names none.
    static func modelConfigIds(folder: URL) throws -> (bos: UInt32?, eos: UInt32?) {
        let path = folder.appendingPathComponent("config.json").path
        guard let data = try? RegularFile.read(path, limit: 10_000_000),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return (nil, nil) }
        func first(_ key: String) -> UInt32? {
            let number = (object[key] as? NSNumber) ?? (object[key] as? [NSNumber])?.first
            guard let number, number.intValue >= 0, number.intValue <= Int(UInt32.max) else { return nil }
            return UInt32(number.intValue)
        }
        return (first("bos_token_id"), first("eos_token_id"))
    }
}
