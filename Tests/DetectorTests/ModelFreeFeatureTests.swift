import Testing
@testable import Detector

/// Each feature on texts crafted so that its value is known by hand.
@Suite struct ModelFreeFeatureTests {
    func feature(_ name: String, _ text: String) -> Double {
        let index = ModelFreeFeatures.names.firstIndex(of: name)!
        return ModelFreeFeatures.compute(normalized: TextNormalizer.normalize(text)).values[index]
    }

    @Test func sentencesAndBurstiness() {
        let units = TextUnits(normalized: "One two three. Four five! Six? Mr. Smith went home.")
        #expect(units.sentenceLengths == [3, 2, 1, 4]) // "Mr." does not end a sentence
        let text = "One two three. Four five. Six."
        #expect(feature("sentence_length_mean", text) == 2)
        let sd = (2.0 / 3.0).squareRoot()
        #expect(abs(feature("sentence_length_cv", text) - sd / 2) < 1e-12)
    }

    @Test func typeTokenRatio() {
        #expect(feature("mattr", "a b c d") == 1)
        #expect(feature("mattr", "a a a a") == 0.25)
        // 60 words cycling through 25 types: every 50-word window holds all 25.
        let cycle = (0..<60).map { "w\($0 % 25)" }.joined(separator: " ")
        #expect(abs(feature("mattr", cycle) - 0.5) < 1e-12)
    }

    @Test func ratesPerWord() {
        #expect(feature("function_word_rate", "the cat and the dog") == 0.6)
        #expect(feature("comma_rate", "one, two, three, four") == 0.75)
        #expect(feature("contraction_rate", "don't stop it's fine") == 0.5)
        #expect(feature("first_person_rate", "I think we should go") == 0.4)
        #expect(feature("chat_vocabulary_rate", "let us delve into this crucial tapestry") == 3.0 / 7.0)
        #expect(feature("digit_rate", "in 1999 there were 3 cats") == 2.0 / 6.0)
        #expect(feature("long_word_rate", "extraordinary cat") == 0.5)
        #expect(feature("word_length_mean", "ab abcd") == 3)
    }

    @Test func bigramRepeats() {
        // Bigrams: (a b), (b a), (a b): the pair (a b) occurs twice, so 2 of 3 bigrams repeat.
        #expect(abs(feature("bigram_repeat_rate", "a b a b") - 2.0 / 3.0) < 1e-12)
        #expect(feature("bigram_repeat_rate", "a b c d") == 0)
    }

    @Test func compressionFindsRepetition() {
        let repetitive = String(repeating: "the same words again and again ", count: 40)
        var state: UInt64 = 7
        let varied = (0..<200).map { _ -> String in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return String(state >> 40, radix: 36)
        }.joined(separator: " ")
        #expect(feature("compression_ratio", repetitive) < 0.2)
        #expect(feature("compression_ratio", varied) > 0.6)
    }

    @Test func referenceModelsPreferEnglish() {
        #expect(feature("character_loglik_mean", "the man was in the house and he said that it was so")
                > feature("character_loglik_mean", "xq zzv kjqw pfft vvx qqz jjk wxq zzp"))
        #expect(feature("rare_word_rate", "the man said that") == 0)
        #expect(feature("rare_word_rate", "xqzzv kjqwp") == 1)
    }

    @Test func longTextsAreMeasuredOnTheirStart() {
        let long = String(repeating: "word ", count: ModelFreeDetector.maxCharacters / 4)
        let measured = ModelFreeDetector.features(of: long)
        #expect(measured.truncated)
        #expect(measured.words <= ModelFreeDetector.maxCharacters / 5 + 1)
    }
}
