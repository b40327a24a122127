import Foundation

/// Language models of human English fitted on public-domain text (`ReferenceTables`, made by
/// Scripts/detector/make_reference_tables.py): a character trigram model over `CharacterAlphabet` and a word unigram
/// model. Machine text tends to sit closer to the centre of a language's distribution (likelier characters and words,
/// with less variation from sentence to sentence) than people's; the features read how likely a text is under these
/// models and how evenly that likelihood is spread. Built once, shared read-only across threads.
final class ReferenceModels: Sendable {
    static let shared = ReferenceModels()

    /// log P(c | a b) for every trigram, indexed `(a * 40 + b) * 40 + c`: interpolated (Witten–Bell style, a fixed
    /// weight) with the bigram and unigram estimates so that unseen trigrams keep a finite cost.
    let characterLogProbs: [Float]
    /// log P(word) of the reference vocabulary, by `TextUnits.hash`.
    let wordLogProbs: [UInt64: Float]
    /// log P of a word outside the reference vocabulary (the mass of the words cut from the table, spread evenly).
    let unknownWordLogProb: Float

    init() {
        let v = CharacterAlphabet.size
        var tri = [Double](repeating: 0, count: v * v * v)
        for entry in ReferenceTables.characterTrigrams.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            // "abc:count", the trigram exactly three characters ('_' for the space symbol).
            let characters = Array(entry)
            guard characters.count >= 5, characters[3] == ":", let count = Double(String(characters[4...])) else { continue }
            let s = characters[0..<3].map { CharacterAlphabet.symbol(of: $0 == "_" ? " " : $0) }
            tri[(Int(s[0]) * v + Int(s[1])) * v + Int(s[2])] += count
        }
        var bi = [Double](repeating: 0, count: v * v), uni = [Double](repeating: 0, count: v)
        for a in 0..<v { for b in 0..<v { for c in 0..<v {
            let n = tri[(a * v + b) * v + c]
            bi[b * v + c] += n
            uni[c] += n
        } } }
        let total = uni.reduce(0, +)
        var biContext = [Double](repeating: 0, count: v), triContext = [Double](repeating: 0, count: v * v)
        for b in 0..<v { for c in 0..<v { biContext[b] += bi[b * v + c] } }
        for a in 0..<v { for b in 0..<v { for c in 0..<v { triContext[a * v + b] += tri[(a * v + b) * v + c] } } }
        let k = 2.0 // pseudo-counts given to the lower order
        var logProbs = [Float](repeating: 0, count: v * v * v)
        for a in 0..<v { for b in 0..<v { for c in 0..<v {
            let p1 = (uni[c] + 0.5) / (total + 0.5 * Double(v))
            let p2 = (bi[b * v + c] + k * p1) / (biContext[b] + k)
            let p3 = (tri[(a * v + b) * v + c] + k * p2) / (triContext[a * v + b] + k)
            logProbs[(a * v + b) * v + c] = Float(log(p3))
        } } }
        characterLogProbs = logProbs

        var words: [UInt64: Float] = [:]
        var listed = 0.0
        for entry in ReferenceTables.words.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = entry.split(separator: ":")
            guard parts.count == 2, let count = Double(parts[1]) else { continue }
            listed += count
            words[TextUnits.hash(parts[0].utf8)] = Float(log(count / Double(ReferenceTables.wordTotal)))
        }
        wordLogProbs = words
        let unlisted = max(Double(ReferenceTables.wordTotal) - listed, 1)
        let unseenTypes = max(Double(ReferenceTables.wordTypes - words.count), 1)
        unknownWordLogProb = Float(log(unlisted / unseenTypes / Double(ReferenceTables.wordTotal)))
    }

    @inline(__always) func characterLogProb(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Float {
        characterLogProbs[(Int(a) * CharacterAlphabet.size + Int(b)) * CharacterAlphabet.size + Int(c)]
    }
}
