import Datasets
import Foundation
import Support
import TerminalCore

/// The Data section: a sidebar of datasets, the open dataset as a table, one record, or one column's statistics, and
/// search. It only observes and commands: reading, indexing and searching happen in the Datasets library, off this
/// thread, and are read back as snapshots when a frame is drawn.
final class DataSection: WorkbenchSection {
    let title = "Data"
    let key: Character = "1"
    let summary = "browse datasets"

    private(set) var entries: [DatasetEntry] = []
    private(set) var openIndex: Int?
    private(set) var table: TableView?
    var record: RecordView?
    var stats: ColumnStatsView?
    /// The record pane's token mode (`t`): the record as a run config's trainer sees it.
    let lens: TokenLens
    private(set) var lensOn = false
    /// The token counts last drawn in their finished state, so that polling stops redrawing for them.
    private var countsShownFinished: ObjectIdentifier?
    /// The frequency table of a column (`F`).
    var frequency: FrequencyView?
    /// The sort and filters of the open table (see DataSection+View.swift).
    var query: TableQuery?
    /// The row the cursor was on before `g`, so that `gv` (show hidden columns) does not move it.
    var rowBeforeG: Int?
    var pendingCopy: String?
    private var sidebar = Sidebar()
    private(set) var search: DatasetSearch?
    private var lastSearchProgress: SearchProgress?
    private var lastSidebarSnapshot: [String] = []
    /// The search being typed (`/` or `|`), and the column it is limited to.
    private var prompt: (editor: LineEditor, column: Column?)?
    var pendingMessage: StatusMessage?

    /// Lists files and folders: folders list their datasets, files are listed and the first is opened. Paths that do
    /// not exist are reported in the status bar.
    init(paths: [String], runConfigPaths: [String] = []) {
        lens = TokenLens(configPaths: runConfigPaths)
        var missing: [String] = []
        var firstFile: Int?
        for path in paths {
            guard let kind = FileName.kind(of: path) else {
                missing.append(path)
                continue
            }
            if kind == .folder {
                entries += DatasetEntry.entries(inFolder: path)
            } else {
                if firstFile == nil { firstFile = entries.count }
                entries.append(DatasetEntry(path: path))
            }
        }
        // Open every listed dataset so that row counts fill in while the user looks around.
        for entry in entries { entry.open() }
        if !missing.isEmpty { pendingMessage = StatusMessage("not found: \(missing.joined(separator: ", "))", isError: true) }
        if let first = firstFile ?? (entries.isEmpty ? nil : 0) {
            sidebar.select(entry: first, in: entries)
            openDataset(at: first)
        }
    }

    var hasStartupContent: Bool { !entries.isEmpty }
    var initialFocus: Focus { table == nil ? .sidebar : .main }
    var canFocusMain: Bool { table != nil }

    // MARK: Input

    func keyMap(focus: Focus) -> KeyMap {
        if focus == .sidebar { return Sidebar.keyMap }
        if stats != nil { return ColumnStatsView.keyMap }
        if frequency != nil { return FrequencyView.keyMap }
        if record != nil && lensOn { return TokenLens.keyMap }
        return record == nil ? TableView.keyMap
            : RecordView.keyMap.merged(with: KeyMap(title: "Record", bindings: [KeyBinding([.character("t")], .tokenLens)]))
    }

    func handleEditingKey(_ key: Key, focus: inout Focus) -> Bool {
        if focus == .main, handlePrefixKey(key) { return true }
        if focus == .sidebar, sidebar.editor != nil {
            sidebar.handleFilterKey(key, entries: entries)
            return true
        }
        guard var editing = prompt else { return false }
        switch key {
        case .escape:
            prompt = nil
        case .enter:
            prompt = nil
            startSearch(editing.editor.text, column: editing.column)
        default:
            _ = editing.editor.handle(key)
            prompt = editing
        }
        return true
    }

    func perform(_ command: Command, focus: inout Focus) -> Bool {
        switch command {
        case .back:
            if frequency != nil {
                frequency = nil
            } else if stats != nil {
                stats = nil
            } else if record != nil && lensOn {
                lensOn = false
            } else if record != nil {
                record = nil
            } else if focus == .main, let stopped = query?.cancelRunning() {
                // In the table, Esc first stops a sort or filter that is still running.
                show(stopped)
            } else {
                return false
            }
        case .open:
            guard let entry = sidebar.selectedEntry(entries) else { return false }
            openDataset(at: entry)
            focus = .main
        case .recordView:
            if let table, let row = table.selectedDatasetRow {
                record = RecordView(dataset: table.dataset, row: row)
                lensOn = false
                focus = .main
            }
        case .tokenLens:
            guard record != nil else { return false }
            lensOn.toggle()
        case .tableView:
            record = nil
            stats = nil
            frequency = nil
        case .search, .searchColumn:
            guard let table else { return show("open a dataset first", isError: true) }
            prompt = (LineEditor(search?.text ?? ""), command == .searchColumn ? table.currentColumnValue : nil)
        case .nextMatch, .previousMatch:
            jumpToMatch(forward: command == .nextMatch)
        case .columnStats:
            guard let table, let column = table.currentColumnValue else {
                return show("open a dataset with columns first", isError: true)
            }
            stats = ColumnStatsView(dataset: table.dataset, column: column)
            frequency = nil
            focus = .main
        default:
            if focus == .sidebar {
                return performSidebarCommand(command)
            } else if performViewCommand(command, focus: &focus) {
                return true
            } else if let stats {
                return stats.perform(command)
            } else if let frequency {
                return frequency.perform(command)
            } else if record != nil && lensOn {
                return lens.perform(command, config: try? lens.effectiveConfig().get())
            } else if let record {
                return record.perform(command)
            } else if let table {
                return table.perform(command)
            }
            return false
        }
        return true
    }

    func click(row y: Int, in pane: Focus, focus: inout Focus) {
        if pane == .sidebar {
            focus = .sidebar
            let shown = sidebar.shown(entries)
            let index = sidebar.position.top + max(0, y - 1) / 2
            if index < shown.count {
                sidebar.select(entry: shown[index], in: entries)
                openDataset(at: shown[index])
            }
        } else if let table, record == nil {
            focus = .main
            let row = table.position.top + y - 2
            if y >= 2, row < table.rowCount { table.select(row: row) }
        }
    }

    func paletteItems() -> [SectionPaletteItem] {
        entries.map { SectionPaletteItem(title: "Dataset: \($0.name)", detail: $0.formatName) }
    }

    func choosePaletteItem(_ index: Int, focus: inout Focus) {
        sidebar.select(entry: index, in: entries)
        openDataset(at: index)
        focus = .main
    }

    /// Opens a file or folder from the palette: its datasets join the sidebar.
    func openPath(_ path: String, focus: inout Focus) -> Bool {
        guard let kind = FileName.kind(of: path) else {
            return show("not found: \(path)", isError: true)
        }
        let added = kind == .folder ? DatasetEntry.entries(inFolder: path) : [DatasetEntry(path: path)]
        guard !added.isEmpty else { return show("no datasets in \(path)", isError: true) }
        let first = entries.count
        entries += added
        for entry in added { entry.open() }
        sidebar.select(entry: first, in: entries)
        openDataset(at: first)
        focus = .main
        return true
    }

    private func openDataset(at index: Int) {
        guard entries.indices.contains(index) else { return }
        let entry = entries[index]
        entry.open()
        table?.tokenCounts?.cancel()
        search?.cancel()
        search = nil
        lastSearchProgress = nil
        record = nil
        stats = nil
        frequency = nil
        openIndex = index
        if let dataset = entry.dataset {
            table = TableView(dataset: dataset)
            query = TableQuery(dataset: dataset)
            // The status bar's message was about the file left behind.
            if pendingMessage == nil { pendingMessage = StatusMessage("") }
        } else {
            table = nil
            query = nil
            show(entry.openError ?? "cannot open \(entry.name)", isError: true)
        }
    }

    /// The list's own commands: movement, `/` to filter it by name, `x` to close a dataset.
    private func performSidebarCommand(_ command: Command) -> Bool {
        switch command {
        case .filterDatasets:
            sidebar.beginFilter()
        case .closeDataset:
            guard let entry = sidebar.selectedEntry(entries) else { return false }
            let name = entries[entry].name
            entries[entry].dataset?.cancelIndexing()
            entries.remove(at: entry)
            if openIndex == entry {
                search?.cancel()
                search = nil
                record = nil
                stats = nil
                frequency = nil
                table = nil
                query = nil
                openIndex = nil
            } else if let open = openIndex, open > entry {
                openIndex = open - 1
            }
            sidebar.position.clamp(count: sidebar.shown(entries).count, visibleRows: sidebar.visibleRows)
            show("closed \(name)")
        default:
            return sidebar.perform(command, count: sidebar.shown(entries).count)
        }
        return true
    }

    /// Sets the status bar's message; true, so that a command that only reports can return it.
    @discardableResult
    func show(_ text: String, isError: Bool = false) -> Bool {
        pendingMessage = StatusMessage(text, isError: isError)
        return true
    }

    // MARK: Search

    private func startSearch(_ text: String, column: Column?) {
        guard let table, !text.isEmpty else { return }
        search?.cancel()
        let started = DatasetSearch(dataset: table.dataset, text: text, column: column)
        search = started
        table.highlight = text
        show("searching for “\(text)”" + (column.map { " in \($0.name)" } ?? ""))
    }

    private func jumpToMatch(forward: Bool) {
        guard let table else { return }
        guard let search else {
            show("no search yet: press /", isError: true)
            return
        }
        let target = table.rows == nil
            ? (forward ? search.nextMatch(after: table.position.selected)
                       : search.previousMatch(before: table.position.selected))
            : matchInView(after: table.position.selected, forward: forward, table: table, search: search)
        if let target {
            record = nil
            stats = nil
            frequency = nil
            table.select(row: target)
            let matches = search.matches
            let ordinal = (matches.firstIndex(of: table.datasetRow(target)) ?? 0) + 1
            show("match \(ordinal) of \(matches.count)\(search.progress.isComplete ? "" : "+")")
        } else {
            show(search.progress.isComplete ? "no match for “\(search.text)”" : "no match yet, still searching",
                 isError: search.progress.isComplete)
        }
    }

    // MARK: Background work

    func poll() -> Bool {
        var changed = false
        let snapshot = entries.map(\.rowsText)
        if snapshot != lastSidebarSnapshot {
            lastSidebarSnapshot = snapshot
            changed = true
        }
        if let search {
            let progress = search.progress
            if progress != lastSearchProgress {
                // Jump to the first match as soon as it is found.
                if (lastSearchProgress?.matchCount ?? 0) == 0, progress.matchCount > 0, let table {
                    let first = table.rows == nil
                        ? search.nextMatch(after: table.position.selected - 1, wrap: true)
                        : matchInView(after: table.position.selected - 1, forward: true, table: table, search: search)
                    if let first { table.select(row: first) }
                }
                if progress.isComplete, lastSearchProgress?.isComplete != true {
                    // "searching…" gives way to the outcome once the search ends.
                    show(progress.matchCount == 0 ? "no match for “\(search.text)”"
                         : "\(progress.matchCount) match\(progress.matchCount == 1 ? "" : "es") for “\(search.text)”",
                         isError: progress.matchCount == 0)
                }
                lastSearchProgress = progress
                changed = true
            }
        }
        if let stats, stats.progressChanged() { changed = true }
        if lens.poll() { changed = true }
        if let counts = table?.tokenCounts, !counts.isFinished || countsShownFinished != ObjectIdentifier(counts) {
            // Redraw while counting, and once more when done.
            if counts.isFinished { countsShownFinished = ObjectIdentifier(counts) }
            changed = true
        }
        if let frequency, frequency.progressChanged() { changed = true }
        if pollQuery() { changed = true }
        return changed
    }

    // MARK: Drawing

    func drawSidebar(into grid: inout CellGrid, rect: Rect, context: DrawingContext) {
        sidebar.draw(into: &grid, rect: rect, entries: entries, openIndex: openIndex, focused: context.focus == .sidebar,
                     glyphs: context.glyphs)
    }

    func drawMain(into grid: inout CellGrid, rect: Rect, context: DrawingContext) -> (x: Int, y: Int)? {
        let focused = context.focus == .main
        let glyphs = context.glyphs
        guard let table else {
            if let openIndex, entries.indices.contains(openIndex), let problem = entries[openIndex].openError {
                drawOpenError(problem, name: entries[openIndex].name, into: &grid, rect: rect, context: context)
                return nil
            }
            grid.drawBox(rect, glyphs: glyphs, title: "Loom", titleRole: .title)
            let lines = entries.isEmpty
                ? ["No dataset open.", "", "Press : and type `open PATH` to open a file or folder,", "or ? for help."]
                : ["Choose a dataset on the left and press Enter.", "", "? help   : command palette   Q quit"]
            for (i, line) in lines.enumerated() {
                grid.put(line, x: rect.x + 2, y: rect.y + 2 + i, maxWidth: rect.width - 4, role: i == 0 ? .text : .muted)
            }
            return nil
        }
        if let stats {
            grid.drawBox(rect, glyphs: glyphs, title: "\(table.dataset.name) · \(stats.title)",
                         titleRole: focused ? .accent : .title)
            stats.draw(into: &grid, rect: rect.inset(by: 1), glyphs: glyphs)
        } else if let frequency {
            grid.drawBox(rect, glyphs: glyphs, title: "\(table.dataset.name) · \(frequency.title)",
                         titleRole: focused ? .accent : .title)
            frequency.draw(into: &grid, rect: rect.inset(by: 1), glyphs: glyphs, focused: focused)
        } else if let record, lensOn {
            grid.drawBox(rect, glyphs: glyphs, title: "\(table.dataset.name) · \(record.title) · tokens",
                         titleRole: focused ? .accent : .title)
            lens.update(dataset: table.dataset, row: record.row)
            lens.draw(into: &grid, rect: rect.inset(by: 1))
        } else if let record {
            grid.drawBox(rect, glyphs: glyphs, title: "\(table.dataset.name) · \(record.title)",
                         titleRole: focused ? .accent : .title)
            record.draw(into: &grid, rect: rect.inset(by: 1))
        } else {
            let title = "\(table.dataset.name) · \(table.dataset.format.displayName)"
            grid.drawBox(rect, glyphs: glyphs, title: title, titleRole: focused ? .accent : .title)
            table.draw(into: &grid, rect: rect.inset(by: 1), glyphs: glyphs, focused: focused)
        }
        return nil
    }

    func status(focus: Focus) -> SectionStatus {
        var location = "Loom"
        var mode = focus == .sidebar ? "DATASETS" : "TABLE"
        if let table {
            let progress = table.dataset.progress
            let total = progress.isComplete ? "\(table.dataset.rowCount)" : "\(table.dataset.rowCount)+"
            let row = min(table.position.selected + 1, table.rowCount)
            location = "\(table.dataset.name)  row \(row)/"
            if let query, query.isFiltered {
                location += "\(table.rowCount)\(query.isFiltering ? "+" : "") of \(total) (filtered)"
            } else {
                location += total
            }
            if let query, !query.statusText.isEmpty { location += "  \(query.statusText)" }
            if let column = table.currentColumnName { location += "  col \(column)" }
            if let counts = table.tokenCounts { location += "  \(counts.summary)" }
            if frequency != nil {
                mode = "FREQ"
            } else if stats != nil {
                mode = "STATS"
            } else if let record {
                mode = lensOn ? "TOKENS" : "RECORD"
                location += "  \(lensOn ? lens.scrollText : record.scrollText)"
            }
        }
        if let search {
            let progress = search.progress
            location += "  /\(search.text): \(progress.matchCount) match\(progress.matchCount == 1 ? "" : "es")"
            if !progress.isComplete { location += " \(Int(progress.fraction * 100))%" }
        }
        var typing = prompt.map { (editor: $0.editor, label: $0.column.map { "/\($0.name): " } ?? "/") }
        if focus == .sidebar, let editor = sidebar.editor { typing = (editor, "filter datasets: ") }
        return SectionStatus(mode: mode, location: location, prompt: typing)
    }

    // MARK: Benchmarks and scripting

    /// Moves the table's selection to `row` (0-based), as `G`, search or a click would.
    func selectRow(_ row: Int) {
        table?.select(row: row)
    }
}
