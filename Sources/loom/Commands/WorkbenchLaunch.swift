import ArgumentParser
import Foundation
import TerminalCore
import TerminalCurses
import Workbench

/// Starting the workbench in this terminal, for `loom [PATH…]` and `loom review DATASET`: themes, the bundled
/// folders (Samples/, its run configs and models), signals, and the terminal restored however the loop ends.
enum WorkbenchLaunch {
    /// Runs the workbench on `paths` (the bundled Samples/ when empty); `prepare` may bring a section forward first.
    static func run(paths: [String], theme: String?, ascii: Bool, runsFolders extraRunsFolders: [URL] = [],
                    staleAfter: TimeInterval = 600, prepare: (WorkbenchApp) -> Void = { _ in }) throws {
        // Without a terminal on both sides (a script, cron, CI, output to a file) the workbench cannot draw or read
        // keys: say so and point to the headless commands instead of writing escape codes into a file.
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw ValidationError("the workbench needs a terminal on standard input and output; from scripts use the headless commands (loom score, loom train, loom detect, loom raft, loom review --export-kept, … — loom --help)")
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
        // The bundled example of a run trained elsewhere (by an exported train.py), followed through its folder.
        let bundledRuns = [BundledFolders.find("Samples").map { URL(fileURLWithPath: $0).appendingPathComponent("runs/cluster") }]
            .compactMap { $0 }.filter { FileManager.default.fileExists(atPath: $0.path) }
        let app = WorkbenchApp(paths: targets, catalog: catalog, themeIndex: themeIndex, capabilities: capabilities,
                               runConfigFolders: configFolders, runsFolders: [runsFolder] + extraRunsFolders + bundledRuns,
                               modelFolders: [BundledFolders.find("Samples").map { ($0 as NSString).appendingPathComponent("models") }]
                                   .compactMap { $0 }, staleAfter: staleAfter)
        prepare(app)

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
