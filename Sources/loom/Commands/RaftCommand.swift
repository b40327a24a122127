import ArgumentParser

/// `loom raft …`: retrieval-augmented fine-tuning data (gorilla's RAFT), checked, built and evaluated on headless; the workbench's RAFT
/// section shows the same records and flags.
struct RaftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raft",
        abstract: "Check, build and evaluate on RAFT data (question, oracle and distractor documents, chain-of-thought answer).",
        subcommands: [RaftValidateCommand.self, RaftBuildCommand.self, RaftEvalCommand.self]
    )
}
