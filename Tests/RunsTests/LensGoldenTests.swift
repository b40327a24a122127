import Foundation
import Support
import Testing
@testable import Runs
import Tokenizers

/// The ids and loss mask that the lens draws and the training pass consumes (both call `ExampleBuilder.rendered`)
/// against transformers' `apply_chat_template` with `return_assistant_tokens_mask` on the bundled chat and Alpaca
/// samples, with SmolLM2's ChatML template and Llama 3's. Fixture: Scripts/runs/make_lens_golden.py.
@Suite struct LensGoldenTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Case {
        var sample: String
        var line: Int
        var ids: [Int32]
        var mask: [Bool]
    }

    struct Template {
        var name: String
        var promptFormat: String
        var tokenizer: String
        var chatTemplate: String
        var bos: String
        var eos: String
        var cases: [Case]
    }

    static func templates() throws -> [Template] {
        let url = root.appendingPathComponent("Tests/RunsTests/Fixtures/lens_golden.json")
        let value = try JSONParser.parse(try String(contentsOf: url, encoding: .utf8))
        guard case .object(let members)? = value["templates"] else { throw ExampleError("fixture has no templates") }
        return try members.map { member in
            let t = member.value
            func string(_ key: String) throws -> String {
                guard case .string(let s)? = t[key] else { throw ExampleError("fixture template \(member.key) lacks \(key)") }
                return s
            }
            guard case .array(let items)? = t["cases"] else { throw ExampleError("fixture template \(member.key) lacks cases") }
            let cases: [Case] = try items.map { item in
                guard case .string(let sample)? = item["sample"], case .number(let line)? = item["line"],
                      case .array(let ids)? = item["ids"], case .array(let mask)? = item["mask"] else {
                    throw ExampleError("malformed fixture case")
                }
                return Case(sample: sample, line: Int(line) ?? 0,
                            ids: ids.compactMap { if case .number(let n) = $0 { return Int32(n) } else { return nil } },
                            mask: mask.compactMap { if case .bool(let b) = $0 { return b } else { return nil } })
            }
            return Template(name: member.key, promptFormat: try string("prompt_format"), tokenizer: try string("tokenizer"),
                            chatTemplate: try string("chat_template"), bos: try string("bos"), eos: try string("eos"),
                            cases: cases)
        }
    }

    @Test func renderedIdsAndMasksEqualTransformersApplyChatTemplate() throws {
        let templates = try Self.templates()
        #expect(templates.count == 2)
        for template in templates {
            let tokenizer = try Tokenizer(contentsOfFile: Self.root
                .appendingPathComponent("Tests/TokenizersTests/Fixtures/\(template.tokenizer).tokenizer.json").path)
            let config = TokenizerConfig(bosToken: template.bos, eosToken: template.eos, chatTemplate: template.chatTemplate)
            let format = try #require(PromptFormat(rawValue: template.promptFormat))
            let formatter = try PromptFormatter(tokenizer: tokenizer, format: format, config: config)
            #expect(template.cases.count >= 80, "\(template.name): the fixture should cover both samples")
            for sample in Set(template.cases.map(\.sample)) {
                var data = RunConfig.Data()
                data.format = sample == "chat.jsonl" ? .chat : .alpaca
                data.promptFormat = template.promptFormat
                let builder = ExampleBuilder(data: data, formatter: formatter)
                let lines = try String(contentsOf: Self.root.appendingPathComponent("Samples/\(sample)"), encoding: .utf8)
                    .split(separator: "\n", omittingEmptySubsequences: false)
                for golden in template.cases where golden.sample == sample {
                    let record = try JSONParser.parse(String(lines[golden.line - 1]))
                    let example = try builder.rendered(from: record, line: golden.line)
                    #expect(example.ids == golden.ids, "\(template.name) \(sample):\(golden.line): ids differ from transformers")
                    #expect(example.learned == golden.mask, "\(template.name) \(sample):\(golden.line): loss mask differs from transformers' assistant mask")
                    #expect(golden.mask.contains(true))
                }
            }
        }
    }
}
