import Datasets
import Foundation
import TerminalCore

/// The workbench: a sidebar of datasets, the open dataset as a table or one record, overlays for help, the
/// command palette and search, and a status bar. It only observes and commands: reading, indexing and searching
/// happen in the Datasets library, off this thread, and are read back as snapshots when a frame is drawn.
public final class WorkbenchApp: InteractiveScreen {
    enum Focus { case sidebar, main }
    enum Section { case data, runs, chat }

    enum Overlay {
        case none
        case help(HelpOverlay)
        case palette(CommandPalette)
        case searchPrompt(LineEditor, column: Column?)
        case confirmQuit
    }

    private(set) var entries: [DatasetEntry] = []
    private(set) var openIndex: Int?
    private(set) var table: TableView?
    private(set) var record: RecordView?
    private(set) var stats: ColumnStatsView?
    private(set) var focus: Focus = .sidebar
    private(set) var section: Section = .data
    let runs: RunsSection
    let chat: ChatSection
    private var sidebar = Sidebar()
    private var overlay: Overlay = .none
    private var search: DatasetSearch?
    private var lastSearchProgress: SearchProgress?
    private var message: (text: String, isError: Bool, until: Date)?
    private var lastSidebarSnapshot: [String] = []

    private var catalog: ThemeCatalog
    private var themeIndex: Int
    public let capabilities: TerminalCapabilities
    private var glyphs: BoxGlyphs { BoxGlyphs.forSet(capabilities.glyphs) }

    public private(set) var wantsToQuit = false
    public private(set) var cursor: (x: Int, y: Int)?

    /// The smallest terminal the layout works in; below it a notice is shown instead.
    public static let minimumSize = (width: 60, height: 16)

    public var theme: Theme { catalog.themes[themeIndex] }

    /// Opens the workbench on files and folders: folders list their datasets, files are listed and the first is
    /// opened. Paths that do not exist are reported in the status bar.
    public init(paths: [String], catalog: ThemeCatalog, themeIndex: Int = 0, capabilities: TerminalCapabilities,
                runConfigFolders: [String] = [], runsFolders: [URL] = [], modelFolders: [String] = []) {
        let configFiles = paths.filter { $0.hasSuffix(".toml") }
        runs = RunsSection(configFolders: runConfigFolders, configFiles: configFiles, runsFolders: runsFolders)
        chat = ChatSection(modelFolders: modelFolders, runsFolders: runsFolders)
        self.catalog = catalog
        self.themeIndex = min(max(0, themeIndex), catalog.themes.count - 1)
        self.capabilities = capabilities
        var missing: [String] = []
        var firstFile: Int?
        for path in paths where !path.hasSuffix(".toml") {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                missing.append(path)
                continue
            }
            if isFolder.boolValue {
                entries += DatasetEntry.entries(inFolder: path)
            } else {
                if firstFile == nil { firstFile = entries.count }
                entries.append(DatasetEntry(path: path))
            }
        }
        // Open every listed dataset so that row counts fill in while the user looks around.
        for entry in entries { entry.open() }
        if let problem = catalog.problems.first { show(problem, isError: true) }
        if !missing.isEmpty { show("not found: \(missing.joined(separator: ", "))", isError: true) }
        if !configFiles.isEmpty, entries.isEmpty {
            section = .runs
        }
        if let first = firstFile ?? (entries.isEmpty ? nil : 0) {
            sidebar.position.select(first, count: entries.count, visibleRows: sidebar.visibleRows)
            openDataset(at: first)
            if table != nil { focus = .main }
        }
    }

    // MARK: Input

    public func handle(_ event: InputEvent) {
        switch event {
        case .resize:
            break
        case .mouse(let mouse):
            handleMouse(mouse)
        case .key(let key):
            handleKey(key)
        }
    }

    private func handleKey(_ key: Key) {
        switch overlay {
        case .help(var help):
            switch key {
            case .character("?"), .escape, .character("q"), .enter: overlay = .none
            case .down, .character("j"): help.scroll += 1; overlay = .help(help)
            case .up, .character("k"): help.scroll = max(0, help.scroll - 1); overlay = .help(help)
            default: break
            }
            return
        case .palette(var palette):
            switch key {
            case .escape: overlay = .none
            case .enter:
                overlay = .none
                if let action = palette.chosen { run(action) }
            default:
                palette.handle(key)
                overlay = .palette(palette)
            }
            return
        case .searchPrompt(var editor, let column):
            switch key {
            case .escape: overlay = .none
            case .enter:
                overlay = .none
                startSearch(editor.text, column: column)
            default:
                _ = editor.handle(key)
                overlay = .searchPrompt(editor, column: column)
            }
            return
        case .confirmQuit:
            switch key {
            case .character("y"), .character("Y"), .enter:
                overlay = .none
                runs.stopAllAndWait()
                wantsToQuit = true
            case .character("n"), .character("N"), .escape, .character("q"):
                overlay = .none
            default: break
            }
            return
        case .none:
            break
        }

        if section == .runs, runs.handleEditingKey(key) {
            takeRunsMessage()
            return
        }
        if section == .chat, chat.handleEditingKey(key) { return }
        if let command = focusedKeyMap.command(for: key) ?? KeyMap.global.command(for: key) {
            perform(command)
        }
    }

    private func handleMouse(_ mouse: MouseEvent) {
        let inSidebar = mouse.x < Sidebar.width
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            let command: Command = mouse.kind == .wheelUp ? .moveUp : .moveDown
            focus = inSidebar ? .sidebar : .main
            for _ in 0..<3 { perform(command) }
        case .press:
            if inSidebar {
                focus = .sidebar
                let index = sidebar.position.top + max(0, mouse.y - 1) / 2
                if index < entries.count {
                    sidebar.position.select(index, count: entries.count, visibleRows: sidebar.visibleRows)
                    openDataset(at: index)
                }
            } else if let table, record == nil {
                focus = .main
                let row = table.position.top + mouse.y - 2
                if mouse.y >= 2, row < table.rowCount { table.select(row: row) }
            }
        }
    }

    /// The key map of what has focus; help shows it with the global keys.
    var focusedKeyMap: KeyMap {
        if section == .runs {
            return focus == .sidebar ? RunsSection.sidebarKeyMap : runs.keyMap.merged(with: RunsSection.listKeyMap)
        }
        if section == .chat { return focus == .sidebar ? ChatSection.listKeyMap.merged(with: ChatSection.keyMap) : ChatSection.keyMap }
        if focus == .sidebar { return Sidebar.keyMap }
        if stats != nil { return ColumnStatsView.keyMap }
        return record == nil ? TableView.keyMap : RecordView.keyMap
    }

    func perform(_ command: Command) {
        switch command {
        case .help:
            overlay = .help(HelpOverlay(keyMaps: [focusedKeyMap, KeyMap.global]))
        case .palette:
            overlay = .palette(CommandPalette(entries: paletteEntries()))
        case .focusNext, .focusPrevious:
            focus = focus == .sidebar && table != nil ? .main : .sidebar
        case .nextTheme:
            themeIndex = (themeIndex + 1) % catalog.themes.count
            show("theme: \(theme.name)")
        case .quit:
            requestQuit()
        case .showData:
            section = .data
        case .showRuns:
            section = .runs
            focus = .sidebar
        case .showChat:
            section = .chat
            focus = .main
        case .back where section == .chat:
            if focus == .main { focus = .sidebar } else { requestQuit() }
        case .open where section == .chat:
            focus = .main
        case _ where section == .chat:
            if command == .moveUp || command == .moveDown {
                chat.moveSelection(by: command == .moveUp ? -1 : 1)
            } else {
                _ = chat.perform(command)
            }
            if let message = chat.pendingMessage {
                show(message.text, isError: message.isError)
                chat.pendingMessage = nil
            }
        case .back where section == .runs:
            if focus == .main { focus = .sidebar } else { requestQuit() }
        case .open where section == .runs:
            focus = .main
        case _ where section == .runs:
            if focus == .sidebar, command == .moveUp || command == .moveDown {
                runs.moveSelection(by: command == .moveUp ? -1 : 1)
            } else if focus == .sidebar, command == .top || command == .bottom {
                runs.moveSelection(by: command == .top ? -10_000 : 10_000)
            } else if !runs.perform(command), focus == .main, command == .moveUp || command == .moveDown {
                runs.moveSelection(by: command == .moveUp ? -1 : 1)
            }
            takeRunsMessage()
        case .back:
            if stats != nil {
                stats = nil
            } else if record != nil {
                record = nil
            } else if focus == .main {
                focus = .sidebar
            } else {
                requestQuit()
            }
        case .open:
            openDataset(at: sidebar.position.selected)
            focus = .main
        case .recordView:
            if let table, table.rowCount > 0 {
                record = RecordView(dataset: table.dataset, row: table.position.selected)
                focus = .main
            }
        case .tableView:
            record = nil
            stats = nil
        case .search, .searchColumn:
            guard let table else { return show("open a dataset first", isError: true) }
            overlay = .searchPrompt(LineEditor(search?.text ?? ""), column: command == .searchColumn ? table.currentColumnValue : nil)
        case .nextMatch, .previousMatch:
            jumpToMatch(forward: command == .nextMatch)
        case .columnStats:
            guard let table, let column = table.currentColumnValue else {
                return show("open a dataset with columns first", isError: true)
            }
            stats = ColumnStatsView(dataset: table.dataset, column: column)
            focus = .main
        default:
            if focus == .sidebar {
                _ = sidebar.perform(command, count: entries.count)
            } else if let stats {
                _ = stats.perform(command)
            } else if let record {
                _ = record.perform(command)
            } else if let table {
                _ = table.perform(command)
            }
        }
    }

    private func run(_ action: CommandPalette.Action) {
        switch action {
        case .command(let command): perform(command)
        case .theme(let name):
            if let index = catalog.index(named: name) {
                themeIndex = index
                show("theme: \(theme.name)")
            }
        case .dataset(let index):
            sidebar.position.select(index, count: entries.count, visibleRows: sidebar.visibleRows)
            openDataset(at: index)
            focus = .main
        case .openPath(let path):
            openPath(path)
        }
    }

    private func paletteEntries() -> [CommandPalette.Entry] {
        var result: [CommandPalette.Entry] = []
        for binding in focusedKeyMap.bindings + KeyMap.global.bindings {
            result.append(.init(title: binding.command.title, detail: binding.keys.map(\.label).joined(separator: " "),
                                action: .command(binding.command)))
        }
        for theme in catalog.themes {
            result.append(.init(title: "Theme: \(theme.name)", detail: theme.fileStem ?? "", action: .theme(theme.fileStem ?? theme.name)))
        }
        for (index, entry) in entries.enumerated() {
            result.append(.init(title: "Dataset: \(entry.name)", detail: entry.formatName, action: .dataset(index)))
        }
        return result
    }

    /// Opens a file or folder from the palette: its datasets join the sidebar.
    func openPath(_ rawPath: String) {
        let path = (rawPath as NSString).expandingTildeInPath
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return show("not found: \(path)", isError: true)
        }
        let added = isFolder.boolValue ? DatasetEntry.entries(inFolder: path) : [DatasetEntry(path: path)]
        guard !added.isEmpty else { return show("no datasets in \(path)", isError: true) }
        let first = entries.count
        entries += added
        for entry in added { entry.open() }
        sidebar.position.select(first, count: entries.count, visibleRows: sidebar.visibleRows)
        openDataset(at: first)
        focus = .main
    }

    private func openDataset(at index: Int) {
        guard entries.indices.contains(index) else { return }
        let entry = entries[index]
        entry.open()
        search?.cancel()
        search = nil
        record = nil
        stats = nil
        openIndex = index
        if let dataset = entry.dataset {
            table = TableView(dataset: dataset)
        } else {
            table = nil
            show(entry.openError ?? "cannot open \(entry.name)", isError: true)
        }
    }

    /// Quits, asking first when runs are training in this process: they are stopped (each writes a checkpoint).
    private func requestQuit() {
        if runs.activeRuns.isEmpty {
            wantsToQuit = true
        } else {
            overlay = .confirmQuit
        }
    }

    private func takeRunsMessage() {
        if let message = runs.pendingMessage {
            show(message.text, isError: message.isError)
            runs.pendingMessage = nil
        }
    }

    // MARK: Benchmarks and scripting

    /// Moves the table's selection to `row` (0-based), as `G`, search or a click would.
    public func selectRow(_ row: Int) {
        table?.select(row: row)
    }

    /// Rows of the open dataset readable now, and whether its background index is complete.
    public var openDatasetRows: (count: Int, isComplete: Bool)? {
        table.map { ($0.rowCount, $0.dataset.progress.isComplete) }
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
        guard let search else { return show("no search yet: press /", isError: true) }
        let row = table.position.selected
        let target = forward ? search.nextMatch(after: row) : search.previousMatch(before: row)
        if let target {
            record = nil
            stats = nil
            table.select(row: target)
            let matches = search.matches
            let ordinal = (matches.firstIndex(of: target) ?? 0) + 1
            show("match \(ordinal) of \(matches.count)\(search.progress.isComplete ? "" : "+")")
        } else {
            show(search.progress.isComplete ? "no match for “\(search.text)”" : "no match yet, still searching",
                 isError: search.progress.isComplete)
        }
    }

    // MARK: Background work

    public func pollBackgroundWork() -> Bool {
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
                    if let first = search.nextMatch(after: table.position.selected - 1, wrap: true) {
                        table.select(row: first)
                    }
                }
                lastSearchProgress = progress
                changed = true
            }
        }
        if let stats, stats.progressChanged() { changed = true }
        if runs.poll() { changed = true }
        if chat.poll() { changed = true }
        if let message, message.until < Date() {
            self.message = nil
            changed = true
        }
        return changed
    }

    func show(_ text: String, isError: Bool = false) {
        message = (text, isError, Date().addingTimeInterval(isError ? 6 : 3))
    }

    // MARK: Drawing

    public func render(width: Int, height: Int) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        cursor = nil
        guard width >= Self.minimumSize.width, height >= Self.minimumSize.height else {
            let lines = ["Terminal too small", "\(width)×\(height); Loom needs \(Self.minimumSize.width)×\(Self.minimumSize.height)",
                         "Enlarge the window, or press Q to quit."]
            for (i, line) in lines.enumerated() where i < height {
                grid.put(TextLayout.truncate(line, to: width), x: max(0, (width - DisplayWidth.of(line)) / 2),
                         y: max(0, height / 2 - 1) + i, role: i == 0 ? .warning : .text)
            }
            return grid
        }
        let (body, statusRow) = Rect(x: 0, y: 0, width: width, height: height).splitBottom(1)
        let (left, right) = body.splitLeft(Sidebar.width)
        switch section {
        case .chat:
            chat.drawSidebar(into: &grid, rect: left, focused: focus == .sidebar, glyphs: glyphs)
            cursor = chat.drawMain(into: &grid, rect: right, glyphs: glyphs)
        case .data:
            sidebar.draw(into: &grid, rect: left, entries: entries, openIndex: openIndex, focused: focus == .sidebar,
                         glyphs: glyphs)
            drawMain(into: &grid, rect: right)
        case .runs:
            runs.drawSidebar(into: &grid, rect: left, focused: focus == .sidebar, glyphs: glyphs)
            cursor = runs.drawMain(into: &grid, rect: right, glyphs: glyphs, resolution: chartResolution)
        }
        statusBar.draw(into: &grid, row: statusRow.y, width: width)

        switch overlay {
        case .none: break
        case .help(let help): help.draw(into: &grid, bounds: body, glyphs: glyphs)
        case .palette(let palette):
            let position = palette.draw(into: &grid, bounds: body, glyphs: glyphs)
            cursor = position
        case .confirmQuit:
            let inner = OverlayFrame.frame(&grid, bounds: body, width: 60, height: 6, title: "Quit", glyphs: glyphs)
            let names = runs.activeRuns.map(\.name).joined(separator: ", ")
            grid.put("Training: \(names).", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2, role: .warning)
            grid.put("Stop it (a checkpoint is written first) and quit?", x: inner.x + 1, y: inner.y + 1,
                     maxWidth: inner.width - 2, role: .overlay)
            grid.put("y: stop and quit    n: keep training", x: inner.x + 1, y: inner.y + 3, maxWidth: inner.width - 2,
                     role: .accent)
        case .searchPrompt(let editor, let column):
            let prompt = column.map { "/\($0.name): " } ?? "/"
            let x = editor.draw(into: &grid, x: 0, y: statusRow.y, width: width, prompt: prompt)
            cursor = (x, statusRow.y)
        }
        return grid
    }

    private func drawMain(into grid: inout CellGrid, rect: Rect) {
        let focused = focus == .main
        guard let table else {
            grid.drawBox(rect, glyphs: glyphs, title: "Loom", titleRole: .title)
            let lines = entries.isEmpty
                ? ["No dataset open.", "", "Press : and type `open PATH` to open a file or folder,", "or ? for help."]
                : ["Choose a dataset on the left and press Enter.", "", "? help   : command palette   Q quit"]
            for (i, line) in lines.enumerated() {
                grid.put(line, x: rect.x + 2, y: rect.y + 2 + i, maxWidth: rect.width - 4, role: i == 0 ? .text : .muted)
            }
            return
        }
        if let stats {
            grid.drawBox(rect, glyphs: glyphs, title: "\(table.dataset.name) · \(stats.title)",
                         titleRole: focused ? .accent : .title)
            stats.draw(into: &grid, rect: rect.inset(by: 1), glyphs: glyphs)
        } else if let record {
            grid.drawBox(rect, glyphs: glyphs, title: "\(table.dataset.name) · \(record.title)",
                         titleRole: focused ? .accent : .title)
            record.draw(into: &grid, rect: rect.inset(by: 1))
        } else {
            let title = "\(table.dataset.name) · \(table.dataset.format.displayName)"
            grid.drawBox(rect, glyphs: glyphs, title: title, titleRole: focused ? .accent : .title)
            table.draw(into: &grid, rect: rect.inset(by: 1), glyphs: glyphs, focused: focused)
        }
    }

    /// Braille where Unicode is allowed, ASCII otherwise.
    private var chartResolution: LineChart.Resolution { capabilities.glyphs == .unicode ? .braille : .ascii }

    private var statusBar: StatusBar {
        let hint = "1 data 2 runs 3 chat  ? help  : palette  Q quit"
        if section == .chat {
            return StatusBar(location: chat.statusLocation, mode: "CHAT", message: message?.text,
                             messageIsError: message?.isError ?? false, hint: hint)
        }
        if section == .runs {
            return StatusBar(location: runs.statusLocation, mode: "RUNS", message: message?.text,
                             messageIsError: message?.isError ?? false, hint: hint)
        }
        var location = "Loom"
        var mode = focus == .sidebar ? "DATASETS" : "TABLE"
        if let table {
            let progress = table.dataset.progress
            let total = progress.isComplete ? "\(table.rowCount)" : "\(table.rowCount)+"
            location = "\(table.dataset.name)  row \(min(table.position.selected + 1, table.rowCount))/\(total)"
            if let column = table.currentColumnName { location += "  col \(column)" }
            if stats != nil {
                mode = "STATS"
            } else if let record {
                mode = "RECORD"
                location += "  \(record.scrollText)"
            }
        }
        if let search {
            let progress = search.progress
            location += "  /\(search.text): \(progress.matchCount) match\(progress.matchCount == 1 ? "" : "es")"
            if !progress.isComplete { location += " \(Int(progress.fraction * 100))%" }
        }
        return StatusBar(location: location, mode: mode, message: message?.text, messageIsError: message?.isError ?? false,
                         hint: hint)
    }
}
