import ArgumentParser

/// The `loom` command: the workbench by default, and a headless subcommand for every feature the workbench offers,
/// so that each can be scripted, tested and benchmarked without a terminal. `LoomMain` runs it.
struct Loom: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loom",
        abstract: "A terminal workbench for fine-tuning small language models on the CPU.",
        subcommands: [OpenCommand.self, ScoreCommand.self, GenerateCommand.self, TokenizeCommand.self,
                      TokenizerCommand.self, TrainCommand.self, CheckCommand.self, PretrainCommand.self, MergeCommand.self,
                      ExportCommand.self, ExportGGUFCommand.self, ExportRunCommand.self, ServeCommand.self, SdgCommand.self,
                      RaftCommand.self, ReviewCommand.self,
                      DetectCommand.self, ShowCommand.self, CurateCommand.self, BenchCommand.self],
        defaultSubcommand: OpenCommand.self
    )
}

/// `loom bench …`: benchmarks that print Loom's figures beside the anchor they are compared to.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark and print its figures.",
        subcommands: [BenchBrowseCommand.self, BenchGemmCommand.self, BenchTrainCommand.self,
                      BenchTokenizeCommand.self, BenchWatchCommand.self, DetectBenchCommand.self, BenchParquetCommand.self,
                      BenchCurateCommand.self]
    )
}
