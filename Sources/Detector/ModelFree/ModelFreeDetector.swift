/// The model-free tier: normalise, measure, and combine with the trained classifier. Stateless after construction
/// and safe to share across threads.
public struct ModelFreeDetector: Sendable {
    public let classifier: ModelFreeClassifier
    let regression: LogisticRegression
    /// Longer texts are measured on their first `maxCharacters` characters (the features are rates, so a long
    /// text's start says what the whole does, and a 10 MB record costs what 200 KB does).
    public static let maxCharacters = 200_000

    public init(classifier: ModelFreeClassifier) {
        self.classifier = classifier
        self.regression = classifier.regression
    }

    public static func bundled() throws -> ModelFreeDetector { ModelFreeDetector(classifier: try .bundled()) }

    /// The measurements of one text.
    public struct Analysis: Sendable {
        /// The classifier's log-odds of machine: the method's raw statistic.
        public var logit: Double
        public var features: [Double]
        public var words: Int
        /// True when only the text's first `maxCharacters` characters were measured.
        public var truncated: Bool
    }

    public static func features(of text: String) -> (values: [Double], words: Int, truncated: Bool) {
        let scalars = text.unicodeScalars
        var truncated = false
        var input = text
        if text.utf8.count > maxCharacters, scalars.count > maxCharacters {
            input = String(String.UnicodeScalarView(scalars.prefix(maxCharacters)))
            truncated = true
        }
        let measured = ModelFreeFeatures.compute(normalized: TextNormalizer.normalize(input))
        return (measured.values, measured.words, truncated)
    }

    public func analyze(_ text: String) -> Analysis {
        let measured = Self.features(of: text)
        return Analysis(logit: regression.logit(measured.values), features: measured.values, words: measured.words,
                        truncated: measured.truncated)
    }

    /// Why a text scored as it did: each feature's value, the human range it was compared with, and its push on the
    /// logit (weight × standardised value; positive = towards machine), largest pushes first.
    public func explain(_ analysis: Analysis, top: Int = 6) -> [FeatureContribution] {
        var out: [FeatureContribution] = []
        for (i, name) in classifier.features.enumerated() {
            out.append(FeatureContribution(feature: name, value: analysis.features[i], humanLow: classifier.humanLow[i],
                                           humanHigh: classifier.humanHigh[i],
                                           push: classifier.weights[i] * regression.standardized(analysis.features[i], i)))
        }
        out.sort { abs($0.push) > abs($1.push) }
        return Array(out.prefix(top))
    }
}
