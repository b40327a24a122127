import Detector
import Foundation

/// Scores a run's sample generations with the detector its config names (`[detector]`), so that the Runs view can
/// chart whether the fine-tune drifts toward machine-sounding text. Built once when the run starts (a language-model
/// method loads its models then, not at the first evaluation) and called between optimizer steps, on the training
/// thread: the model-free tier takes well under a millisecond per sample, an LM method one forward pass of its own
/// model per sample, both small beside the sample generation itself.
final class SampleDetector {
    let method: DetectionMethod
    private let statistic: any TextStatistic
    private let rule: DecisionRule

    /// nil when the config turns the detector off.
    init?(_ settings: RunConfig.SampleDetection) throws {
        switch settings.method {
        case .off:
            return nil
        case .stats:
            let classifier = try ModelFreeClassifier.bundled()
            statistic = try ModelFreeStatistic(detector: ModelFreeDetector(classifier: classifier))
            rule = DecisionRule.defaultRule(.stats, classifier: classifier)
            method = .stats
        case .fastDetectGPT, .binoculars:
            method = settings.method == .binoculars ? .binoculars : .fastDetectGPT
            // Binoculars: the performer scores, the observer is the reference (as `loom detect --performer`).
            statistic = try LanguageModelStatistic(method: method, scoring: settings.model,
                                                   reference: settings.observer.isEmpty ? nil : settings.observer,
                                                   adapter: nil)
            rule = DecisionRule.defaultRule(method, classifier: nil)
        }
    }

    /// P(machine) of a sample, or nil when the detector abstains (too short to judge) or cannot score it.
    func probability(of text: String) -> Double? {
        guard let scored = try? statistic.score(text, explain: false), scored.abstainReason == nil,
              scored.statistic.isFinite else { return nil }
        return rule.probability(scored.statistic)
    }

    /// The mean of the judged samples' probabilities (nil when none was judged).
    static func mean(_ scores: [Double?]) -> Double? {
        let judged = scores.compactMap { $0 }
        return judged.isEmpty ? nil : judged.reduce(0, +) / Double(judged.count)
    }
}
