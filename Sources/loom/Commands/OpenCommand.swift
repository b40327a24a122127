import ArgumentParser
import Foundation
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

    func run() throws {
        // A first argument that is neither a subcommand nor a path is a mistyped command, not a missing dataset.
        if let first = paths.first, !FileManager.default.fileExists(atPath: first) {
            let names = Loom.configuration.subcommands.map { $0.configuration.commandName ?? "" }
                + BenchCommand.configuration.subcommands.map { "bench " + ($0.configuration.commandName ?? "") }
            if let guess = CommandSuggestion.closest(to: first, among: names.filter { !$0.isEmpty && $0 != "open" }) {
                throw ValidationError("'\(first)' is neither a command nor a file or folder; did you mean 'loom \(guess)'? (loom --help lists the commands)")
            }
            throw ValidationError("\(first): no such file or folder (loom --help lists the commands)")
        }
        // Without a terminal on both sides (a script, cron, CI, output to a file) the workbench cannot draw or read
        // keys: say so and point to the headless commands instead of writing escape codes into a file.
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw ValidationError("the workbench needs a terminal on standard input and output; from scripts use the headless commands (loom score, loom train, loom detect, loom raft, … — loom --help)")
        }
        var catalog = ThemeCatalog.load(folder: BundledFolders.find("Themes"))
        var themeIndex = catalog.index(named: "dark") ?? 0
        if let theme {
            do {
                themeIndex = try catalog.resolve(theme)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        var targets = paths
        if targets.isEmpty {
            guard let samples = BundledFolders.find("Samples") else {
                throw ValidationError("no Samples/ folder found; give a dataset file or folder: loom PATH")
            }
            targets = [samples]
        }
        let environment = ProcessInfo.processInfo.environment
        let capabilities = TerminalCapabilities.detect(environment: environment, forceASCII: ascii)
        // Run configs: the bundled Samples/runs/ and any .toml given on the command line; runs live in ./runs (the
        // default `runs_folder` of a config) and are listed whether they were launched here or with `loom train`.
        let configFolders = [BundledFolders.find("Samples").map { ($0 as NSString).appendingPathComponent("runs") }]
            .compactMap { $0 }
        let runsFolder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("runs")
        let app = WorkbenchApp(paths: targets, catalog: catalog, themeIndex: themeIndex, capabilities: capabilities,
                               runConfigFolders: configFolders, runsFolders: [runsFolder],
                               modelFolders: [BundledFolders.find("Samples").map { ($0 as NSString).appendingPathComponent("models") }]
                                   .compactMap { $0 })

        let stop = StopRequest()
        let signals = SignalWatch(signals: [SIGINT, SIGTERM, SIGHUP]) { _ in stop.raise() }
        defer { signals.cancel() }

        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(capabilities: capabilities)
        } catch {
            throw ValidationError("\(error)")
        }
        // The terminal is restored however the loop ends: quit, a signal, or a thrown error.
        do {
            defer { terminal.close() }
            WorkbenchLoop().run(app, on: terminal, stop: stop)
        }
        // A signal ends the loop without the quit dialog: runs training here still stop with a checkpoint (a second
        // signal exits at once).
        if stop.isRaised, app.hasWorkUnderWay {
            FileHandle.standardError.write(Data("stopping: runs training in the workbench are writing a checkpoint (send the signal again to exit at once)…\n".utf8))
            app.stopWork()
        }
    }
}
