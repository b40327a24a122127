import Foundation

/// Where a run stands, the one type for it: what the training loop publishes as it goes, what a side panel or a
/// progress line draws, and what `status.json` holds, so the workbench follows a run in this process and one
/// trained elsewhere (another terminal, a synced cluster folder) through the same fields. Cheap to copy, safe to
/// read on any thread. The metrics log keeps the history; a checkpoint keeps what resuming needs.
public struct RunSnapshot: Sendable, Equatable {
    public var name: String
    public var folder: RunFolder
    public var status: RunStatus
    /// Optimizer steps done.
    public var step: Int
    public var totalSteps: Int
    /// Fractional epochs done.
    public var epoch: Double
    public var lastLoss: Double?
    public var lastEvalLoss: Double?
    public var bestEvalLoss: Double?
    public var learningRate: Double?
    public var gradNorm: Double?
    /// Learned tokens per second over recent steps.
    public var tokensPerSecond: Double?
    /// Seconds per optimizer step over recent steps.
    public var secondsPerStep: Double?
    /// Estimated seconds to the last step.
    public var etaSeconds: Double?
    public var elapsedSeconds: Double
    /// The training process's peak resident memory.
    public var memoryBytes: Int
    public var lastCheckpoint: CheckpointFile?
    public var trainExamples: Int
    public var evalExamples: Int
    /// Records skipped because they could not be formatted.
    public var skippedRecords: Int
    /// What the run is doing now, in words ("loading data", "evaluating", "writing checkpoint").
    public var activity: String
    public var error: String?
    /// The process training the run, to tell a live run from one that was killed.
    public var processId: Int32?
    /// The machine training the run (a process id means something only there); nil in files of older versions.
    public var host: String?
    /// The accelerators training it, in words ("8 x NVIDIA H100 80GB HBM3 on 2 machines"), when not this CPU.
    public var gpus: String?
    /// When this picture was taken (written to status.json).
    public var updated: Date

    public init(name: String, folder: RunFolder, status: RunStatus) {
        self.name = name
        self.folder = folder
        self.status = status
        step = 0
        totalSteps = 0
        epoch = 0
        elapsedSeconds = 0
        memoryBytes = 0
        trainExamples = 0
        evalExamples = 0
        skippedRecords = 0
        activity = ""
        updated = Date()
    }

    /// Share of steps done, 0…1.
    public var progress: Double { totalSteps > 0 ? min(1, Double(step) / Double(totalSteps)) : 0 }
}

extension RunSnapshot {
    /// `status.json`'s keys (snake_case, as the folder's other files); `folder` is where the file is, and the
    /// checkpoint is stored by its step.
    enum CodingKeys: String, CodingKey {
        case name, status, step, epoch, activity, error, updated
        case totalSteps = "total_steps", lastLoss = "last_loss", lastEvalLoss = "last_eval_loss"
        case bestEvalLoss = "best_eval_loss", learningRate = "learning_rate", gradNorm = "grad_norm"
        case tokensPerSecond = "tokens_per_second", secondsPerStep = "seconds_per_step", etaSeconds = "eta_seconds"
        case elapsedSeconds = "elapsed_seconds", memoryBytes = "memory_bytes", lastCheckpointStep = "last_checkpoint_step"
        case trainExamples = "train_examples", evalExamples = "eval_examples", skippedRecords = "skipped_records"
        case processId = "pid", host, gpus
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var container = Encoded(snapshot: self)
        container.snapshot.updated = Date(timeIntervalSince1970: updated.timeIntervalSince1970.rounded(.down))
        return try encoder.encode(container)
    }

    /// Reads a status.json of `folder`; fields missing from older files take their defaults.
    static func decode(_ data: Data, folder: RunFolder) -> RunSnapshot? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        decoder.userInfo[Encoded.folderKey] = folder
        return (try? decoder.decode(Encoded.self, from: data))?.snapshot
    }

    /// The Codable wrapper (RunFolder and CheckpointFile are not stored as such).
    struct Encoded: Codable {
        static let folderKey = CodingUserInfoKey(rawValue: "loom.runFolder")!
        var snapshot: RunSnapshot

        init(snapshot: RunSnapshot) { self.snapshot = snapshot }

        init(from decoder: Decoder) throws {
            guard let folder = decoder.userInfo[Self.folderKey] as? RunFolder else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no run folder given"))
            }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            var s = RunSnapshot(name: try c.decode(String.self, forKey: .name), folder: folder,
                                status: try c.decode(RunStatus.self, forKey: .status))
            s.step = try c.decodeIfPresent(Int.self, forKey: .step) ?? 0
            s.totalSteps = try c.decodeIfPresent(Int.self, forKey: .totalSteps) ?? 0
            s.epoch = try c.decodeIfPresent(Double.self, forKey: .epoch) ?? 0
            s.lastLoss = try c.decodeIfPresent(Double.self, forKey: .lastLoss)
            s.lastEvalLoss = try c.decodeIfPresent(Double.self, forKey: .lastEvalLoss)
            s.bestEvalLoss = try c.decodeIfPresent(Double.self, forKey: .bestEvalLoss)
            s.learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate)
            s.gradNorm = try c.decodeIfPresent(Double.self, forKey: .gradNorm)
            s.tokensPerSecond = try c.decodeIfPresent(Double.self, forKey: .tokensPerSecond)
            s.secondsPerStep = try c.decodeIfPresent(Double.self, forKey: .secondsPerStep)
            s.etaSeconds = try c.decodeIfPresent(Double.self, forKey: .etaSeconds)
            s.elapsedSeconds = try c.decodeIfPresent(Double.self, forKey: .elapsedSeconds) ?? 0
            s.memoryBytes = try c.decodeIfPresent(Int.self, forKey: .memoryBytes) ?? 0
            if let step = try c.decodeIfPresent(Int.self, forKey: .lastCheckpointStep) {
                s.lastCheckpoint = folder.checkpoints().last { $0.step == step } ?? CheckpointFile(step: step, url: folder.checkpointsURL)
            }
            s.trainExamples = try c.decodeIfPresent(Int.self, forKey: .trainExamples) ?? 0
            s.evalExamples = try c.decodeIfPresent(Int.self, forKey: .evalExamples) ?? 0
            s.skippedRecords = try c.decodeIfPresent(Int.self, forKey: .skippedRecords) ?? 0
            s.activity = try c.decodeIfPresent(String.self, forKey: .activity) ?? ""
            s.error = try c.decodeIfPresent(String.self, forKey: .error)
            s.processId = try c.decodeIfPresent(Int32.self, forKey: .processId)
            s.host = try c.decodeIfPresent(String.self, forKey: .host)
            s.gpus = try c.decodeIfPresent(String.self, forKey: .gpus)
            s.updated = try c.decodeIfPresent(Date.self, forKey: .updated) ?? .distantPast
            snapshot = s
        }

        func encode(to encoder: Encoder) throws {
            let s = snapshot
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(s.name, forKey: .name)
            try c.encode(s.status, forKey: .status)
            try c.encode(s.step, forKey: .step)
            try c.encode(s.totalSteps, forKey: .totalSteps)
            try c.encode(s.epoch, forKey: .epoch)
            try c.encodeIfPresent(s.lastLoss, forKey: .lastLoss)
            try c.encodeIfPresent(s.lastEvalLoss, forKey: .lastEvalLoss)
            try c.encodeIfPresent(s.bestEvalLoss, forKey: .bestEvalLoss)
            try c.encodeIfPresent(s.learningRate, forKey: .learningRate)
            try c.encodeIfPresent(s.gradNorm, forKey: .gradNorm)
            try c.encodeIfPresent(s.tokensPerSecond, forKey: .tokensPerSecond)
            try c.encodeIfPresent(s.secondsPerStep, forKey: .secondsPerStep)
            try c.encodeIfPresent(s.etaSeconds, forKey: .etaSeconds)
            try c.encode(s.elapsedSeconds, forKey: .elapsedSeconds)
            try c.encode(s.memoryBytes, forKey: .memoryBytes)
            try c.encodeIfPresent(s.lastCheckpoint?.step, forKey: .lastCheckpointStep)
            try c.encode(s.trainExamples, forKey: .trainExamples)
            try c.encode(s.evalExamples, forKey: .evalExamples)
            try c.encode(s.skippedRecords, forKey: .skippedRecords)
            try c.encode(s.activity, forKey: .activity)
            try c.encodeIfPresent(s.error, forKey: .error)
            try c.encodeIfPresent(s.processId, forKey: .processId)
            try c.encodeIfPresent(s.host, forKey: .host)
            try c.encodeIfPresent(s.gpus, forKey: .gpus)
            try c.encode(s.updated, forKey: .updated)
        }
    }
}
