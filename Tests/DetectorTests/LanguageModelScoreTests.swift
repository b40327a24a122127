import Foundation
import Testing
@testable import Detector
import Engine

/// Fast-DetectGPT and Binoculars against torch + transformers on two random checkpoints of different architectures
/// that share a vocabulary (Scripts/detector/make_lm_fixtures.py). Goal: within 1e-3 relative.
@Suite struct LanguageModelScoreTests {
    struct Case: Decodable {
        let ids: [Int32]
        let fast_detectgpt_white_box: Double
        let fast_detectgpt_two_models: Double
        let binoculars: Double
        let observer_logprobs: [Double]
    }

    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    static func cases() throws -> [Case] {
        struct File: Decodable { let cases: [Case] }
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: fixtures.appendingPathComponent("expected.json"))).cases
    }
    static func model(_ name: String) throws -> TransformerModel {
        try TransformerModel.load(folder: fixtures.appendingPathComponent(name))
    }

    private func expectRelative(_ actual: Double, _ expected: Double, _ what: String) {
        let error = abs(actual - expected) / max(abs(expected), 1e-9)
        #expect(error <= 1e-3, "\(what): \(actual) vs \(expected) (relative error \(error))")
    }

    @Test func scoresMatchTheReference() throws {
        let observer = try Self.model("observer"), performer = try Self.model("performer")
        let whiteBox = try LanguageModelStatistics(scoring: observer)
        let pair = try LanguageModelStatistics(scoring: performer, reference: observer)
        for c in try Self.cases() {
            let own = try whiteBox.statistics(c.ids)
            #expect(own.count == c.ids.count)
            for (s, reference) in zip(own, c.observer_logprobs) { #expect(abs(s.logProb - reference) < 1e-4) }
            expectRelative(FastDetectGPT.discrepancy(own), c.fast_detectgpt_white_box, "white-box D, \(c.ids.count) tokens")
            let both = try pair.statistics(c.ids)
            expectRelative(FastDetectGPT.discrepancy(both), c.fast_detectgpt_two_models, "two-model D, \(c.ids.count) tokens")
            expectRelative(Binoculars.score(both), c.binoculars, "Binoculars, \(c.ids.count) tokens")
        }
    }

    @Test func ranksCountTheTokensAbove() throws {
        let observer = try Self.model("observer")
        let ids = try Self.cases()[1].ids
        let stats = try LanguageModelStatistics(scoring: observer).statistics(ids)
        #expect(stats.last?.rank == -1 && stats.last?.logProb.isNaN == true)
        #expect(stats.dropLast().allSatisfy { $0.rank >= 0 && $0.rank < observer.config.vocabSize && $0.variance >= 0 })
    }

    @Test func refusesTooShortTooLongAndMismatchedVocabularies() throws {
        let observer = try Self.model("observer")
        let scorer = try LanguageModelStatistics(scoring: observer)
        #expect(throws: DetectorError.self) { try scorer.statistics([5]) }
        #expect(throws: DetectorError.self) { try scorer.statistics([Int32](repeating: 3, count: scorer.maxTokens + 1)) }
        let other = TransformerModel(config: ModelConfig(family: .llama, modelType: "llama", vocabSize: 17, hiddenSize: 8,
                                                         intermediateSize: 8, layerCount: 1, headCount: 2, kvHeadCount: 2,
                                                         maxPositions: 8, normEpsilon: 1e-5, tiedEmbeddings: true))
        #expect(throws: DetectorError.self) { try LanguageModelStatistics(scoring: observer, reference: other) }
    }
}
