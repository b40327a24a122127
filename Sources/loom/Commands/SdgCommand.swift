import ArgumentParser

/// `loom sdg …`: InstructLab-style synthetic data from taxonomy seeds.
struct SdgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdg",
        abstract: "Check InstructLab taxonomy qna.yaml files (synthetic data from seed examples).",
        subcommands: [SdgValidateCommand.self]
    )
}
