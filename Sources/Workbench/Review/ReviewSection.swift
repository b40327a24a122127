import Datasets
import Detector
import Foundation
import Support
import TerminalCore

/// The Review section: go through a dataset before it reaches a training set. The datasets the workbench was opened
/// on are listed on the left; the open one is scored in the background by the detector (model-free by default,
/// cached beside the dataset), and the main pane shows the histogram of scores with the threshold, the counts, and
/// the flagged records sorted by score. Enter opens a record with the reason for its score; k / d / u decide,
/// z undoes, and every decision goes to the dataset's append-only review log (the file itself is never written).
final class ReviewSection: WorkbenchSection {
    let title = "Review"
    let key: Character = "4"
    let summary = "score a dataset for machine text, review the flagged records, keep or drop, export"

    private(set) var entries: [DatasetEntry] = []
    var sidebarState = ScrollPosition()
    private var sidebarRows = 10
    private(set) var session: ReviewSession?
    private(set) var recordPane: ReviewRecordPane?
    var listRows = 10
    /// Folders of models the language-model tier may use (Samples/models/ …).
    let modelFolders: [String]

    enum Prompt {
        case search, note, exportKept, exportUnflagged, exportLog
    }
    private(set) var prompt: (kind: Prompt, editor: LineEditor)?
    /// The threshold before `t` started moving it (Esc goes back to it); nil when not moving it.
    private(set) var thresholdBeforeMove: Double?
    private var exportJob: (task: BackgroundTask<Void, String>, what: String)?
    var pendingMessage: StatusMessage?
    private var startedOnce = false

    init(paths: [String], modelFolders: [String]) {
        self.modelFolders = modelFolders
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            entries += isFolder.boolValue ? DatasetEntry.entries(inFolder: path) : [DatasetEntry(path: path)]
        }
    }

    /// The dataset opened when the section is first shown: one whose name says it is for review, else the first.
    private var preferredEntry: Int? {
        entries.firstIndex { $0.name.lowercased().contains("review") } ?? (entries.isEmpty ? nil : 0)
    }

    var canFocusMain: Bool { session != nil }

    func didBecomeActive(focus: inout Focus) {
        if session == nil, !startedOnce, let index = preferredEntry {
            startedOnce = true
            open(entry: index, field: nil)
        }
        if session != nil { focus = .main }
    }

    /// Opens `path` (listing it if new) for review of `field`, and starts scoring it.
    func open(path: String, field: String?) -> Bool {
        if let index = entries.firstIndex(where: { $0.path == path }) {
            open(entry: index, field: field)
        } else {
            entries.append(DatasetEntry(path: path))
            open(entry: entries.count - 1, field: field)
        }
        return session?.path == path
    }

    private func open(entry index: Int, field: String?) {
        startedOnce = true
        sidebarState.select(index, count: entries.count, visibleRows: sidebarRows)
        recordPane = nil
        do {
            let opened = try ReviewSession(path: entries[index].path, field: field)
            session = opened
            opened.startScoring()
        } catch {
            session = nil
            pendingMessage = StatusMessage("\(entries[index].name): \(error)", isError: true)
        }
    }

    // MARK: Keys

    func keyMap(focus: Focus) -> KeyMap {
        if focus == .sidebar || session == nil { return ReviewKeys.datasets }
        return recordPane == nil ? ReviewKeys.list : ReviewKeys.record
    }

    func handleEditingKey(_ key: Key, focus: inout Focus) -> Bool {
        if var current = prompt {
            switch key {
            case .escape: prompt = nil
            case .enter:
                prompt = nil
                finish(current.kind, text: current.editor.text)
            default:
                if current.editor.handle(key) { prompt = current }
            }
            return true
        }
        guard let saved = thresholdBeforeMove, let session, let range = session.statisticRange, let rule = session.rule
        else { return false }
        let step = (range.upperBound - range.lowerBound) / Double(max(20, listWidth))
        switch key {
        case .left, .character("h"): session.setThreshold(statistic: rule.threshold - step)
        case .right, .character("l"): session.setThreshold(statistic: rule.threshold + step)
        case .character("H"): session.setThreshold(statistic: rule.threshold - 10 * step)
        case .character("L"): session.setThreshold(statistic: rule.threshold + 10 * step)
        case .character("0"): session.resetThreshold()
        case .enter, .character("t"):
            thresholdBeforeMove = nil
            pendingMessage = StatusMessage("threshold \(ReviewFormat.statistic(rule.threshold)): \(session.counts.flagged) flagged")
        case .escape:
            session.setThreshold(statistic: saved)
            thresholdBeforeMove = nil
        default: break
        }
        return true
    }

    var listWidth = 60

    func perform(_ command: Command, focus: inout Focus) -> Bool {
        if focus == .sidebar || session == nil {
            switch command {
            case .moveUp: sidebarState.move(by: -1, count: entries.count, visibleRows: sidebarRows)
            case .moveDown: sidebarState.move(by: 1, count: entries.count, visibleRows: sidebarRows)
            case .open:
                guard entries.indices.contains(sidebarState.selected) else { return true }
                if session?.path != entries[sidebarState.selected].path { open(entry: sidebarState.selected, field: nil) }
                if session != nil { focus = .main }
            default: return false
            }
            return true
        }
        guard let session else { return false }
        let count = session.list.count
        switch command {
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            if let pane = recordPane {
                let page = pane.visibleRows
                let delta = [Command.moveUp: -1, .moveDown: 1, .pageUp: -page, .pageDown: page, .top: -1_000_000, .bottom: 1_000_000][command] ?? 0
                pane.scroll = max(0, pane.scroll + delta)
            } else {
                let delta = [Command.moveUp: -1, .moveDown: 1, .pageUp: -listRows, .pageDown: listRows, .top: -count, .bottom: count][command] ?? 0
                session.position.move(by: delta, count: count, visibleRows: listRows)
            }
        case .open:
            if let index = session.selectedIndex { recordPane = ReviewRecordPane(session: session, index: index) }
        case .back:
            if recordPane != nil { recordPane = nil } else { return false }
        case .reviewKeep: decide(.keep)
        case .reviewDrop: decide(.drop)
        case .reviewUnsure: decide(.unsure)
        case .reviewUndo: undo()
        case .reviewNote:
            guard session.selectedIndex != nil || recordPane != nil else { return true }
            prompt = (.note, LineEditor(currentDecision?.note ?? ""))
        case .reviewNextUndecided, .reviewPreviousUndecided:
            if let at = session.nextUndecided(forward: command == .reviewNextUndecided) {
                session.position.select(at, count: count, visibleRows: listRows)
                reopenRecordPane()
            } else {
                pendingMessage = StatusMessage("every listed record is decided")
            }
        case .reviewSearch: prompt = (.search, LineEditor(session.filter.search ?? ""))
        case .reviewThreshold:
            guard let rule = session.rule, session.statisticRange != nil else {
                pendingMessage = StatusMessage("no scores yet to set a threshold on", isError: true)
                return true
            }
            thresholdBeforeMove = rule.threshold
        case .reviewScope: refilter { $0.scope = $0.next($0.scope) }
        case .reviewDecisionFilter: refilter { $0.decision = $0.next($0.decision) }
        case .reviewClearFilters: refilter { $0.search = nil; $0.scoreRange = nil }
        case .reviewExportKept: prompt = (.exportKept, LineEditor(defaultExportPath(session, suffix: "kept")))
        case .reviewExportUnflagged: prompt = (.exportUnflagged, LineEditor(defaultExportPath(session, suffix: "kept-and-unflagged")))
        case .reviewExportLog: prompt = (.exportLog, LineEditor(defaultExportPath(session, suffix: "decisions")))
        case .reviewCancel:
            if session.isScoring { session.cancelScoring() } else { pendingMessage = StatusMessage("not scoring") }
        case .reviewRescore: recordPane = nil; session.startScoring()
        case .reviewColumn:
            let columns = ReviewSession.textColumns(of: session.dataset)
            guard columns.count > 1, let at = columns.firstIndex(of: session.field) else {
                pendingMessage = StatusMessage("no other text column")
                return true
            }
            recordPane = nil
            session.change(field: columns[(at + 1) % columns.count])
            pendingMessage = StatusMessage("text column: \(session.field)")
        case .reviewMethod:
            recordPane = nil
            if session.method.method == .stats, let model = lmModel {
                session.change(method: ReviewMethod(method: .fastDetectGPT, model: model))
            } else {
                session.change(method: .modelFree)
            }
            pendingMessage = StatusMessage("method: \(session.method.label)")
        default: return false
        }
        return true
    }

    /// The first model folder usable by the language-model tier.
    private var lmModel: String? {
        for folder in modelFolders {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            for name in names {
                let path = (folder as NSString).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: path + "/config.json"),
                   FileManager.default.fileExists(atPath: path + "/tokenizer.json") { return path }
            }
        }
        return nil
    }

    private func refilter(_ change: (inout ReviewFilter) -> Void) {
        guard let session else { return }
        let selected = session.selectedIndex
        change(&session.filter)
        session.position = ScrollPosition()
        if let selected { session.select(index: selected, visibleRows: listRows) }
        recordPane = nil
    }

    private var currentIndex: Int? { recordPane?.index ?? session?.selectedIndex }

    private var currentDecision: ReviewDecision? {
        guard let session, let index = currentIndex else { return nil }
        return session.verdict(of: session.items[index]).decision
    }

    /// Decides the record in front and moves on to the next in the list (the record pane follows).
    private func decide(_ verdict: ReviewDecision.Verdict, note: String? = nil, advance: Bool = true) {
        guard let session, let index = currentIndex else {
            pendingMessage = StatusMessage("no record selected", isError: true)
            return
        }
        do {
            try session.decide(verdict, index: index, note: note)
        } catch {
            pendingMessage = StatusMessage("decision not written: \(error)", isError: true)
            return
        }
        pendingMessage = StatusMessage("line \(session.items[index].line): \(verdict.rawValue)" + (note.map { " — \($0)" } ?? ""))
        let shown = session.list
        // The decided record may have left the list (a filter on undecided): stay at the same place in it.
        if let at = shown.firstIndex(of: index) {
            session.position.select(advance ? at + 1 : at, count: shown.count, visibleRows: listRows)
        } else {
            session.position.clamp(count: shown.count, visibleRows: listRows)
        }
        reopenRecordPane()
    }

    private func undo() {
        guard let session else { return }
        do {
            guard let line = try session.undo() else {
                pendingMessage = StatusMessage("nothing to undo")
                return
            }
            if let index = session.items.firstIndex(where: { $0.line == line }) {
                session.select(index: index, visibleRows: listRows)
            }
            let now = session.decisions[line]?.verdict ?? .undecided
            pendingMessage = StatusMessage("undone: line \(line) is \(now.rawValue) again")
            reopenRecordPane()
        } catch {
            pendingMessage = StatusMessage("undo not written: \(error)", isError: true)
        }
    }

    /// Keeps an open record pane on the list's selection.
    private func reopenRecordPane() {
        guard recordPane != nil, let session else { return }
        if let index = session.selectedIndex {
            if recordPane?.index != index { recordPane = ReviewRecordPane(session: session, index: index) }
        } else {
            recordPane = nil
        }
    }

    private func finish(_ kind: Prompt, text: String) {
        guard let session else { return }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .search:
            refilter { $0.search = trimmed.isEmpty ? nil : trimmed }
            pendingMessage = StatusMessage(trimmed.isEmpty ? "search cleared" : "\(session.list.count) records contain \"\(trimmed)\"")
        case .note:
            guard let decision = currentDecision else {
                // A note without a decision is kept as "unsure": a question for later.
                decide(.unsure, note: trimmed, advance: false)
                return
            }
            decide(decision.verdict, note: trimmed.isEmpty ? nil : trimmed, advance: false)
        case .exportKept, .exportUnflagged, .exportLog:
            guard !trimmed.isEmpty else { return }
            export(kind, to: (trimmed as NSString).expandingTildeInPath)
        }
    }

    private func defaultExportPath(_ session: ReviewSession, suffix: String) -> String {
        let url = URL(fileURLWithPath: session.path)
        var stem = url.lastPathComponent
        for ext in [".gz", ".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".parquet", ".yaml"] where stem.hasSuffix(ext) {
            stem = String(stem.dropLast(ext.count))
        }
        return url.deletingLastPathComponent().appendingPathComponent("\(stem).\(suffix).jsonl").path
    }

    /// Writes an export in the background (the kept records need the whole file read).
    private func export(_ kind: Prompt, to path: String) {
        guard let session else { return }
        let source = URL(fileURLWithPath: session.path).standardizedFileURL.path
        guard URL(fileURLWithPath: path).standardizedFileURL.path != source else {
            pendingMessage = StatusMessage("refused: \(path) is the dataset itself; the source is never written", isError: true)
            return
        }
        let dataset = session.dataset, log = session.log
        let unflagged = kind == .exportUnflagged ? session.unflaggedLines : nil
        let out = URL(fileURLWithPath: path)
        let task = BackgroundTask<Void, String>(name: "loom.review.export") { _ in
            if kind == .exportLog {
                try ReviewExport.log(log, to: out)
                return "wrote \(log.entries.count) decisions to \(path)"
            }
            let summary = try ReviewExport.keptRecords(of: dataset, log: log, includeUnreviewed: unflagged != nil,
                                                       unreviewedLines: unflagged, to: out)
            return "wrote \(summary.written) records to \(path)"
                + (summary.staleLines.isEmpty ? "" : " (\(summary.staleLines.count) stale decisions not applied)")
        }
        exportJob = (task, path)
        pendingMessage = StatusMessage("exporting to \(path)…")
    }

    /// True while an export runs (tests wait on it).
    var isExporting: Bool { exportJob != nil }

    // MARK: Palette

    func paletteItems() -> [SectionPaletteItem] {
        entries.map { SectionPaletteItem(title: "Review: \($0.name)", detail: $0.formatName) }
    }

    func choosePaletteItem(_ index: Int, focus: inout Focus) {
        guard entries.indices.contains(index) else { return }
        open(entry: index, field: nil)
        if session != nil { focus = .main }
    }

    var typedCommands: [TypedCommand] {
        [
            TypedCommand(verb: "review", usage: "PATH [FIELD]", summary: "review a dataset's text column"),
            TypedCommand(verb: "field", usage: "NAME", summary: "score another text column"),
            TypedCommand(verb: "method", usage: "stats | fast-detectgpt MODEL | binoculars OBSERVER PERFORMER", summary: "the detector to score with"),
            TypedCommand(verb: "threshold", usage: "P", summary: "threshold as a probability of machine (0–1)"),
            TypedCommand(verb: "range", usage: "LOW HIGH", summary: "list only scores (probability of machine) in this range"),
            TypedCommand(verb: "calibration", usage: "FILE", summary: "use a threshold from loom detect calibrate"),
            TypedCommand(verb: "labels", usage: "FIELD | none", summary: "the column of human/machine labels the FPR is measured on"),
        ]
    }

    func runTyped(_ verb: String, argument: String, focus: inout Focus) -> Bool {
        let words = argument.split(separator: " ").map(String.init)
        if verb == "review" {
            guard let path = words.first else { pendingMessage = StatusMessage("review PATH [FIELD]", isError: true); return true }
            if open(path: (path as NSString).expandingTildeInPath, field: words.dropFirst().first) { focus = .main }
            return true
        }
        guard ["field", "method", "threshold", "range", "calibration", "labels"].contains(verb) else { return false }
        guard let session else {
            pendingMessage = StatusMessage("open a dataset for review first", isError: true)
            return true
        }
        recordPane = nil
        switch verb {
        case "field":
            guard let name = words.first else { return true }
            session.change(field: name)
        case "method":
            guard let name = words.first, let method = DetectionMethod(rawValue: name) else {
                pendingMessage = StatusMessage("method stats | fast-detectgpt MODEL | binoculars OBSERVER PERFORMER", isError: true)
                return true
            }
            if method == .stats {
                session.change(method: .modelFree)
            } else if method == .binoculars {
                guard words.count >= 3 else { pendingMessage = StatusMessage("binoculars needs OBSERVER PERFORMER", isError: true); return true }
                session.change(method: ReviewMethod(method: method, model: words[2], observer: words[1]))
            } else {
                guard let model = words.count >= 2 ? words[1] : lmModel else {
                    pendingMessage = StatusMessage("\(name) needs a model folder", isError: true)
                    return true
                }
                session.change(method: ReviewMethod(method: method, model: model, observer: words.count >= 3 ? words[2] : nil))
            }
        case "threshold":
            guard let p = words.first.flatMap(Double.init), p > 0, p < 1 else {
                pendingMessage = StatusMessage("threshold P: a probability of machine between 0 and 1", isError: true)
                return true
            }
            session.setThreshold(probability: p)
        case "range":
            guard words.count == 2, let low = Double(words[0]), let high = Double(words[1]), low <= high else {
                pendingMessage = StatusMessage("range LOW HIGH: probabilities of machine, LOW ≤ HIGH", isError: true)
                return true
            }
            refilter { $0.scoreRange = low...high }
        case "calibration":
            do { try session.loadCalibration(path: (argument as NSString).expandingTildeInPath) } catch {
                pendingMessage = StatusMessage("\(error)", isError: true)
            }
        default: // labels
            session.change(labelField: words.first == "none" ? nil : words.first)
        }
        return true
    }

    // MARK: Background work

    func poll() -> Bool {
        var changed = false
        if let session {
            if session.poll() {
                changed = true
                session.position.clamp(count: session.list.count, visibleRows: listRows)
            }
            if let note = session.notes.first {
                session.notes.removeFirst()
                pendingMessage = StatusMessage(note, isError: true)
            }
        }
        if let pane = recordPane, pane.poll() { changed = true }
        if let job = exportJob, let result = job.task.result {
            exportJob = nil
            switch result {
            case .success(let text): pendingMessage = StatusMessage(text)
            case .failure(let error): pendingMessage = StatusMessage("export to \(job.what) failed: \(error)", isError: true)
            }
            changed = true
        }
        return changed
    }

    func prepareToQuit() {
        session?.cancelScoring()
        exportJob?.task.wait()
    }

    var quitWarning: QuitWarning? { nil }
}
