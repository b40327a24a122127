import ArgumentParser
import Foundation
import Support
import TerminalCore
import TerminalCurses
import Workbench

/// `loom [PATH…]`: open the workbench on datasets and folders (the bundled Samples/ when none are given).
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the workbench (the default when no subcommand is given).",
        discussion: "Keys: ? shows the keys of the current view, : opens the command palette, Q quits."
    )

    @Argument(help: "Dataset files or folders to open. Defaults to the bundled Samples/ folder.")
    var paths: [String] = []

    @Option(help: "A theme name from Themes/ (dark, light, high-contrast) or a path to a .theme file.")
    var theme: String?

    @Flag(help: "Draw borders and charts with ASCII only.")
    var ascii = false

    @Option(name: .long, help: "A further folder of run folders to list and follow (e.g. a share a cluster run syncs to); repeatable.")
    var runs: [String] = []

    @Option(name: .long, help: "Mark an active run stale after this many seconds without a change to its files (0: never).")
    var staleAfter: Double = 600

    func run() throws {
        // A first argument that is neither a subcommand nor a path is a mistyped command, not a missing dataset.
        if let first = paths.first, FileName.kind(of: first) == nil {
            let names = Loom.configuration.subcommands.map { $0.configuration.commandName ?? "" }
                + BenchCommand.configuration.subcommands.map { "bench " + ($0.configuration.commandName ?? "") }
            if let guess = CommandSuggestion.closest(to: first, among: names.filter { !$0.isEmpty && $0 != "open" }) {
                throw ValidationError("'\(first)' is neither a command nor a file or folder; did you mean 'loom \(guess)'? (loom --help lists the commands)")
            }
            throw ValidationError("\(first): no such file or folder (loom --help lists the commands)")
        }
        guard staleAfter >= 0, staleAfter.isFinite else { throw ValidationError("--stale-after \(staleAfter): give a number of seconds, 0 or more") }
        for folder in runs {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--runs \(folder): no such folder")
            }
        }
        try WorkbenchLaunch.run(paths: paths, theme: theme, ascii: ascii,
                                runsFolders: runs.map { URL(fileURLWithPath: $0) }, staleAfter: staleAfter)
    }
}
