import Foundation

/// Where a generation run stands, published after every task (one prompt and what followed from it).
public struct SeedGenerationProgress: Sendable, Hashable {
    public var tasksDone: Int
    public var tasksTotal: Int
    public var tasksSkipped: Int
    public var accepted: Int
    public var rejected: Int
    /// Pieces of teacher output that could not be read as what was asked (kept in the rejected file too).
    public var unparsed: Int
    public var target: Int
    public var elapsed: TimeInterval

    /// Seconds left at this run's pace of kept rows, or nil before the first.
    public var secondsLeft: Double? {
        let made = accepted - acceptedAtStart
        guard made > 0, accepted < target else { return nil }
        return elapsed / Double(made) * Double(target - accepted)
    }

    var acceptedAtStart = 0

    /// "task 4/14 · 9/20 rows kept, 5 rejected (1 unparsed) · ETA 1m05s".
    public var line: String {
        var text = "task \(tasksDone)/\(tasksTotal) · \(accepted)/\(target) rows kept, \(rejected) rejected"
        if unparsed > 0 { text += " (\(unparsed) unparsed)" }
        if let left = secondsLeft {
            let seconds = Int(left.rounded())
            text += seconds >= 60 ? " · ETA \(seconds / 60)m\(String(format: "%02d", seconds % 60))s" : " · ETA \(seconds)s"
        }
        return text
    }
}
