import Foundation
import Testing
@testable import Engine

@Suite struct TextGeneratorTests {
    @Test(arguments: ReferenceFixture.names)
    func greedyGenerationMatchesTransformers(_ name: String) throws {
        let fixture = try ReferenceFixture(name)
        let model = try TransformerModel.load(folder: fixture.modelFolder)
        try PEFTAdapter.load(folder: fixture.adapterFolder, into: model)
        let expected = try fixture.expected.floats("greedy").map { Int32($0) }
        let generated = try TextGenerator(model: model).generate(prompt: Array(expected.prefix(4)), maxNewTokens: 6)
        #expect(generated == Array(expected.dropFirst(4)))
    }

    @Test(arguments: ReferenceFixture.names)
    func cachedLogitsMatchTheFullForwardPass(_ name: String) throws {
        let fixture = try ReferenceFixture(name)
        let model = try TransformerModel.load(folder: fixture.modelFolder)
        try PEFTAdapter.load(folder: fixture.adapterFolder, into: model)
        let batch = try fixture.batch(for: model)
        let t = batch.sequenceLength, v = model.config.vocabSize
        let full = try fixture.expected.floats("logits")
        let session = InferenceSession(model: model)
        var hidden = try session.append(Array(batch.tokens[0..<3]))
        var incremental = (0..<3).flatMap { session.logits(hidden: hidden, row: $0) }
        for position in 3..<t {
            hidden = try session.append([batch.tokens[position]])
            incremental += session.logits(hidden: hidden, row: 0)
        }
        expectClose(incremental, Array(full[0..<(t * v)]), "\(name) cached logits")
    }

    @Test func scoreMatchesTheTrainingPassLogProbabilities() throws {
        let fixture = try ReferenceFixture("qwen2_bias")
        let model = try TransformerModel.load(folder: fixture.modelFolder)
        let batch = try fixture.batch(for: model)
        let row = Array(batch.tokens[0..<batch.sequenceLength])
        let scores = try TextGenerator(model: model).score(row)
        let single = try TokenBatch.causal(tokens: row, batch: 1, sequenceLength: row.count,
                                           vocabSize: model.config.vocabSize, maxPositions: model.config.maxPositions)
        let reference = TrainingPass(model: model, batch: 1, sequenceLength: row.count).targetLogProbabilities(single)
        expectClose(scores, Array(reference.logProbs.dropLast()), "log-probabilities")
        #expect(scores.allSatisfy { $0 < 0 })
    }

    @Test func samplingIsSeededAndFiltersAsAsked() {
        let logits: [Float] = [1, 3, 2, 0.5, 2.9]
        var greedy = Sampler(.greedy)
        #expect(greedy.pick(logits) == 1)
        var topK1 = Sampler(SamplingSettings(temperature: 1, topK: 1, seed: 3))
        #expect((0..<20).allSatisfy { _ in topK1.pick(logits) == 1 })
        var topK2 = Sampler(SamplingSettings(temperature: 1, topK: 2, seed: 3))
        let picks = Set((0..<200).map { _ in topK2.pick(logits) })
        #expect(picks == [1, 4])
        var nucleus = Sampler(SamplingSettings(temperature: 1, topP: 0.3, seed: 3))
        #expect((0..<20).allSatisfy { _ in nucleus.pick(logits) == 1 })
        var a = Sampler(SamplingSettings(temperature: 0.8, seed: 42))
        var b = Sampler(SamplingSettings(temperature: 0.8, seed: 42))
        #expect((0..<50).map { _ in a.pick(logits) } == (0..<50).map { _ in b.pick(logits) })
    }

    @Test func sessionRefusesTokensPastItsCapacity() throws {
        let fixture = try ReferenceFixture("gpt2")
        let model = try TransformerModel.load(folder: fixture.modelFolder)
        let session = InferenceSession(model: model, capacity: 4)
        _ = try session.append([1, 2, 3])
        #expect(throws: TokenBatchError.self) { try session.append([4, 5]) }
        #expect(throws: TokenBatchError.self) { try session.append([500]) }
    }
}

/// The KV cache of sliding-window layers: it keeps `2 · window − 1` rows, moves the last `window − 1` to its
/// front when full, and appends longer than the window run in pieces; logits must stay those of the full pass.
@Suite struct SlidingWindowCacheTests {
    @Test(arguments: ["gemma2_softcap", "gemma3_text"])
    func cachedLogitsPastTheWindowMatchTheFullPass(_ name: String) throws {
        let fixture = try ReferenceFixture(name)
        let model = try TransformerModel.load(folder: fixture.modelFolder)
        try PEFTAdapter.load(folder: fixture.adapterFolder, into: model)
        let c = model.config, v = c.vocabSize
        let window = try #require(c.slidingWindows.min())
        let length = 13 * window + 2
        #expect(length <= c.maxPositions)
        var g = SeededGenerator(seed: 5)
        let tokens = (0..<length).map { _ in Int32(g.next() % UInt64(v)) }
        let batch = try TokenBatch.causal(tokens: tokens, batch: 1, sequenceLength: length, vocabSize: v,
                                          maxPositions: c.maxPositions)
        let full = TrainingPass(model: model, batch: 1, sequenceLength: length).logits(batch)
        let session = InferenceSession(model: model)
        // Sliding layers hold 2·window − 1 rows, global ones every position.
        for layer in 0..<c.layerCount {
            #expect(session.cacheRows[layer] == (c.attention(ofLayer: layer).window == nil ? c.maxPositions : 2 * window - 1))
        }
        // A prompt longer than the window (appended in pieces), then single tokens, then a piece of 2.
        let prompt = 2 * window + 1
        var hidden = try session.append(Array(tokens[0..<prompt]))
        var incremental = (0..<prompt).flatMap { session.logits(hidden: hidden, row: $0) }
        var position = prompt
        while position < length - 2 {
            hidden = try session.append([tokens[position]])
            incremental += session.logits(hidden: hidden, row: 0)
            position += 1
        }
        hidden = try session.append(Array(tokens[position..<length]))
        incremental += (0..<2).flatMap { session.logits(hidden: hidden, row: $0) }
        expectClose(incremental, full, "\(name) cached logits over \(length) tokens, window \(window)")
        // After a reset the session starts again at row 0.
        session.reset()
        hidden = try session.append(Array(tokens[0..<1]))
        expectClose(session.logits(hidden: hidden, row: 0), Array(full[0..<v]), "\(name) after reset")
    }
}
