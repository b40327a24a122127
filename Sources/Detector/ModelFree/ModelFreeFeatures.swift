import Foundation

/// The model-free tier's measurements of one text, each named so that the classifier's weights file and the
/// explanations speak of the same things. All are computed on `TextNormalizer`'s output, so whitespace and layout
/// carry no signal, and all are rates or means rather than counts, so that length does not either. Letter case is
/// not measured: some corpora are stored lowercased (the dev data's PubMed human texts are), so a case feature would
/// learn the corpus, not the writer.
public enum ModelFreeFeatures {
    /// The features, in the order of `compute`'s output, with what each measures.
    public static let descriptions: [(name: String, meaning: String)] = [
        ("compression_ratio", "zlib-compressed size over raw size, on 512-byte windows"),
        ("mattr", "moving-average type-token ratio, 50-word windows"),
        ("sentence_length_mean", "mean words per sentence"),
        ("sentence_length_cv", "burstiness: standard deviation over mean of sentence lengths"),
        ("word_length_mean", "mean characters per word"),
        ("long_word_rate", "share of words of 8 characters or more"),
        ("function_word_rate", "share of words that are function words"),
        ("first_person_rate", "share of words that are first-person pronouns"),
        ("chat_vocabulary_rate", "share of words that chat models overuse (delve, crucial, tapestry, …)"),
        ("comma_rate", "commas per word"),
        ("colon_semicolon_rate", "colons and semicolons per word"),
        ("dash_rate", "hyphens and dashes per word"),
        ("parenthesis_rate", "brackets per word"),
        ("quote_rate", "double quotes per word"),
        ("question_exclamation_rate", "question and exclamation marks per word"),
        ("contraction_rate", "share of words with an apostrophe"),
        ("digit_rate", "share of words with a digit"),
        ("character_loglik_mean", "mean log-probability per character under the reference trigram model"),
        ("character_loglik_sentence_sd", "spread of that log-probability from sentence to sentence"),
        ("word_logfreq_mean", "mean log-frequency of words in reference English"),
        ("word_logfreq_sd", "standard deviation of word log-frequency"),
        ("rare_word_rate", "share of words outside the reference vocabulary"),
        ("bigram_repeat_rate", "share of word bigrams that occur more than once"),
    ]
    public static var names: [String] { descriptions.map(\.name) }

    /// The feature vector of `normalized` (a `TextNormalizer.normalize` output), plus its word count.
    public static func compute(normalized: String) -> (values: [Double], words: Int) {
        let units = TextUnits(normalized: normalized)
        let words = units.words
        let n = Double(max(words.count, 1))
        var values: [Double] = []
        values.reserveCapacity(descriptions.count)
        values.append(Compression.ratio(normalized))
        values.append(mattr(words, window: 50))
        let lengths = units.sentenceLengths.map(Double.init)
        let (sentenceMean, sentenceSD) = meanAndSD(lengths)
        values.append(sentenceMean)
        values.append(sentenceMean > 0 ? sentenceSD / sentenceMean : 0)
        let (wordLengthMean, _) = meanAndSD(words.map { Double($0.length) })
        values.append(wordLengthMean)
        values.append(Double(words.filter { $0.length >= 8 }.count) / n)
        values.append(Double(words.filter { FunctionWords.all.contains($0.hash) }.count) / n)
        values.append(Double(words.filter { FunctionWords.firstPerson.contains($0.hash) }.count) / n)
        values.append(Double(words.filter { FunctionWords.chatModelFavoured.contains($0.hash) }.count) / n)
        values.append(Double(units.count(",")) / n)
        values.append(Double(units.count(":;")) / n)
        values.append(Double(units.count("-")) / n)
        values.append(Double(units.count("()[]{}")) / n)
        values.append(Double(units.count("\"")) / n)
        values.append(Double(units.count("?!")) / n)
        values.append(Double(words.filter(\.hasApostrophe).count) / n)
        values.append(Double(words.filter(\.hasDigit).count) / n)
        let (characterMean, characterSD) = characterLikelihood(units)
        values.append(characterMean)
        values.append(characterSD)
        let reference = ReferenceModels.shared
        var logFrequencies: [Double] = []
        logFrequencies.reserveCapacity(words.count)
        var rare = 0
        for word in words {
            if let p = reference.wordLogProbs[word.hash] {
                logFrequencies.append(Double(p))
            } else {
                rare += 1
                logFrequencies.append(Double(reference.unknownWordLogProb))
            }
        }
        let (frequencyMean, frequencySD) = meanAndSD(logFrequencies)
        values.append(frequencyMean)
        values.append(frequencySD)
        values.append(Double(rare) / n)
        values.append(bigramRepeatRate(words))
        return (values, words.count)
    }

    static func meanAndSD(_ xs: [Double]) -> (Double, Double) {
        guard !xs.isEmpty else { return (0, 0) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
        return (mean, variance.squareRoot())
    }

    /// Moving-average type-token ratio (Covington & McFall 2010): the mean share of distinct words over every window
    /// of `window` words; the plain ratio of a text shorter than one window.
    static func mattr(_ words: [TextUnits.Word], window: Int) -> Double {
        guard !words.isEmpty else { return 0 }
        if words.count <= window { return Double(Set(words.map(\.hash)).count) / Double(words.count) }
        var counts: [UInt64: Int] = [:]
        counts.reserveCapacity(window * 2)
        var distinct = 0
        for w in words[0..<window] {
            counts[w.hash, default: 0] += 1
            if counts[w.hash] == 1 { distinct += 1 }
        }
        var sum = Double(distinct)
        for i in window..<words.count {
            let out = words[i - window].hash, incoming = words[i].hash
            counts[out]! -= 1
            if counts[out] == 0 { distinct -= 1 }
            counts[incoming, default: 0] += 1
            if counts[incoming] == 1 { distinct += 1 }
            sum += Double(distinct)
        }
        return sum / Double(words.count - window + 1) / Double(window)
    }

    /// Mean log-probability per symbol under the character trigram model, and its standard deviation across
    /// sentences (of at least 20 symbols).
    static func characterLikelihood(_ units: TextUnits) -> (Double, Double) {
        let s = units.symbols
        guard s.count >= 3 else { return (0, 0) }
        let model = ReferenceModels.shared
        var total = 0.0
        var sentenceMeans: [Double] = []
        var sentenceSum = 0.0, sentenceCount = 0
        var boundary = 0
        let ends = units.sentenceSymbolEnds
        let space = CharacterAlphabet.symbols[0x20]
        for i in 0..<s.count {
            let a = i >= 2 ? s[i - 2] : space, b = i >= 1 ? s[i - 1] : space
            let lp = Double(model.characterLogProb(a, b, s[i]))
            total += lp
            sentenceSum += lp
            sentenceCount += 1
            if boundary < ends.count, i + 1 >= ends[boundary] {
                if sentenceCount >= 20 { sentenceMeans.append(sentenceSum / Double(sentenceCount)) }
                sentenceSum = 0
                sentenceCount = 0
                boundary += 1
            }
        }
        return (total / Double(s.count), meanAndSD(sentenceMeans).1)
    }

    /// Share of adjacent word pairs that occur more than once in the text.
    static func bigramRepeatRate(_ words: [TextUnits.Word]) -> Double {
        guard words.count >= 2 else { return 0 }
        var counts: [UInt64: Int] = [:]
        counts.reserveCapacity(words.count)
        for i in 1..<words.count { counts[words[i - 1].hash &* 31 &+ words[i].hash, default: 0] += 1 }
        let repeated = counts.values.filter { $0 > 1 }.reduce(0, +)
        return Double(repeated) / Double(words.count - 1)
    }
}
