import ArgumentParser

/// `loom sdg …`: InstructLab-style synthetic data from taxonomy seeds.
struct SdgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdg",
        abstract: "InstructLab taxonomy qna.yaml files: check them, and generate training data from their seeds.",
        subcommands: [SdgValidateCommand.self, SdgGenerateCommand.self]
    )
}
