import Support

/// One text's raw statistic under a method, with what the decision needs (whether to abstain, and why) and, when
/// asked, the explanation as a JSON value.
public struct ScoredText: Sendable {
    public var statistic: Double
    /// Set when the text is too short to judge: the decision is then `abstain`, with this reason.
    public var abstainReason: String?
    public var truncated: Bool
    /// The explanation as JSON text, when asked for.
    public var explanation: String?

    public init(statistic: Double, abstainReason: String? = nil, truncated: Bool = false, explanation: String? = nil) {
        self.statistic = statistic
        self.abstainReason = abstainReason
        self.truncated = truncated
        self.explanation = explanation
    }
}

/// A way of scoring texts: the model-free classifier, or a language-model method.
public protocol TextStatistic: AnyObject {
    var method: DetectionMethod { get }
    /// Identifies the method's model (weights, model files, adapter) for the score cache.
    var modelKey: String { get }
    /// True when `score` may be called from several threads at once.
    var isConcurrent: Bool { get }
    func score(_ text: String, explain: Bool) throws -> ScoredText
}

/// The model-free tier as a `TextStatistic`.
public final class ModelFreeStatistic: TextStatistic {
    public let detector: ModelFreeDetector
    public let modelKey: String
    public var method: DetectionMethod { .stats }
    public var isConcurrent: Bool { true }

    public init(detector: ModelFreeDetector) throws {
        self.detector = detector
        modelKey = ContentHash.hex([Array(try detector.classifier.encoded())])
    }

    public func score(_ text: String, explain: Bool) throws -> ScoredText {
        let analysis = detector.analyze(text)
        let minimum = detector.classifier.minWords
        var scored = ScoredText(statistic: analysis.logit, truncated: analysis.truncated)
        if analysis.words < minimum {
            scored.abstainReason = "too short: \(analysis.words) words, fewer than the \(minimum) the model-free tier needs"
        }
        if explain {
            let items = detector.explain(analysis).map { c -> String in
                var line = JSONLine()
                line.add("feature", c.feature)
                line.add("value", c.value)
                line.add("human_range", raw: JSONLine.array([JSONLine.number(c.humanLow), JSONLine.number(c.humanHigh)]))
                line.add("position", c.position)
                line.add("push", c.push)
                return line.text
            }
            var e = JSONLine()
            e.add("words", analysis.words)
            e.add("features", raw: JSONLine.array(items))
            scored.explanation = e.text
        }
        return scored
    }
}
