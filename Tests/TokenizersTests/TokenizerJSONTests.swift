import Foundation
import Testing
@testable import Tokenizers

/// tokenizer.json is read with Support's parser: exact bytes for vocabulary keys, a file-level byte-order mark
/// skipped, U+FEFF tokens kept, and syntax errors located by line.
@Suite struct TokenizerJSONTests {
    /// A BPE model whose vocabulary holds U+FEFF and two canonically equivalent spellings of Å.
    let json = #"{"model": {"type": "BPE", "vocab": {"a": 0, "\ufeff": 1, "\u00c5": 2, "\u212b": 3}, "merges": []}}"#

    @Test func vocabularyKeysKeepTheirBytes() throws {
        let tokenizer = try Tokenizer(json: Data(json.utf8), source: "t.json")
        #expect(tokenizer.model.id(of: "\u{FEFF}") == 1)
        #expect(tokenizer.model.id(of: "\u{C5}") == 2)
        #expect(tokenizer.model.id(of: "\u{212B}") == 3)
        #expect(tokenizer.model.entries.count == 4)
    }

    @Test func aByteOrderMarkBeforeTheFileIsNotAToken() throws {
        let marked = Data([0xEF, 0xBB, 0xBF] + Array(json.utf8))
        let tokenizer = try Tokenizer(json: marked, source: "t.json")
        #expect(tokenizer.model.entries.map(\.1) == [0, 1, 2, 3])
        #expect(tokenizer.model.id(of: "\u{FEFF}") == 1)
    }

    @Test func syntaxErrorsNameTheFileAndLine() {
        let broken = "{\n\"model\": {\n\"type\": \"BPE\",,\n}}"
        do {
            _ = try Tokenizer(json: Data(broken.utf8), source: "t.json")
            Issue.record("loaded a broken file")
        } catch let error as TokenizerError {
            guard case .unreadable(let file, let reason) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(file == "t.json")
            #expect(reason.contains("line 3"))
        } catch {
            Issue.record("\(error)")
        }
    }
}
