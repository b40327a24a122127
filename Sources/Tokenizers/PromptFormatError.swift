public enum PromptFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    case rolesMustAlternate(format: PromptFormat, index: Int)
    case missingSpecialToken(String)
    case unsupportedRole(format: PromptFormat, role: String)

    public var description: String {
        switch self {
        case let .rolesMustAlternate(format, index):
            return "\(format.rawValue): message \(index) breaks the user/assistant alternation the template requires"
        case let .unsupportedRole(format, role):
            return "\(format.rawValue): the template only supports user and assistant messages, not \(role); "
                + "fold a system prompt into the first user message"
        case let .missingSpecialToken(name):
            return "the tokenizer has no \(name) token; set it in tokenizer_config.json or choose another format"
        }
    }
}
