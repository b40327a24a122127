/// Something that happened in a run, queued for observers (the workbench drains them when it redraws; `loom
/// train` prints them).
public enum RunEvent: Sendable, Equatable {
    case statusChanged(RunStatus)
    /// A training step or an evaluation.
    case metrics(MetricsRecord)
    /// A sample generation from one of the fixed prompts (kind `.sample`: prompt and text).
    case sample(MetricsRecord)
    case checkpointWritten(CheckpointFile)
    /// A line also written to log.txt (data report, skipped records, exports).
    case log(String)
    /// The run ended with this error; the last good checkpoint is kept.
    case failed(String)
}
