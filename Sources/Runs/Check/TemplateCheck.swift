import Foundation
import Tokenizers

/// Whether the prompt layout a run trains with matches the model: the chat template in its tokenizer_config.json
/// and the special tokens the layout needs. A mismatch trains a format the model will never be prompted with.
enum TemplateCheck {
    /// Tokens a layout writes that must be single tokens of the vocabulary (else they are learned as text).
    static func markers(of format: PromptFormat) -> [String] {
        switch format {
        case .chatML: return ["<|im_start|>", "<|im_end|>"]
        case .llama3: return ["<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]
        default: return []
        }
    }

    static func findings(config: RunConfig, formatter: PromptFormatter) -> [CheckFinding] {
        guard config.data.format != .text else { return [] }
        let file = config.tokenizerFolderURL.appendingPathComponent("tokenizer_config.json")
        var out: [CheckFinding] = []
        func add(_ severity: CheckSeverity, _ message: String) {
            out.append(CheckFinding(kind: .templateMismatch, severity: severity, file: file.lastPathComponent, line: 0,
                                    message: message))
        }
        let template = (try? TokenizerConfig(contentsOfFile: file.path))?.chatTemplate
        let chosen = formatter.format
        if let template {
            if let detected = PromptFormat.detect(chatTemplate: template) {
                if detected != chosen {
                    add(.error, "data.prompt_format trains '\(chosen.rawValue)' but the model's chat template is "
                        + "'\(detected.rawValue)'; set data.prompt_format = \"auto\" (or \"\(detected.rawValue)\")")
                }
            } else {
                add(.warning, "the model's chat template is not one Loom knows; the run trains '\(chosen.rawValue)', "
                    + "which may not be how the model is prompted")
            }
        }
        for marker in markers(of: chosen) where formatter.tokenizer.id(for: marker) == nil {
            add(.error, "'\(marker)' of the \(chosen.rawValue) layout is not a token of this tokenizer: it would be "
                + "learned as ordinary text; choose the model's own data.prompt_format")
        }
        if formatter.tokenizer.id(for: formatter.eosToken) == nil {
            add(.error, "the end-of-sequence token '\(formatter.eosToken)' is not in the vocabulary; set eos_token in "
                + "tokenizer_config.json")
        }
        return out
    }
}
