import Foundation

/// One line of a run's `metrics.jsonl`: a training step, an evaluation, a sample generation, or a marker that the
/// run resumed from a checkpoint (lines after an earlier resume marker with larger steps are superseded).
public struct MetricsRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case train, eval, sample
        /// The detector's scores of one evaluation's samples (`scores`, in prompt order) and their mean.
        case detect
        /// The run continued from the checkpoint at `step`; earlier records with a larger step were never kept.
        case resume
    }

    public var kind: Kind
    /// Optimizer steps done (1-based for train records).
    public var step: Int
    /// Fractional epochs done.
    public var epoch: Double?
    public var loss: Double?
    public var evalLoss: Double?
    public var learningRate: Double?
    public var gradNorm: Double?
    public var tokensPerSecond: Double?
    /// Tokens (counted targets) seen so far.
    public var tokens: Int?
    public var elapsedSeconds: Double?
    /// A sample generation's prompt and output text.
    public var prompt: String?
    public var text: String?
    /// P(machine) of a sample (sample records), or the mean over an evaluation's judged samples (detect records).
    public var detectorScore: Double?
    /// Detect records: each sample's P(machine), nil where the detector abstained (a text too short to judge).
    public var scores: [Double?]?
    /// The detector method (`stats`, `fast-detectgpt`, `binoculars`) of a scored record.
    public var detector: String?

    public init(kind: Kind, step: Int, epoch: Double? = nil, loss: Double? = nil, evalLoss: Double? = nil,
                learningRate: Double? = nil, gradNorm: Double? = nil, tokensPerSecond: Double? = nil, tokens: Int? = nil,
                elapsedSeconds: Double? = nil, prompt: String? = nil, text: String? = nil, detectorScore: Double? = nil,
                scores: [Double?]? = nil, detector: String? = nil) {
        self.kind = kind
        self.step = step
        self.epoch = epoch
        self.loss = loss
        self.evalLoss = evalLoss
        self.learningRate = learningRate
        self.gradNorm = gradNorm
        self.tokensPerSecond = tokensPerSecond
        self.tokens = tokens
        self.elapsedSeconds = elapsedSeconds
        self.prompt = prompt
        self.text = text
        self.detectorScore = detectorScore
        self.scores = scores
        self.detector = detector
    }

    enum CodingKeys: String, CodingKey {
        case kind, step, epoch, loss, tokens, prompt, text, scores, detector
        case detectorScore = "detector_score"
        case evalLoss = "eval_loss"
        case learningRate = "learning_rate"
        case gradNorm = "grad_norm"
        case tokensPerSecond = "tokens_per_second"
        case elapsedSeconds = "elapsed_seconds"
    }

    /// The record as one JSON line (no newline), keys sorted.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(self), let line = String(data: data, encoding: .utf8) else { return "{}" }
        return line
    }

    /// Parses one line; nil when it is not a metrics record.
    public init?(jsonLine line: Substring) {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let record = try? decoder.decode(MetricsRecord.self, from: Data(line.utf8)) else { return nil }
        self = record
    }

    /// The records a reader should show: those a `resume` marker superseded (larger step, written before the marker)
    /// are dropped, and the markers themselves are kept.
    public static func effective(_ records: [MetricsRecord]) -> [MetricsRecord] {
        var out: [MetricsRecord] = []
        for record in records {
            if record.kind == .resume { out.removeAll { $0.kind != .resume && $0.step > record.step } }
            out.append(record)
        }
        return out
    }
}
