import Foundation

/// Where a build stands, published after every chunk: what the CLI's progress line and the workbench show.
public struct RAFTBuildProgress: Sendable, Hashable {
    public var chunksDone: Int
    public var chunksTotal: Int
    /// Chunks done by an earlier run of the same build, skipped now.
    public var chunksSkipped: Int
    public var accepted: Int
    public var rejected: Int
    public var elapsed: TimeInterval

    public var fraction: Double { chunksTotal == 0 ? 1 : Double(chunksDone) / Double(chunksTotal) }

    /// Seconds left at the pace of the chunks made in this run, or nil before the first.
    public var secondsLeft: Double? {
        let made = chunksDone - chunksSkipped
        guard made > 0 else { return nil }
        return elapsed / Double(made) * Double(chunksTotal - chunksDone)
    }

    /// "12/40 chunks · 51 records kept, 9 set aside · ETA 3m20s".
    public var line: String {
        var text = "\(chunksDone)/\(chunksTotal) chunks · \(accepted) records kept, \(rejected) set aside"
        if let left = secondsLeft {
            let seconds = Int(left.rounded())
            text += seconds >= 60 ? " · ETA \(seconds / 60)m\(String(format: "%02d", seconds % 60))s" : " · ETA \(seconds)s"
        }
        return text
    }
}
