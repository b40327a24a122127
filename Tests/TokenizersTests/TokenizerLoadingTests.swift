import Foundation
import Testing
@testable import Tokenizers

/// Malformed or unsupported tokenizer files fail with an error that names the component and its JSON path.
@Suite struct TokenizerLoadingTests {
    /// The GPT-2 fixture with one part replaced.
    func gpt2JSON(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        let data = try Data(contentsOf: Fixtures.directory.appendingPathComponent("gpt2.tokenizer.json"))
        var root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        edit(&root)
        return try JSONSerialization.data(withJSONObject: root)
    }

    func error(_ data: Data) -> TokenizerError? {
        do {
            _ = try Tokenizer(json: data, source: "t.json")
            return nil
        } catch let e as TokenizerError {
            return e
        } catch {
            return nil
        }
    }

    @Test func unsupportedModelNamesItsPath() throws {
        let data = try gpt2JSON { root in
            var model = root["model"] as! [String: Any]
            model["type"] = "Unigram"
            root["model"] = model
        }
        let e = try #require(error(data))
        guard case let .unsupported(file, path, component) = e else { Issue.record("\(e)"); return }
        #expect(file == "t.json")
        #expect(path == "model.type")
        #expect(component.contains("Unigram"))
    }

    @Test func unknownRegexNamesItsPath() throws {
        let data = try gpt2JSON { root in
            root["pre_tokenizer"] = ["type": "Sequence", "pretokenizers": [
                ["type": "Split", "pattern": ["Regex": "\\w+"], "behavior": "Isolated", "invert": false],
            ]]
        }
        let e = try #require(error(data))
        guard case let .unsupported(_, path, component) = e else { Issue.record("\(e)"); return }
        #expect(path == "pre_tokenizer.pretokenizers[0].pattern.Regex")
        #expect(component.contains("\\\\w+"))
        #expect(e.description.contains("pre_tokenizer.pretokenizers[0]"))
    }

    @Test func unsupportedNormalizerAndDecoder() throws {
        let n = try #require(error(try gpt2JSON { $0["normalizer"] = ["type": "BertNormalizer"] }))
        #expect(n == .unsupported(file: "t.json", path: "normalizer", component: "normalizer BertNormalizer"))
        let d = try #require(error(try gpt2JSON { $0["decoder"] = ["type": "WordPiece"] }))
        #expect(d == .unsupported(file: "t.json", path: "decoder", component: "decoder WordPiece"))
    }

    @Test func mergeOfUnknownTokenIsReported() throws {
        let data = try gpt2JSON { root in
            var model = root["model"] as! [String: Any]
            var merges = model["merges"] as! [Any]
            merges[5] = ["notatoken", "t"]
            model["merges"] = merges
            root["model"] = model
        }
        let e = try #require(error(data))
        guard case let .inconsistent(_, path, reason) = e else { Issue.record("\(e)"); return }
        #expect(path == "model.merges[5]")
        #expect(reason.contains("notatoken"))
    }

    @Test func missingVocabularyAndBadJSON() throws {
        let e = try #require(error(try gpt2JSON { root in
            var model = root["model"] as! [String: Any]
            model["vocab"] = nil
            root["model"] = model
        }))
        #expect(e == .malformed(file: "t.json", path: "model.vocab", reason: "missing field"))
        guard case .unreadable = try #require(error(Data("{not json".utf8))) else { Issue.record("expected unreadable"); return }
        let hostile = try #require(error(try gpt2JSON { root in
            var model = root["model"] as! [String: Any]
            var vocab = model["vocab"] as! [String: Any]
            vocab["huge"] = 4_000_000_000
            model["vocab"] = vocab
            root["model"] = model
        }))
        guard case let .malformed(_, path, _) = hostile else { Issue.record("\(hostile)"); return }
        #expect(path == "model.vocab.huge")
    }

    @Test func sparseIdsAreRejectedBeforeAllocating() throws {
        let e = try #require(error(try gpt2JSON { root in
            var model = root["model"] as! [String: Any]
            var vocab = model["vocab"] as! [String: Any]
            vocab["far"] = 16_000_000
            model["vocab"] = vocab
            root["model"] = model
        }))
        guard case let .malformed(_, path, reason) = e else { Issue.record("\(e)"); return }
        #expect(path == "model.vocab.far")
        #expect(reason.contains("16000000"))
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: TokenizerError.self) { try Tokenizer(contentsOfFile: "/nonexistent/tokenizer.json") }
    }
}
