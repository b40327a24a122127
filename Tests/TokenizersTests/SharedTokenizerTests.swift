import Foundation
import Testing
import Synchronization
@testable import Tokenizers

/// One `Tokenizer` encoding on many threads at once (its encoders are lent from a pool) gives the ids that one
/// thread gets.
@Suite struct SharedTokenizerTests {
    @Test func concurrentEncodingMatchesSerialEncoding() throws {
        let tokenizer = try Fixtures.tokenizer("gpt2")
        let texts = (0..<64).map { "Line \($0): the quick brown fox jumps over the lazy dog \(String(repeating: "ab", count: $0))" }
        let expected = texts.map { tokenizer.makeEncoder().encode($0) }
        let results = Mutex<[(text: Int, ids: [UInt32])]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { worker in
            for round in 0..<20 {
                let index = (worker * 7 + round * 3) % texts.count
                let ids = tokenizer.encode(texts[index])
                results.withLock { $0.append((index, ids)) }
            }
        }
        let found = results.withLock { $0 }
        #expect(found.count == 16 * 20)
        for (index, ids) in found where ids != expected[index] { Issue.record("text \(index): \(ids)") }
    }
}
