import Foundation

/// The parts of a model's `tokenizer_config.json` that matter for training: special token names, whether BOS/EOS
/// are added, and the chat template (its Jinja text, used to recognise the prompt format).
public struct TokenizerConfig: Sendable, Equatable {
    public var bosToken: String?
    public var eosToken: String?
    public var padToken: String?
    public var addBOSToken: Bool?
    public var addEOSToken: Bool?
    public var chatTemplate: String?

    public init(bosToken: String? = nil, eosToken: String? = nil, padToken: String? = nil, addBOSToken: Bool? = nil,
                addEOSToken: Bool? = nil, chatTemplate: String? = nil) {
        self.bosToken = bosToken
        self.eosToken = eosToken
        self.padToken = padToken
        self.addBOSToken = addBOSToken
        self.addEOSToken = addEOSToken
        self.chatTemplate = chatTemplate
    }

    public init(contentsOfFile path: String) throws {
        try self.init(node: try JSONNode.load(path: path))
    }

    public init(json data: Data, source: String = "tokenizer_config.json") throws {
        try self.init(node: try JSONNode.parse(data: data, file: source))
    }

    init(node: JSONNode) throws {
        guard node.isObject else { throw node.malformed("expected a JSON object") }
        /// Special tokens are written either as a string or as an AddedToken object with `content`.
        func token(_ key: String) throws -> String? {
            guard let n = node.child(key) else { return nil }
            if let s = n.stringValue { return s }
            return try n.required("content").string()
        }
        bosToken = try token("bos_token")
        eosToken = try token("eos_token")
        padToken = try token("pad_token")
        addBOSToken = try node.child("add_bos_token")?.bool()
        addEOSToken = try node.child("add_eos_token")?.bool()
        if let t = node.child("chat_template") {
            if let s = t.stringValue {
                chatTemplate = s
            } else {
                // A list of named templates: the one named "default", else the first.
                let named = try t.array().map { (try $0.required("name").string(), try $0.required("template").string()) }
                chatTemplate = named.first { $0.0 == "default" }?.1 ?? named.first?.1
            }
        }
    }

    /// The prompt format the chat template implements, if Loom recognises it.
    public var promptFormat: PromptFormat? { chatTemplate.flatMap(PromptFormat.detect(chatTemplate:)) }
}
