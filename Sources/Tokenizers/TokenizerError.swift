/// Why a tokenizer could not be loaded or used. Every case names where the problem is (a file and a JSON path such as
/// `pre_tokenizer.pretokenizers[1].pattern.Regex`) so that a user can find the offending part of `tokenizer.json`.
public enum TokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be read or is not JSON at all.
    case unreadable(file: String, reason: String)
    /// A field is missing or has the wrong JSON type.
    case malformed(file: String, path: String, reason: String)
    /// The component is valid Hugging Face syntax but Loom does not implement it; the user must pick another tokenizer.
    case unsupported(file: String, path: String, component: String)
    /// The vocabulary or merges are inconsistent (a merge names a token that is not in the vocabulary, …).
    case inconsistent(file: String, path: String, reason: String)
    /// Training was asked for something impossible (vocabulary smaller than the alphabet, no input, …).
    case training(reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read the tokenizer: \(reason)"
        case let .malformed(file, path, reason):
            return "\(file): \(path): \(reason); check that the file is a Hugging Face tokenizer.json"
        case let .unsupported(file, path, component):
            return "\(file): \(path): unsupported component \(component); Loom supports byte-level BPE and "
                + "SentencePiece-style BPE tokenizers (GPT-2, Llama, Qwen2, Mistral families)"
        case let .inconsistent(file, path, reason):
            return "\(file): \(path): \(reason)"
        case let .training(reason):
            return "tokenizer training: \(reason)"
        }
    }
}
