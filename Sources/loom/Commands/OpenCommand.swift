import ArgumentParser

/// `loom [PATH…]`: open the workbench on datasets and folders (the bundled Samples/ when none are given).
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the workbench (the default when no subcommand is given)."
    )

    @Argument(help: "Dataset files or folders to open. Defaults to the bundled Samples/ folder.")
    var paths: [String] = []

    func run() throws {
        print("workbench: \(paths)")
    }
}
