import Foundation

/// The learning rate of each optimizer step, as Hugging Face's schedulers compute it (`get_constant_schedule_with_
/// warmup`, `get_linear_schedule_with_warmup`, `get_cosine_schedule_with_warmup`): linear warmup from 0 over
/// `warmupSteps`, then constant, linear decay to 0, or half a cosine to 0 at `totalSteps`.
public struct LearningRateSchedule: Sendable, Equatable {
    public var peak: Double
    public var schedule: RunConfig.Schedule
    public var warmupSteps: Int
    public var totalSteps: Int

    public init(peak: Double, schedule: RunConfig.Schedule, warmupSteps: Int, totalSteps: Int) {
        self.peak = peak
        self.schedule = schedule
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
    }

    /// The rate for the optimizer step taken after `completed` steps (0 for the first step).
    public func rate(afterSteps completed: Int) -> Double {
        if completed < warmupSteps { return peak * Double(completed) / Double(max(1, warmupSteps)) }
        let remaining = Double(max(1, totalSteps - warmupSteps))
        let progress = Double(completed - warmupSteps) / remaining
        switch schedule {
        case .constant: return peak
        case .linear: return peak * max(0, 1 - progress)
        case .cosine: return peak * max(0, 0.5 * (1 + cos(Double.pi * progress)))
        }
    }
}
