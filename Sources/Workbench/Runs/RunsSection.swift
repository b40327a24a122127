import Foundation
import Runs
import Support
import TerminalCore

/// The Runs section: run configs and runs on the left; on the right the config form (edit, validate, estimate,
/// launch) or the live view of a run (charts, panel, samples; pause, stop, resume). Runs launched here train on the
/// in-process engine in the background; runs launched with `loom train` are watched through their files. The runs
/// come from the `RunsCatalogue` it shares with Chat.
final class RunsSection: WorkbenchSection {
    enum Item: Equatable {
        case config(Int)
        case run(Int)
    }

    let title = "Runs"
    let key: Character = "2"
    let summary = "configure, launch and watch training"

    private(set) var configs: [RunConfigEntry] = []
    let catalogue: RunsCatalogue
    private var seenGeneration = -1
    /// Config files named on the command line; the workbench opens on Runs when they are all it was given.
    private let commandLineConfigs: Int
    var position = ScrollPosition()
    private var visibleRows = 10
    var form = RunConfigForm()
    var view = RunView()
    private var compareIndex: Int?
    private var measurements: [ObjectIdentifier: BackgroundTask<Void, RunEstimate>] = [:]
    /// The pre-flight checks under way, with the config each one checks.
    private var checks: [ObjectIdentifier: (config: RunConfig, task: BackgroundTask<Void, CheckReport>)] = [:]
    /// A message for the status bar, taken by the app after each command.
    var pendingMessage: StatusMessage?

    init(configFolders: [String], configFiles: [String], catalogue: RunsCatalogue) {
        self.catalogue = catalogue
        commandLineConfigs = configFiles.count
        for folder in configFolders { configs += RunConfigEntry.entries(inFolder: folder) }
        configs += configFiles.map(RunConfigEntry.init(path:))
    }

    var runs: [RunEntry] { catalogue.runs }
    var hasStartupContent: Bool { commandLineConfigs > 0 }

    var items: [Item] { configs.indices.map(Item.config) + runs.indices.map(Item.run) }

    var selectedItem: Item? {
        let all = items
        return all.indices.contains(position.selected) ? all[position.selected] : nil
    }

    var selectedRun: RunEntry? {
        if case .run(let index) = selectedItem { return runs[index] }
        return nil
    }

    var selectedConfig: RunConfigEntry? {
        if case .config(let index) = selectedItem { return configs[index] }
        return nil
    }

    /// The keys of the pane on the right: the form's or the run view's.
    var mainKeyMap: KeyMap {
        if selectedConfig != nil { return RunConfigForm.keyMap }
        if selectedRun != nil { return RunView.keyMap }
        return KeyMap(title: "Runs", bindings: [])
    }

    static let sidebarKeyMap = KeyMap(title: "Runs", bindings: [
        KeyBinding([.up, .character("k")], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.character("g"), .home], .top),
        KeyBinding([.character("G"), .end], .bottom),
        KeyBinding([.enter, .right, .character("l")], .open),
        KeyBinding([.character("L")], .launchRun),
        KeyBinding([.character("p")], .pauseRun),
        KeyBinding([.character("x")], .stopRun),
        KeyBinding([.character("r")], .resumeRun),
    ])

    // Ctrl-P stays the palette's everywhere.
    static let listKeyMap = KeyMap(title: "Runs list", bindings: [
        KeyBinding([.character("J")], .moveDown),
        KeyBinding([.character("K")], .moveUp),
    ])

    // MARK: Input

    func keyMap(focus: Focus) -> KeyMap {
        guard focus == .sidebar else { return mainKeyMap.merged(with: Self.listKeyMap) }
        // With a run selected, its chart keys work from the list too.
        guard selectedRun != nil else { return Self.sidebarKeyMap }
        let chartKeys: Set<Command> = [.toggleZoom, .toggleLogScale, .nextChart, .compareRun]
        return Self.sidebarKeyMap.merged(with: KeyMap(title: "", bindings: RunView.keyMap.bindings.filter { chartKeys.contains($0.command) }))
    }

    /// The list is where one starts here: what to edit or watch is chosen first.
    func didBecomeActive(focus: inout Focus) {
        focus = .sidebar
    }

    /// Keys while a form field is being edited go to the editor first.
    func handleEditingKey(_ key: Key, focus: inout Focus) -> Bool {
        guard form.isEditing, let entry = selectedConfig, var config = entry.config else { return false }
        let field = RunConfig.fields[form.selected].key
        let before = config.value(forKey: field)
        if let error = form.handleEditing(key, config: &config) {
            pendingMessage = StatusMessage(error, isError: true)
        }
        entry.config = config
        if config.value(forKey: field) != before { entry.edited(field) }
        entry.refreshEstimate()
        return true
    }

    func perform(_ command: Command, focus: inout Focus) -> Bool {
        switch command {
        case .open:
            focus = .main
            return true
        case .back:
            return false
        case .moveUp, .moveDown:
            if focus == .sidebar {
                moveSelection(by: command == .moveUp ? -1 : 1)
                return true
            }
        case .top, .bottom:
            if focus == .sidebar {
                moveSelection(by: command == .top ? -10_000 : 10_000)
                return true
            }
        default:
            break
        }
        return performOnSelection(command)
    }

    /// Commands for the selected config or run, whichever pane has focus (`L` launches from the list too).
    private func performOnSelection(_ command: Command) -> Bool {
        switch command {
        case .moveUp, .moveDown:
            if selectedConfig != nil {
                form.move(by: command == .moveUp ? -1 : 1)
            } else {
                moveSelection(by: command == .moveUp ? -1 : 1)
            }
        case .editField:
            guard let config = selectedConfig?.config else { return false }
            form.beginEditing(config)
        case .launchRun:
            launchSelected()
        case .measureEstimate:
            guard let entry = selectedConfig, let config = entry.config, !entry.measuring else { return false }
            entry.measuring = true
            entry.measureError = nil
            measurements[ObjectIdentifier(entry)] = BackgroundTask(name: "loom-estimate") { _ in
                try RunEstimate.measure(config: config, steps: 2, totalSteps: nil)
            }
        case .pauseRun:
            guard let live = selectedRun?.live else { return message("this run is not training in the workbench") }
            if live.snapshot.status == .paused {
                live.resume()
                pendingMessage = StatusMessage("resumed")
            } else {
                live.pause()
                pendingMessage = StatusMessage("pausing after this step")
            }
        case .stopRun:
            guard let live = selectedRun?.live, !live.isFinished else { return message("this run is not training in the workbench") }
            live.stop()
            pendingMessage = StatusMessage("stopping: writing a checkpoint first")
        case .resumeRun:
            guard let run = selectedRun else { return false }
            // `r` on a run paused here continues it, as `p` does.
            if let live = run.live, !live.isFinished, live.snapshot.status == .paused {
                live.resume()
                pendingMessage = StatusMessage("continued")
                return true
            }
            if run.live != nil, run.live?.isFinished == false { return message("this run is already training") }
            do {
                let resumed = try TrainingRun.resume(folder: run.folder)
                resumed.start()
                run.attach(resumed)
                // A run without a checkpoint starts again from step 0: say so rather than promise a resume.
                pendingMessage = StatusMessage(run.folder.latestCheckpoint == nil
                    ? "\(run.name) has no checkpoint: training starts again from step 0"
                    : "resuming \(run.name) from its last checkpoint")
            } catch {
                pendingMessage = StatusMessage("\(error)", isError: true)
            }
        case .writeConfig:
            guard let entry = selectedConfig else { return message("choose a config to write") }
            writeConfig(entry, to: nil)
        case .toggleZoom: view.zoomed.toggle()
        case .toggleLogScale: view.logScale.toggle()
        case .nextChart:
            let all = RunView.SecondChart.allCases
            view.second = all[(all.firstIndex(of: view.second)! + 1) % all.count]
        case .compareRun:
            guard let run = selectedRun, runs.count > 1 else { return message("no other run to compare with") }
            let current = runs.firstIndex { $0 === run } ?? 0
            let next = ((compareIndex ?? current) + 1) % runs.count
            compareIndex = next == current ? nil : next
            pendingMessage = StatusMessage(compareIndex.map { "comparing with \(runs[$0].name)" } ?? "comparison off")
        default:
            return false
        }
        return true
    }

    /// Moves in the list on the left (`J`/`K`, or ↑/↓ when a run is shown).
    func moveSelection(by delta: Int) {
        position.move(by: delta, count: items.count, visibleRows: visibleRows)
        form = RunConfigForm()
        compareIndex = nil
    }

    func select(_ item: Item) {
        if let index = items.firstIndex(of: item) {
            position.select(index, count: items.count, visibleRows: visibleRows)
        }
    }

    /// `w`, `:write` and `:saveas NAME`: the edits into the file (or a new file beside it), comments kept.
    private func writeConfig(_ entry: RunConfigEntry, to name: String?) {
        guard entry.isModified || name != nil else {
            pendingMessage = StatusMessage("no edits to write in \(entry.name)")
            return
        }
        var target: String?
        if let name {
            let file = name.hasSuffix(".toml") ? name : name + ".toml"
            target = file.hasPrefix("/") ? file : ((entry.path as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent(file)
            if FileManager.default.fileExists(atPath: target!) {
                pendingMessage = StatusMessage("\(file) exists; choose another name", isError: true)
                return
            }
        }
        do {
            try entry.write(to: target)
            if let target {
                configs.append(RunConfigEntry(path: target))
                pendingMessage = StatusMessage("wrote \((target as NSString).lastPathComponent)")
            } else {
                pendingMessage = StatusMessage("wrote \(entry.name)")
            }
        } catch {
            pendingMessage = StatusMessage("\(error)", isError: true)
        }
    }

    var typedCommands: [TypedCommand] {
        [TypedCommand(verb: "write", usage: "", summary: "write the edited config back to its file"),
         TypedCommand(verb: "saveas", usage: "NAME", summary: "write the edited config to a new file beside it")]
    }

    func runTyped(_ verb: String, argument: String, focus: inout Focus) -> Bool {
        guard verb == "write" || verb == "saveas" else { return false }
        guard let entry = selectedConfig else { return message("choose a config in the Runs list first") }
        if verb == "saveas", argument.isEmpty { return message("usage: saveas NAME") }
        writeConfig(entry, to: verb == "saveas" ? argument : nil)
        return true
    }

    private func message(_ text: String) -> Bool {
        pendingMessage = StatusMessage(text, isError: true)
        return true
    }

    private func launchSelected() {
        guard let entry = selectedConfig, let config = entry.config else { return }
        let problems = entry.problems
        guard problems.isEmpty else {
            pendingMessage = StatusMessage("cannot launch: \(problems[0].field): \(problems[0].message)", isError: true)
            return
        }
        // The check's errors stop a launch as they stop `loom train`; a second L goes ahead, as `--force` does.
        if !entry.launchOverride {
            if entry.checking || entry.checkedConfig != config {
                // Not checked yet for these values: the run starts by itself when the check finds no error.
                if !entry.checking { startCheck(entry, config: config) }
                entry.launchWhenChecked = true
                entry.launchOverride = true
                pendingMessage = StatusMessage("checking the data first: the run starts when the check finds no error (L again starts it now)")
                return
            }
            if let report = entry.check, let first = report.errors.first {
                holdLaunch(entry, errors: report.errors.count, first: first)
                return
            }
        }
        launch(entry, config: config)
    }

    private func holdLaunch(_ entry: RunConfigEntry, errors: Int, first: CheckFinding) {
        entry.launchOverride = true
        pendingMessage = StatusMessage("the check found \(errors) error\(errors == 1 ? "" : "s") "
            + "(\(first.kind.rawValue), line \(first.line)); L again launches anyway", isError: true)
    }

    private func launch(_ entry: RunConfigEntry, config: RunConfig) {
        entry.launchOverride = false
        entry.launchWhenChecked = false
        do {
            let run = try TrainingRun.create(config: config, configPath: entry.path)
            run.start()
            select(.run(catalogue.add(RunEntry(folder: run.folder, live: run))))
            pendingMessage = StatusMessage("launched \(run.folder.name)")
        } catch {
            pendingMessage = StatusMessage("\(error)", isError: true)
        }
    }

    /// Quitting while runs train in this process asks first: they are stopped, each writing a checkpoint.
    var quitWarning: QuitWarning? {
        let active = catalogue.activeRuns
        let unsaved = configs.filter(\.isModified)
        if active.isEmpty, !unsaved.isEmpty {
            return QuitWarning(work: "Unsaved edits: \(unsaved.map(\.name).joined(separator: ", ")).",
                               question: "Quit without writing them (w in the config writes)?",
                               choices: "y: quit without writing    n: stay")
        }
        guard !active.isEmpty else { return nil }
        return QuitWarning(work: "Training: \(active.map(\.name).joined(separator: ", ")).",
                           question: "Stop it (a checkpoint is written first) and quit?",
                           choices: "y: stop and quit    n: keep training")
    }

    func prepareToQuit() {
        for check in checks.values { check.task.cancel() }
        catalogue.stopAllAndWait()
    }

    // MARK: Background

    func poll() -> Bool {
        var changed = false
        catalogue.refresh()
        if catalogue.generation != seenGeneration {
            seenGeneration = catalogue.generation
            changed = true
        }
        for run in runs where run.poll() { changed = true }
        if pollChecks() { changed = true }
        for entry in configs {
            guard let job = measurements[ObjectIdentifier(entry)], let result = job.result else { continue }
            measurements[ObjectIdentifier(entry)] = nil
            entry.measuring = false
            switch result {
            case .success(let estimate):
                var withSteps = estimate
                if let config = entry.config, let shape = entry.estimate {
                    withSteps.totalSteps = config.training.maxSteps > 0 ? config.training.maxSteps : shape.totalSteps
                }
                entry.estimate = withSteps
            case .failure(let error):
                entry.measureError = "\(error)"
            }
            changed = true
        }
        return changed
    }

    /// Starts the pre-flight check of the selected config when it has none for its current values, and takes the
    /// results of finished checks. A result for values since edited is dropped and the check runs again.
    private func pollChecks() -> Bool {
        var changed = false
        for entry in configs {
            let id = ObjectIdentifier(entry)
            guard let (config, task) = checks[id], let result = task.result else { continue }
            checks[id] = nil
            entry.checking = false
            switch result {
            case .success(let report):
                entry.check = report
                entry.checkError = nil
            case .failure(let error):
                entry.check = nil
                entry.checkError = "\(error)"
            }
            entry.checkedConfig = config
            if entry.launchWhenChecked {
                // An L waited for this check: start the run now unless it found errors (or the values changed since).
                entry.launchWhenChecked = false
                if entry.config != config {
                    entry.launchOverride = false
                } else if let error = entry.checkError {
                    entry.launchOverride = true
                    pendingMessage = StatusMessage("the check could not run: \(error); L again launches anyway", isError: true)
                } else if let report = entry.check, let first = report.errors.first {
                    holdLaunch(entry, errors: report.errors.count, first: first)
                } else {
                    launch(entry, config: config)
                }
            } else {
                entry.launchOverride = false
            }
            changed = true
        }
        if let entry = selectedConfig, entry.needsCheck, let config = entry.config {
            startCheck(entry, config: config)
            changed = true
        }
        return changed
    }

    private func startCheck(_ entry: RunConfigEntry, config: RunConfig) {
        entry.checking = true
        checks[ObjectIdentifier(entry)] = (config, BackgroundTask(name: "loom-check") { context in
            try DataCheck.load(config: config).run(shouldContinue: { !context.isCancelled })
        })
    }

    // MARK: Drawing

    func drawSidebar(into grid: inout CellGrid, rect: Rect, context: DrawingContext) {
        let focused = context.focus == .sidebar
        let glyphs = context.glyphs
        grid.drawBox(rect, glyphs: glyphs, title: "Runs", titleRole: focused ? .accent : .title)
        let inner = rect.inset(by: 1)
        let all = items
        if all.isEmpty {
            grid.put("No run configs or runs.", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: .muted)
            grid.put("Open a .toml: `: open PATH`", x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 1, role: .muted)
            return
        }
        visibleRows = TwoLineList.draw(into: &grid, rect: inner, position: &position, count: all.count,
                                       focused: focused) { i in
            switch all[i] {
            case .config(let index):
                let entry = configs[index]
                let problems = entry.problems.count
                let detail = entry.config == nil ? "  cannot read" : (problems == 0 ? "  config · ready" : "  config · \(problems) problem(s)")
                return .init(title: "⚙ " + entry.name + (entry.isModified ? " *" : ""), detail: detail,
                             detailRole: entry.config == nil || problems > 0 ? .warning : .muted)
            case .run(let index):
                let run = runs[index]
                let total = run.totalSteps
                return .init(title: "▶ " + run.name,
                             // Short enough that `100000/100000` fits the sidebar whole.
                             detail: "  \(run.isStale ? "stale" : run.status?.rawValue ?? "?") \(run.step)\(total > 0 ? "/\(total)" : "")",
                             detailRole: run.status == .failed ? .error : (run.isStale ? .warning : .muted))
            }
        }
    }

    /// Draws the main pane; returns the text cursor when a field is being edited.
    func drawMain(into grid: inout CellGrid, rect: Rect, context: DrawingContext) -> (x: Int, y: Int)? {
        let glyphs = context.glyphs
        if let entry = selectedConfig {
            return form.draw(into: &grid, rect: rect, entry: entry, glyphs: glyphs)
        }
        if let run = selectedRun {
            let compare = compareIndex.flatMap { runs.indices.contains($0) ? runs[$0] : nil }
            view.draw(into: &grid, rect: rect, run: run, compare: compare === run ? nil : compare, glyphs: glyphs,
                      resolution: context.chartResolution)
            return nil
        }
        grid.drawBox(rect, glyphs: glyphs, title: "Runs", titleRole: .title)
        grid.put("Choose a run config to edit and launch, or a run to watch.", x: rect.x + 2, y: rect.y + 2,
                 maxWidth: rect.width - 4, role: .muted)
        return nil
    }

    func status(focus: Focus) -> SectionStatus {
        SectionStatus(mode: "RUNS", location: statusLocation)
    }

    private var statusLocation: String {
        if let run = selectedRun {
            return "\(run.name)  \(run.status?.rawValue ?? "")  step \(run.step)" + (run.totalSteps > 0 ? "/\(run.totalSteps)" : "")
        }
        if let entry = selectedConfig { return "\(entry.name)  \(RunConfig.fields[form.selected].key)" }
        return "Runs"
    }
}
