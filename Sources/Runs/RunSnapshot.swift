import Foundation

/// A consistent picture of a run at one moment, cheap to copy and safe to read on any thread: what a side panel or a
/// progress line shows.
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
    /// The process's peak resident memory.
    public var memoryBytes: Int
    public var lastCheckpoint: CheckpointFile?
    public var trainExamples: Int
    public var evalExamples: Int
    public var skippedRecords: Int
    /// What the run is doing now, in words ("loading data", "evaluating", "writing checkpoint").
    public var activity: String
    public var error: String?

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
    }

    /// Share of steps done, 0…1.
    public var progress: Double { totalSteps > 0 ? min(1, Double(step) / Double(totalSteps)) : 0 }
}
