/// Where a run is in its life. Written to the run folder's `status.json`, shown in the Runs view.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// Loading the model and data.
    case preparing
    case running
    case paused
    /// A stop was asked for; the checkpoint is being written.
    case stopping
    /// Stopped by the user after writing a checkpoint; `--resume` continues it.
    case stopped
    /// Ran to its last step (or stopped early on eval loss) and wrote the final adapter.
    case completed
    /// Ended with an error (bad data, NaN loss, full disk …); the last good checkpoint is kept.
    case failed
    /// `status.json` says running but the process that ran it is gone (killed or crashed); `--resume` continues it.
    case interrupted

    /// True while a thread is working on the run.
    public var isActive: Bool { self == .preparing || self == .running || self == .paused || self == .stopping }
    /// True when `--resume` can continue it.
    public var isResumable: Bool { self == .stopped || self == .interrupted || self == .failed }
}
