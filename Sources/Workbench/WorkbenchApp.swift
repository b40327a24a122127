import Foundation
import Runs
import TerminalCore

/// The workbench: sections (Data, Runs, Chat, …) behind one protocol, and what they share — the overlays for help,
/// the command palette and the quit question, themes, which section is in front, which pane has focus, and the
/// status bar. It is a router: keys, commands, clicks, polling and drawing go to the section in front, which does
/// the work through the library layers and hands back what the status bar should say.
public final class WorkbenchApp: InteractiveScreen {
    enum Overlay {
        case none
        case help(HelpOverlay)
        case palette(CommandPalette)
        case confirmQuit([QuitWarning])
    }

    /// Every section, in the order of their keys.
    let sections: [any WorkbenchSection]
    private(set) var activeIndex: Int
    private(set) var focus: Focus = .sidebar
    private var overlay: Overlay = .none
    private var message: (text: String, isError: Bool, until: Date)?
    /// What `y` and `Y` copied: Loom's own register, and the text still owed to the terminal's clipboard.
    private(set) var clipboard = Clipboard()

    private var catalog: ThemeCatalog
    private var themeIndex: Int
    public let capabilities: TerminalCapabilities
    private var glyphs: BoxGlyphs { BoxGlyphs.forSet(capabilities.glyphs) }

    public private(set) var wantsToQuit = false
    public private(set) var cursor: (x: Int, y: Int)?

    /// The smallest terminal the layout works in; below it a notice is shown instead.
    public static let minimumSize = (width: 60, height: 16)
    /// Columns of the list on the left, in every section.
    static let sidebarWidth = 30

    public var theme: Theme { catalog.themes[themeIndex] }

    /// Opens the workbench on files and folders: folders list their datasets, files are listed and the first is
    /// opened, run configs (`.toml`) join the Runs section's list. Paths that do not exist are reported in the
    /// status bar.
    public convenience init(paths: [String], catalog: ThemeCatalog, themeIndex: Int = 0,
                            capabilities: TerminalCapabilities, runConfigFolders: [String] = [], runsFolders: [URL] = [],
                            modelFolders: [String] = [], staleAfter: TimeInterval = RunsCatalogue.defaultStaleAfter) {
        self.init(sections: Self.standardSections(paths: paths, runConfigFolders: runConfigFolders,
                                                  runsFolders: runsFolders, modelFolders: modelFolders,
                                                  staleAfter: staleAfter),
                  catalog: catalog, themeIndex: themeIndex, capabilities: capabilities)
    }

    /// The sections of the workbench, in the order of their keys: adding a section is one line here. Sections that
    /// list runs share one catalogue of them.
    static func standardSections(paths: [String], runConfigFolders: [String], runsFolders: [URL],
                                 modelFolders: [String], staleAfter: TimeInterval = RunsCatalogue.defaultStaleAfter)
        -> [any WorkbenchSection] {
        let configFiles = paths.filter { $0.hasSuffix(".toml") }
        // Runs are listed from the given folders and from the `runs_folder` each listed config names (relative to
        // its file), so that a run `loom train` made from one of them is found wherever the workbench was started.
        let configured = TokenLens.configPaths(folders: runConfigFolders, files: configFiles).compactMap { path in
            (try? RunConfig.load(path: path)).flatMap { $0.runsFolder.isEmpty ? nil : $0.runsFolderURL }
        }
        var seen = Set<String>()
        let runs = RunsCatalogue(folders: (runsFolders + configured).filter { seen.insert($0.standardizedFileURL.path).inserted },
                                 staleAfter: staleAfter)
        return [
            DataSection(paths: paths.filter { !$0.hasSuffix(".toml") },
                        runConfigPaths: TokenLens.configPaths(folders: runConfigFolders, files: configFiles)),
            RunsSection(configFolders: runConfigFolders, configFiles: configFiles, catalogue: runs),
            ChatSection(modelFolders: modelFolders, catalogue: runs),
            ReviewSection(paths: paths.filter { !$0.hasSuffix(".toml") }, modelFolders: modelFolders),
            RAFTSection(paths: paths.filter { !$0.hasSuffix(".toml") }),
        ]
    }

    /// A workbench of the given sections; it opens on the first that was given something to show.
    init(sections: [any WorkbenchSection], catalog: ThemeCatalog, themeIndex: Int = 0,
         capabilities: TerminalCapabilities) {
        precondition(!sections.isEmpty, "a workbench needs at least one section")
        self.sections = sections
        self.catalog = catalog
        self.themeIndex = min(max(0, themeIndex), catalog.themes.count - 1)
        self.capabilities = capabilities
        activeIndex = sections.firstIndex { $0.hasStartupContent } ?? 0
        focus = sections[activeIndex].initialFocus
        if let problem = catalog.problems.first { show(problem, isError: true) }
        for section in sections { takeMessage(from: section) }
    }

    /// The section in front.
    var active: any WorkbenchSection { sections[activeIndex] }

    /// The first section of a type, for callers that script one section (benchmarks, tests).
    func section<Section: WorkbenchSection>(_ type: Section.Type) -> Section? {
        sections.lazy.compactMap { $0 as? Section }.first
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
        case .confirmQuit:
            switch key {
            case .character("y"), .character("Y"), .enter:
                overlay = .none
                for section in sections { section.prepareToQuit() }
                wantsToQuit = true
            case .character("n"), .character("N"), .escape, .character("q"):
                overlay = .none
            default: break
            }
            return
        case .none:
            break
        }

        let section = active
        if section.handleEditingKey(key, focus: &focus) {
            takeMessage(from: section)
            return
        }
        if let command = focusedKeyMap.command(for: key) ?? globalKeyMap.command(for: key) {
            perform(command)
        }
    }

    private func handleMouse(_ mouse: MouseEvent) {
        let pane: Focus = mouse.x < Self.sidebarWidth ? .sidebar : .main
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            let command: Command = mouse.kind == .wheelUp ? .moveUp : .moveDown
            focus = pane
            for _ in 0..<3 { perform(command) }
        case .press:
            let section = active
            section.click(row: mouse.y, in: pane, focus: &focus)
            takeMessage(from: section)
        }
    }

    /// The key map of what has focus; help shows it with the global keys.
    var focusedKeyMap: KeyMap { active.keyMap(focus: focus) }

    /// Keys every section shares, then the key of each section.
    var globalKeyMap: KeyMap {
        KeyMap(title: KeyMap.global.title,
               bindings: KeyMap.global.bindings + sections.map { KeyBinding([.character($0.key)], $0.showCommand) })
    }

    func perform(_ command: Command) {
        switch command {
        case .help:
            overlay = .help(HelpOverlay(keyMaps: [focusedKeyMap, globalKeyMap]))
        case .palette:
            overlay = .palette(CommandPalette(entries: paletteEntries(), typedCommands: active.typedCommands))
        case .focusNext, .focusPrevious:
            focus = focus == .sidebar && active.canFocusMain ? .main : .sidebar
        case .nextTheme:
            themeIndex = (themeIndex + 1) % catalog.themes.count
            show("theme: \(theme.name)")
        case .quit:
            requestQuit()
        default:
            if let index = sections.firstIndex(where: { $0.showCommand == command }) {
                activate(index)
                return
            }
            let section = active
            let handled = section.perform(command, focus: &focus)
            takeMessage(from: section)
            // Leaving is the same everywhere: from the main pane to the list, from the list out of the program.
            if !handled, command == .back {
                if focus == .main { focus = .sidebar } else { requestQuit() }
            }
        }
    }

    /// Brings a section to the front.
    private func activate(_ index: Int) {
        // A message about what was in front does not follow the user into another section.
        if index != activeIndex { message = nil }
        activeIndex = index
        sections[index].didBecomeActive(focus: &focus)
    }

    private func run(_ action: CommandPalette.Action) {
        switch action {
        case .command(let command): perform(command)
        case .theme(let name):
            if let index = catalog.index(named: name) {
                themeIndex = index
                show("theme: \(theme.name)")
            }
        case .sectionItem(let index, let item):
            guard sections.indices.contains(index) else { return }
            activeIndex = index
            sections[index].choosePaletteItem(item, focus: &focus)
            takeMessage(from: sections[index])
        case .openPath(let rawPath):
            openPath(rawPath)
        case .typed(let verb, let argument):
            let section = active
            if !section.runTyped(verb, argument: argument, focus: &focus) { show("unknown command: \(verb)", isError: true) }
            takeMessage(from: section)
        }
    }

    private func paletteEntries() -> [CommandPalette.Entry] {
        var result: [CommandPalette.Entry] = []
        for binding in focusedKeyMap.bindings + globalKeyMap.bindings {
            result.append(.init(title: binding.command.title, detail: binding.keys.map(\.label).joined(separator: " "),
                                action: .command(binding.command)))
        }
        for theme in catalog.themes {
            result.append(.init(title: "Theme: \(theme.name)", detail: theme.fileStem ?? "", action: .theme(theme.fileStem ?? theme.name)))
        }
        for (index, section) in sections.enumerated() {
            for (item, entry) in section.paletteItems().enumerated() {
                result.append(.init(title: entry.title, detail: entry.detail, action: .sectionItem(section: index, index: item)))
            }
        }
        return result
    }

    /// Opens a file or folder from the palette (`open PATH`): the section in front is asked first, then the others in
    /// order; the one that takes it comes to the front.
    func openPath(_ rawPath: String) {
        let path = (rawPath as NSString).expandingTildeInPath
        let order = [activeIndex] + sections.indices.filter { $0 != activeIndex }
        for index in order {
            let section = sections[index]
            if section.openPath(path, focus: &focus) {
                activeIndex = index
                takeMessage(from: section)
                return
            }
        }
        show("nothing here opens \(path)", isError: true)
    }

    /// Whether a section has work that quitting would stop (a run training in this process).
    public var hasWorkUnderWay: Bool { sections.contains { $0.quitWarning != nil } }

    /// Stops what the sections have under way as quitting does (each run writes a checkpoint), waiting for it; for
    /// a quit that did not come through the keys (a signal).
    public func stopWork() {
        for section in sections { section.prepareToQuit() }
    }

    /// Quits, asking first when a section has work under way (runs training in this process are stopped, each
    /// writing a checkpoint).
    private func requestQuit() {
        let warnings = sections.compactMap(\.quitWarning)
        if warnings.isEmpty {
            wantsToQuit = true
        } else {
            overlay = .confirmQuit(warnings)
        }
    }

    // MARK: Messages

    func show(_ text: String, isError: Bool = false) {
        message = (text, isError, Date().addingTimeInterval(isError ? 6 : 3))
    }

    /// Moves a section's message to the status bar; true when there was one.
    @discardableResult
    private func takeMessage(from section: any WorkbenchSection) -> Bool {
        if let copied = section.pendingCopy {
            section.pendingCopy = nil
            clipboard.copy(copied)
        }
        guard let pending = section.pendingMessage else { return false }
        section.pendingMessage = nil
        // An empty message clears the status bar: the context it was about has changed.
        if pending.text.isEmpty { message = nil } else { show(pending.text, isError: pending.isError) }
        return true
    }

    public func takeClipboardText() -> String? { clipboard.takePending() }

    // MARK: Benchmarks and scripting

    /// Moves the table's selection to `row` (0-based), as `G`, search or a click would.
    public func selectRow(_ row: Int) {
        section(DataSection.self)?.selectRow(row)
    }

    /// Opens the Review section in front on `path`, scoring `field` (nil: the `text` column, else the longest one);
    /// for `loom review DATASET`. False when the dataset cannot be opened (the status bar says why).
    @discardableResult
    public func openReview(path: String, field: String?) -> Bool {
        guard let index = sections.firstIndex(where: { $0 is ReviewSection }),
              let review = sections[index] as? ReviewSection else { return false }
        activeIndex = index
        let opened = review.open(path: path, field: field)
        focus = opened ? .main : .sidebar
        takeMessage(from: review)
        return opened
    }

    /// Rows of the open dataset readable now, and whether its background index is complete.
    public var openDatasetRows: (count: Int, isComplete: Bool)? {
        section(DataSection.self)?.table.map { ($0.rowCount, $0.dataset.progress.isComplete) }
    }

    // MARK: Background work

    public func pollBackgroundWork() -> Bool {
        var changed = false
        for section in sections {
            if section.poll() { changed = true }
            if takeMessage(from: section) { changed = true }
        }
        if let message, message.until < Date() {
            self.message = nil
            changed = true
        }
        return changed
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
        let (left, right) = body.splitLeft(Self.sidebarWidth)
        let section = active
        let context = DrawingContext(glyphs: glyphs, unicode: capabilities.glyphs == .unicode, focus: focus)
        section.drawSidebar(into: &grid, rect: left, context: context)
        cursor = section.drawMain(into: &grid, rect: right, context: context)
        // Focus shown by more than the title's colour: a marker at the start of the focused pane's top border.
        let focusedPane = focus == .sidebar ? left : right
        grid.put(capabilities.glyphs == .unicode ? "▶" : ">", x: focusedPane.x + 1, y: focusedPane.y, role: .accent)

        let status = section.status(focus: focus)
        StatusBar(location: status.location, mode: status.mode, message: message?.text,
                  messageIsError: message?.isError ?? false, hint: hint).draw(into: &grid, row: statusRow.y, width: width)
        if let prompt = status.prompt {
            let x = prompt.editor.draw(into: &grid, x: 0, y: statusRow.y, width: width, prompt: prompt.label)
            cursor = (x, statusRow.y)
        }

        switch overlay {
        case .none: break
        case .help(let help): help.draw(into: &grid, bounds: body, glyphs: glyphs)
        case .palette(let palette):
            cursor = palette.draw(into: &grid, bounds: body, glyphs: glyphs)
        case .confirmQuit(let warnings):
            drawQuitQuestion(warnings, into: &grid, bounds: body)
        }
        return grid
    }

    /// What each section would cut short, its question, and the answers.
    private func drawQuitQuestion(_ warnings: [QuitWarning], into grid: inout CellGrid, bounds: Rect) {
        let inner = OverlayFrame.frame(&grid, bounds: bounds, width: 60, height: 2 * warnings.count + 4, title: "Quit",
                                       glyphs: glyphs)
        var y = inner.y
        for warning in warnings {
            grid.put(warning.work, x: inner.x + 1, y: y, maxWidth: inner.width - 2, role: .warning)
            grid.put(warning.question, x: inner.x + 1, y: y + 1, maxWidth: inner.width - 2, role: .overlay)
            y += 2
        }
        grid.put(warnings.first?.choices ?? "", x: inner.x + 1, y: y + 1, maxWidth: inner.width - 2, role: .accent)
    }

    /// The right of the status bar when there is no message: the sections' keys and the keys that work everywhere.
    private var hint: String {
        sections.map { "\($0.key) \($0.title.lowercased())" }.joined(separator: " ") + "  ? help  : palette  Q quit"
    }
}
