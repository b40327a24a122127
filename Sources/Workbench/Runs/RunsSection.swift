import Foundation
import Runs
import TerminalCore

/// The Runs section: run configs and runs on the left; on the right the config form (edit, validate, estimate,
/// launch) or the live view of a run (charts, panel, samples; pause, stop, resume). Runs launched here train on the
/// in-process engine in the background; runs launched with `loom train` are watched through their files.
final class RunsSection {
    enum Item: Equatable {
        case config(Int)
        case run(Int)
    }

    private(set) var configs: [RunConfigEntry] = []
    private(set) var runs: [RunEntry] = []
    private let runsFolders: [URL]
    var position = ScrollPosition()
    private var visibleRows = 10
    var form = RunConfigForm()
    var view = RunView()
    private var compareIndex: Int?
    private var measurements: [ObjectIdentifier: BackgroundJob<RunEstimate>] = [:]
    private var lastRescan = Date.distantPast
    /// A message for the status bar, taken by the app after each command.
    var pendingMessage: (text: String, isError: Bool)?

    static let sidebarWidth = 30

    init(configFolders: [String], configFiles: [String], runsFolders: [URL]) {
        self.runsFolders = runsFolders
        for folder in configFolders { configs += RunConfigEntry.entries(inFolder: folder) }
        configs += configFiles.map(RunConfigEntry.init(path:))
        rescanRuns()
    }

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

    /// Runs training in this process right now.
    var activeRuns: [RunEntry] { runs.filter { $0.live != nil && $0.live?.isFinished == false } }

    var keyMap: KeyMap {
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

    static let listKeyMap = KeyMap(title: "Runs list", bindings: [
        KeyBinding([.control("n")], .moveDown),
        KeyBinding([.control("p")], .moveUp),
        KeyBinding([.character("J")], .moveDown),
        KeyBinding([.character("K")], .moveUp),
    ])

    /// Adds runs that appeared in the runs folders (launched elsewhere), keeping the order stable.
    private func rescanRuns() {
        lastRescan = Date()
        // Compare by path: a folder made from a relative URL and the same folder listed from disk are not `==`.
        let known = Set(runs.map { $0.folder.url.standardizedFileURL.path })
        for folder in runsFolders {
            for summary in RunFolder.list(in: folder).reversed()
            where !known.contains(summary.folder.url.standardizedFileURL.path) {
                runs.append(RunEntry(folder: summary.folder))
            }
        }
    }

    // MARK: Input

    /// Keys while a form field is being edited go to the editor first.
    func handleEditingKey(_ key: Key) -> Bool {
        guard form.isEditing, let entry = selectedConfig, var config = entry.config else { return false }
        if let error = form.handleEditing(key, config: &config) {
            pendingMessage = (error, true)
        }
        entry.config = config
        entry.refreshEstimate()
        return true
    }

    func perform(_ command: Command) -> Bool {
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
            measurements[ObjectIdentifier(entry)] = BackgroundJob(name: "loom-estimate") {
                try RunEstimate.measure(config: config, steps: 2, totalSteps: nil)
            }
        case .pauseRun:
            guard let live = selectedRun?.live else { return message("this run is not training in the workbench") }
            if live.snapshot.status == .paused {
                live.resume()
                pendingMessage = ("resumed", false)
            } else {
                live.pause()
                pendingMessage = ("pausing after this step", false)
            }
        case .stopRun:
            guard let live = selectedRun?.live, !live.isFinished else { return message("this run is not training in the workbench") }
            live.stop()
            pendingMessage = ("stopping: writing a checkpoint first", false)
        case .resumeRun:
            guard let run = selectedRun else { return false }
            if run.live != nil, run.live?.isFinished == false { return message("this run is already training") }
            do {
                let resumed = try TrainingRun.resume(folder: run.folder)
                resumed.start()
                run.attach(resumed)
                pendingMessage = ("resuming \(run.name) from its last checkpoint", false)
            } catch {
                pendingMessage = ("\(error)", true)
            }
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
            pendingMessage = (compareIndex.map { "comparing with \(runs[$0].name)" } ?? "comparison off", false)
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

    private func message(_ text: String) -> Bool {
        pendingMessage = (text, true)
        return true
    }

    private func launchSelected() {
        guard let entry = selectedConfig, let config = entry.config else { return }
        let problems = entry.problems
        guard problems.isEmpty else {
            pendingMessage = ("cannot launch: \(problems[0].field): \(problems[0].message)", true)
            return
        }
        do {
            let run = try TrainingRun.create(config: config, configPath: entry.path)
            run.start()
            let added = RunEntry(folder: run.folder, live: run)
            runs.append(added)
            select(.run(runs.count - 1))
            pendingMessage = ("launched \(run.folder.name)", false)
        } catch {
            pendingMessage = ("\(error)", true)
        }
    }

    /// Stops every run training in this process (each writes a checkpoint) and waits for them.
    func stopAllAndWait(timeout: Double = 120) {
        let active = activeRuns
        for run in active { run.live?.stop() }
        for run in active { _ = run.live?.waitUntilFinished(timeout: timeout) }
    }

    // MARK: Background

    func poll() -> Bool {
        var changed = false
        if Date().timeIntervalSince(lastRescan) > 2 {
            let before = runs.count
            rescanRuns()
            changed = runs.count != before
        }
        for run in runs where run.poll() { changed = true }
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

    // MARK: Drawing

    func drawSidebar(into grid: inout CellGrid, rect: Rect, focused: Bool, glyphs: BoxGlyphs) {
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
                return .init(title: "⚙ " + entry.name, detail: detail,
                             detailRole: entry.config == nil || problems > 0 ? .warning : .muted)
            case .run(let index):
                let run = runs[index]
                let total = run.totalSteps
                return .init(title: "▶ " + run.name,
                             detail: "  \(run.status?.rawValue ?? "?") · step \(run.step)\(total > 0 ? "/\(total)" : "")",
                             detailRole: run.status == .failed ? .error : .muted)
            }
        }
    }

    /// Draws the main pane; returns the text cursor when a field is being edited.
    func drawMain(into grid: inout CellGrid, rect: Rect, glyphs: BoxGlyphs, resolution: LineChart.Resolution) -> (x: Int, y: Int)? {
        if let entry = selectedConfig {
            return form.draw(into: &grid, rect: rect, entry: entry, glyphs: glyphs)
        }
        if let run = selectedRun {
            let compare = compareIndex.flatMap { runs.indices.contains($0) ? runs[$0] : nil }
            view.draw(into: &grid, rect: rect, run: run, compare: compare === run ? nil : compare, glyphs: glyphs,
                      resolution: resolution)
            return nil
        }
        grid.drawBox(rect, glyphs: glyphs, title: "Runs", titleRole: .title)
        grid.put("Choose a run config to edit and launch, or a run to watch.", x: rect.x + 2, y: rect.y + 2,
                 maxWidth: rect.width - 4, role: .muted)
        return nil
    }

    var statusLocation: String {
        if let run = selectedRun {
            return "\(run.name)  \(run.status?.rawValue ?? "")  step \(run.step)" + (run.totalSteps > 0 ? "/\(run.totalSteps)" : "")
        }
        if let entry = selectedConfig { return "\(entry.name)  \(RunConfig.fields[form.selected].key)" }
        return "Runs"
    }
}
