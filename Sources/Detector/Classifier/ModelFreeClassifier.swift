import Foundation

/// The model-free tier's trained classifier as it is stored: logistic regression weights over `ModelFreeFeatures`,
/// the human ranges explanations compare against, and the default decision threshold with the false-positive rate it
/// was measured to have on held-out dev data. A small JSON file (`loom detect train --out`), with the command that
/// made it inside; the shipped one is compiled in (`BundledWeights`).
public struct ModelFreeClassifier: Codable, Sendable {
    public static let formatName = "loom-detector-stats/1"

    public var format: String = ModelFreeClassifier.formatName
    /// The command that produced this file, for anyone who wants to reproduce it.
    public var command: String
    /// What it was trained on (files and text counts), and when.
    public var trainedOn: String
    public var features: [String]
    public var means: [Double]
    public var scales: [Double]
    public var weights: [Double]
    public var bias: Double
    /// The 5th and 95th percentiles of each feature over the human training texts.
    public var humanLow: [Double]
    public var humanHigh: [Double]
    /// Default decision threshold on the logit (the `statistic`): a text is called machine above it.
    public var threshold: Double
    /// The false-positive rate targeted and the one measured at `threshold` on held-out human texts (each dev file's
    /// texts scored by a model trained without that file), with the true-positive rate there.
    public var thresholdTargetFPR: Double
    public var thresholdHeldOutFPR: Double
    public var thresholdHeldOutTPR: Double
    /// Texts with fewer words are not judged (abstain).
    public var minWords: Int

    enum CodingKeys: String, CodingKey {
        case format, command, features, means, scales, weights, bias, threshold
        case trainedOn = "trained_on", humanLow = "human_low", humanHigh = "human_high"
        case thresholdTargetFPR = "threshold_target_fpr", thresholdHeldOutFPR = "threshold_held_out_fpr"
        case thresholdHeldOutTPR = "threshold_held_out_tpr", minWords = "min_words"
    }

    public init(command: String, trainedOn: String, regression: LogisticRegression, humanLow: [Double],
                humanHigh: [Double], threshold: Double, targetFPR: Double, heldOutFPR: Double, heldOutTPR: Double,
                minWords: Int) {
        self.command = command
        self.trainedOn = trainedOn
        self.features = ModelFreeFeatures.names
        self.means = regression.means
        self.scales = regression.scales
        self.weights = regression.weights
        self.bias = regression.bias
        self.humanLow = humanLow
        self.humanHigh = humanHigh
        self.threshold = threshold
        self.thresholdTargetFPR = targetFPR
        self.thresholdHeldOutFPR = heldOutFPR
        self.thresholdHeldOutTPR = heldOutTPR
        self.minWords = minWords
    }

    public var regression: LogisticRegression {
        LogisticRegression(means: means, scales: scales, weights: weights, bias: bias)
    }

    /// Reads a weights file, checking that it describes the features this build computes.
    public static func load(_ data: Data, source: String) throws -> ModelFreeClassifier {
        let classifier: ModelFreeClassifier
        do { classifier = try JSONDecoder().decode(ModelFreeClassifier.self, from: data) } catch {
            throw DetectorError(what: source, reason: "not a Loom detector weights file (\(error))")
        }
        guard classifier.format == formatName else {
            throw DetectorError(what: source, reason: "format \"\(classifier.format)\", expected \"\(formatName)\"")
        }
        guard classifier.features == ModelFreeFeatures.names else {
            throw DetectorError(what: source, reason: "its features (\(classifier.features.count)) are not this build's (\(ModelFreeFeatures.names.count)); retrain with `loom detect train`")
        }
        let d = classifier.features.count
        guard [classifier.means, classifier.scales, classifier.weights, classifier.humanLow, classifier.humanHigh]
            .allSatisfy({ $0.count == d }) else {
            throw DetectorError(what: source, reason: "arrays of different lengths")
        }
        return classifier
    }

    public static func load(path: String) throws -> ModelFreeClassifier {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DetectorError(what: path, reason: "cannot read the file")
        }
        return try load(data, source: path)
    }

    /// The weights shipped with Loom.
    public static func bundled() throws -> ModelFreeClassifier {
        try load(Data(BundledWeights.json.utf8), source: "the bundled weights")
    }

    /// The file's JSON, keys sorted, one field per line.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
