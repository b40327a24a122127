import Foundation
import Testing
@testable import Tokenizers

/// Inputs that Scripts/fuzz/run.sh found a problem with, kept in Fixtures/fuzz/ and replayed here.
@Suite struct FuzzRegressionTests {
    /// The tokenizer target's leak check: a tokenizer that had encoded once was never freed (its encoder pool held
    /// encoders that held the tokenizer). It must go away when its last user does; a `makeEncoder()` encoder keeps
    /// it alive on its own.
    @Test func aTokenizerIsFreedAfterEncoding() throws {
        let path = Fixtures.path("fuzz/leak-pooled-encoder-cycle.tokenizer.json")
        weak var released: Tokenizer?
        do {
            let tokenizer = try Tokenizer(contentsOfFile: path)
            #expect(!tokenizer.encode("Hello, world").isEmpty)
            _ = tokenizer.encode("a", pair: "b")
            released = tokenizer
        }
        #expect(released == nil, "the tokenizer leaked")

        weak var kept: Tokenizer?
        let encoder: TokenEncoder
        do {
            let tokenizer = try Tokenizer(contentsOfFile: path)
            encoder = tokenizer.makeEncoder()
            kept = tokenizer
        }
        #expect(kept != nil, "an encoder from makeEncoder() keeps its tokenizer")
        #expect(encoder.encode("Hello") == (try Tokenizer(contentsOfFile: path)).encode("Hello"))
    }
}
