import Foundation
import Testing
@testable import Tokenizers

/// Prompt formats against `transformers.apply_chat_template` renderings (make_chat_fixtures.py).
@Suite struct PromptFormatTests {
    struct Golden {
        var template: String
        var tokenizer: String
        var bos: String
        var eos: String
        var cases: [(messages: [ChatMessage], generation: Bool, text: String, ids: [UInt32])]
    }

    static func goldens() throws -> [String: Golden] {
        let data = try Data(contentsOf: Fixtures.directory.appendingPathComponent("chat_templates.expected.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: [String: Any]]
        return root.mapValues { g in
            Golden(template: g["template"] as! String, tokenizer: g["tokenizer"] as! String, bos: g["bos"] as! String,
                   eos: g["eos"] as! String, cases: (g["cases"] as! [[String: Any]]).map { c in
                       ((c["messages"] as! [[String: String]]).map { ChatMessage(role: $0["role"]!, content: $0["content"]!) },
                        c["add_generation_prompt"] as! Bool, c["text"] as! String,
                        (c["ids"] as! [NSNumber]).map(\.uint32Value))
                   })
        }
    }

    @Test(arguments: ["chatml", "chatml_default_system", "llama3", "llama2", "mistral", "mistral_v01", "zephyr",
                      "alpaca"])
    func rendersLikeTransformers(name: String) throws {
        let golden = try #require(try Self.goldens()[name])
        let format = try #require(PromptFormat.detect(chatTemplate: golden.template))
        #expect(format.rawValue == String(name.split(separator: "_")[0]))
        let tokenizer = try Fixtures.tokenizer(golden.tokenizer)
        let config = TokenizerConfig(bosToken: golden.bos, eosToken: golden.eos, chatTemplate: golden.template)
        let formatter = try PromptFormatter(tokenizer: tokenizer, config: config)
        #expect(formatter.format == format)
        for c in golden.cases {
            let p = try formatter.encode(c.messages, addGenerationPrompt: c.generation)
            #expect(p.text == c.text, "\(name): \(c.text.debugDescription)")
            #expect(p.ids == c.ids, "\(name): \(c.text.debugDescription)")
            #expect(p.lossMask.count == p.ids.count)
        }
    }

    /// The learned tokens decode to exactly the assistant replies with their end-of-turn token.
    @Test(arguments: ["chatml", "llama3", "alpaca"])
    func lossMaskCoversOnlyAssistantReplies(name: String) throws {
        let golden = try #require(try Self.goldens()[name])
        let tokenizer = try Fixtures.tokenizer(golden.tokenizer)
        let formatter = try PromptFormatter(tokenizer: tokenizer, config: TokenizerConfig(
            bosToken: golden.bos, eosToken: golden.eos, chatTemplate: golden.template))
        let messages = [ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Hi?"),
                        ChatMessage(role: "assistant", content: "Hello."), ChatMessage(role: "user", content: "Bye?"),
                        ChatMessage(role: "assistant", content: "Goodbye 👋")]
        let p = try formatter.encode(messages)
        let learned = zip(p.ids, p.lossMask).filter(\.1).map(\.0)
        let endOfTurn = name == "chatml" ? "<|im_end|>" : golden.eos
        #expect(tokenizer.decode(learned) == "Hello." + endOfTurn + "Goodbye 👋" + endOfTurn)
        #expect(p.lossMask.first == false)
    }

    @Test func llama2MaskCoversRepliesAndEOS() throws {
        let tokenizer = try Fixtures.tokenizer("llama2")
        let formatter = try PromptFormatter(tokenizer: tokenizer, format: .llama2)
        let p = try formatter.encode([ChatMessage(role: "user", content: "Hi"), ChatMessage(role: "assistant", content: "Hello there")])
        let learned = zip(p.ids, p.lossMask).filter(\.1).map(\.0)
        #expect(tokenizer.decode(learned).contains("Hello there"))
        #expect(learned.last == tokenizer.id(for: "</s>"))
        #expect(!tokenizer.decode(learned).contains("INST"))
    }

    @Test func defaultSystemPromptIsReadFromTheTemplate() throws {
        let golden = try #require(try Self.goldens()["chatml_default_system"])
        #expect(PromptFormat.defaultSystemPrompt(chatTemplate: golden.template)
                == "You are a helpful AI assistant named SmolLM, trained by Hugging Face")
        let escaped = #"{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}"#
        #expect(PromptFormat.defaultSystemPrompt(chatTemplate: escaped) == "You are a helpful assistant.")
        let plain = try #require(try Self.goldens()["chatml"])
        #expect(PromptFormat.defaultSystemPrompt(chatTemplate: plain.template) == nil)
    }

    @Test func mistralRejectsSystemMessages() throws {
        let formatter = try PromptFormatter(tokenizer: try Fixtures.tokenizer("llama2"), format: .mistral)
        #expect(throws: PromptFormatError.self) {
            try formatter.encode([ChatMessage(role: "system", content: "s"), ChatMessage(role: "user", content: "u")])
        }
    }

    @Test func llama2RejectsNonAlternatingRoles() throws {
        let formatter = try PromptFormatter(tokenizer: try Fixtures.tokenizer("llama2"), format: .llama2)
        #expect(throws: PromptFormatError.self) {
            try formatter.encode([ChatMessage(role: "user", content: "a"), ChatMessage(role: "user", content: "b")])
        }
    }

    @Test func completionAddsBOSAndEOSFromTheTokenizer() throws {
        let tokenizer = try Fixtures.tokenizer("llama2")
        let formatter = try PromptFormatter(tokenizer: tokenizer, format: .completion)
        let p = try formatter.encode([ChatMessage(role: "user", content: "The capital of France is"),
                                      ChatMessage(role: "assistant", content: " Paris.")])
        #expect(p.ids.first == 1)
        #expect(p.ids.last == 2)
        #expect(p.lossMask.first == false)
        #expect(p.lossMask.last == true)
        let learned = zip(p.ids, p.lossMask).filter(\.1).map(\.0)
        #expect(tokenizer.decode(learned, skipSpecialTokens: true).contains("Paris."))
    }

    @Test func configReadsTokensAndTemplates() throws {
        let json = #"""
        {"bos_token": {"content": "<s>", "lstrip": false}, "eos_token": "</s>", "add_bos_token": true,
         "chat_template": [{"name": "tool_use", "template": "x"}, {"name": "default", "template": "{{ '<|user|>\n' }}<|assistant|>"}]}
        """#
        let config = try TokenizerConfig(json: Data(json.utf8))
        #expect(config.bosToken == "<s>")
        #expect(config.eosToken == "</s>")
        #expect(config.addBOSToken == true)
        #expect(config.promptFormat == .zephyr)
        #expect(PromptFormat.detect(chatTemplate: "{{ messages }}") == nil)
        #expect(throws: TokenizerError.self) { try TokenizerConfig(json: Data("[1]".utf8)) }
    }
}
