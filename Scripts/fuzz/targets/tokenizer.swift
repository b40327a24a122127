// libFuzzer target: tokenizer.json as Tokenizers reads it (model, vocabulary, merges, added tokens, normalizer,
// pre-tokenizer, post-processor, decoder), then a short text encoded and decoded with the result, and the same
// bytes read as tokenizer_config.json. Built by Scripts/fuzz/run.sh against the Tokenizers library.
import Foundation
import Tokenizers

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let json = Data(bytes: data, count: size)
    _ = try? TokenizerConfig(json: json)
    guard let tokenizer = try? Tokenizer(json: json) else { return 0 }
    let text = "Hello, wörld! 12 <|im_start|> \u{1F600}\n\tend"
    let ids = tokenizer.encode(text)
    let count = UInt32(tokenizer.vocabularySize)
    _ = tokenizer.decode(ids)
    _ = tokenizer.decode(ids + [count, count &+ 5, UInt32.max], skipSpecialTokens: true)
    _ = tokenizer.encode(bytes: Array(text.utf8.prefix(9)))
    _ = tokenizer.encode("a", pair: "b")
    return 0
}
