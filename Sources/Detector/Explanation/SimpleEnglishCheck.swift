/// Whether a dataset reads like simple or non-native English, the documented false-positive risk of detectors (Liang
/// et al. 2023, "GPT detectors are biased against non-native English writers": low lexical variety and common, short
/// words are what the model-free features and a language model's surprise both read as machine). A text counts as
/// simple when at least two of four signs lie outside the human training texts' 5th–95th percentile range on the
/// simple side: low MATTR, short words, common words (high mean log-frequency), few rare words. The warning is raised
/// when at least a quarter of the sampled texts count. A heuristic, stated as one: it warns, it never changes a score.
public struct SimpleEnglishCheck: Sendable {
    /// Texts looked at; the rest of a large dataset adds nothing to the estimate.
    public static let sampleLimit = 400
    /// Texts shorter than this say too little (MATTR needs windows of 50 words).
    public static let minimumWords = 50
    public static let warningShare = 0.25

    private let indices: (mattr: Int, wordLength: Int, logFrequency: Int, rareWords: Int)?
    private let low: [Double], high: [Double]
    public private(set) var sampled = 0
    public private(set) var simple = 0

    public init(classifier: ModelFreeClassifier) {
        let names = classifier.features
        if let m = names.firstIndex(of: "mattr"), let w = names.firstIndex(of: "word_length_mean"),
           let f = names.firstIndex(of: "word_logfreq_mean"), let r = names.firstIndex(of: "rare_word_rate") {
            indices = (m, w, f, r)
        } else {
            indices = nil
        }
        low = classifier.humanLow
        high = classifier.humanHigh
    }

    /// True while more texts would change the estimate.
    public var wantsMore: Bool { indices != nil && sampled < Self.sampleLimit }

    /// Measures one text (cheap next to scoring with a language model; about as costly as the model-free score).
    public mutating func add(_ text: String) {
        guard let i = indices, wantsMore else { return }
        let measured = ModelFreeDetector.features(of: text)
        guard measured.words >= Self.minimumWords else { return }
        let v = measured.values
        let signs = [v[i.mattr] < low[i.mattr], v[i.wordLength] < low[i.wordLength],
                     v[i.logFrequency] > high[i.logFrequency], v[i.rareWords] < low[i.rareWords]]
        sampled += 1
        if signs.filter({ $0 }).count >= 2 { simple += 1 }
    }

    public var share: Double { sampled == 0 ? 0 : Double(simple) / Double(sampled) }

    /// The warning to show, or nil.
    public var warning: String? {
        guard sampled >= 5, share >= Self.warningShare else { return nil }
        return "\(Int((share * 100).rounded()))% of the texts read as simple or non-native English (low word variety, short common words): detectors flag such human writing more often; treat flags with care"
    }
}
