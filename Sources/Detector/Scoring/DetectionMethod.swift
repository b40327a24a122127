import Foundation

/// The detector's methods as the command line names them, with the direction of each raw statistic and how it maps
/// to a probability of machine.
public enum DetectionMethod: String, Sendable, CaseIterable, Codable {
    /// Model-free features and the trained logistic regression; statistic = its logit.
    case stats
    /// Fast-DetectGPT's analytic discrepancy D (high = machine).
    case fastDetectGPT = "fast-detectgpt"
    /// The Binoculars ratio (low = machine).
    case binoculars

    /// +1 when a higher statistic means machine, −1 when lower does.
    public var direction: Double { self == .binoculars ? -1 : 1 }

    /// The default threshold on the statistic for an LM method, and the spread of the logistic that turns the
    /// distance from it into a probability. These are not calibrated on any dev data (no public language model is
    /// available to Loom's dev machines): Binoculars' value is the low-false-positive threshold of Hans et al.'s released
    /// code for their Falcon-7B pair (0.8536; their accuracy-optimal one is 0.9015), Fast-DetectGPT's is a D of 2
    /// standard deviations. Calibrate on known-human texts
    /// (`loom detect calibrate`) before trusting an LM method's decisions.
    var languageModelDefault: (threshold: Double, scale: Double) {
        switch self {
        case .stats: return (0, 1)
        case .fastDetectGPT: return (2, 1)
        case .binoculars: return (0.8536, 0.05)
        }
    }
}

/// How a raw statistic becomes a probability and a decision: a threshold on the statistic (a text is called machine
/// when it lies on the machine side of it) and a logistic map that gives 0.5 at the method's reference point.
public struct DecisionRule: Sendable, Equatable {
    public var method: DetectionMethod
    /// The statistic at which the probability is 0.5 (the classifier's logit 0; an LM method's default threshold).
    public var centre: Double
    public var scale: Double
    /// Threshold on the statistic.
    public var threshold: Double

    public init(method: DetectionMethod, centre: Double, scale: Double, threshold: Double) {
        self.method = method
        self.centre = centre
        self.scale = scale
        self.threshold = threshold
    }

    /// The default rule: the bundled classifier's threshold for `stats`, the documented defaults otherwise.
    public static func defaultRule(_ method: DetectionMethod, classifier: ModelFreeClassifier?) -> DecisionRule {
        if method == .stats, let classifier {
            return DecisionRule(method: method, centre: 0, scale: 1, threshold: classifier.threshold)
        }
        let d = method.languageModelDefault
        return DecisionRule(method: method, centre: d.threshold, scale: d.scale, threshold: d.threshold)
    }

    /// P(machine) of a statistic.
    public func probability(_ statistic: Double) -> Double {
        1 / (1 + exp(-method.direction * (statistic - centre) / scale))
    }

    /// The statistic whose probability is `p` (for a threshold given as a probability).
    public func statistic(probability p: Double) -> Double {
        let clamped = min(max(p, 1e-12), 1 - 1e-12)
        return centre + method.direction * scale * log(clamped / (1 - clamped))
    }

    public func isMachine(_ statistic: Double) -> Bool { method.direction * (statistic - threshold) > 0 }
}
