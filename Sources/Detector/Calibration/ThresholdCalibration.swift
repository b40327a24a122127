import Foundation

/// A decision threshold fitted on a user's own known-human texts for a target false-positive rate, with the rate it
/// has on those texts and that rate's 95% Clopper–Pearson interval: with n texts the measured rate is only known to
/// within that interval (at 1% and 300 texts, roughly 0.2%–2.9%). Stored as a small JSON file for
/// `loom detect score --calibration`.
public struct ThresholdCalibration: Codable, Sendable {
    public var method: DetectionMethod
    /// The model the statistics came from (`TextStatistic.modelKey`); a calibration is refused for another model.
    public var modelKey: String
    /// Threshold on the method's raw statistic.
    public var threshold: Double
    public var targetFPR: Double
    public var humanTexts: Int
    public var flagged: Int
    public var fpr: Double
    public var fprLower: Double
    public var fprUpper: Double

    enum CodingKeys: String, CodingKey {
        case method, threshold, flagged, fpr
        case modelKey = "model_key", targetFPR = "target_fpr", humanTexts = "human_texts"
        case fprLower = "fpr_ci95_low", fprUpper = "fpr_ci95_high"
    }

    /// Fits the threshold for `targetFPR` on the statistics of human texts.
    public static func fit(method: DetectionMethod, modelKey: String, humanStatistics: [Double],
                           targetFPR: Double) throws -> ThresholdCalibration {
        let values = humanStatistics.filter(\.isFinite)
        guard !values.isEmpty else { throw DetectorError(what: "calibration", reason: "no human text could be scored") }
        // Work in "higher = machine" units so one rule serves every method.
        let machineward = values.map { method.direction * $0 }
        let t = ROC.threshold(human: machineward, fpr: targetFPR)
        let flagged = machineward.filter { $0 > t }.count
        let interval = BinomialInterval.clopperPearson(successes: flagged, trials: values.count)
        return ThresholdCalibration(method: method, modelKey: modelKey, threshold: method.direction * t,
                                    targetFPR: targetFPR, humanTexts: values.count, flagged: flagged,
                                    fpr: Double(flagged) / Double(values.count), fprLower: interval.lower,
                                    fprUpper: interval.upper)
    }

    public static func load(path: String) throws -> ThresholdCalibration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DetectorError(what: path, reason: "cannot read the file")
        }
        do { return try JSONDecoder().decode(ThresholdCalibration.self, from: data) } catch {
            throw DetectorError(what: path, reason: "not a calibration file from `loom detect calibrate` (\(error))")
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
