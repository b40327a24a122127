import ArgumentParser

/// `loom raft …`: retrieval-augmented fine-tuning data (gorilla's RAFT), checked and built headless; the workbench's RAFT
/// section shows the same records and flags.
struct RaftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raft",
        abstract: "Check and build RAFT data (question, oracle and distractor documents, chain-of-thought answer).",
        subcommands: [RaftValidateCommand.self, RaftBuildCommand.self]
    )
}
