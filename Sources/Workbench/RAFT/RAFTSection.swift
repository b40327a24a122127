import Datasets
import Foundation
import TerminalCore

/// The RAFT section: the RAFT files among the paths the workbench was opened on (the bundled Samples/ by default)
/// on the left, and the inspector on the right. Files are recognised from their first records, so a folder of mixed
/// datasets lists only its RAFT data; each is validated in the background, and its flags show beside its records.
final class RAFTSection: WorkbenchSection {
    let title = "RAFT"
    /// After Data, Runs, Chat and the planned Review section, as DESIGN.md orders them.
    let key: Character = "5"
    let summary = "inspect and validate RAFT data (question, oracle, distractors, CoT answer)"

    private(set) var entries: [RAFTEntry] = []
    private(set) var openIndex: Int?
    private(set) var inspector: RAFTInspector?
    var position = ScrollPosition()
    private var visibleRows = 10
    var pendingMessage: StatusMessage?

    init(paths: [String]) {
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                entries += RAFTEntry.entries(inFolder: path)
            } else if let entry = RAFTEntry.open(path: path) {
                entries.append(entry)
            }
        }
        if !entries.isEmpty { open(0) }
    }

    var canFocusMain: Bool { inspector != nil }

    /// The records are what one comes here for.
    func didBecomeActive(focus: inout Focus) {
        if inspector != nil { focus = .main }
    }

    static let listKeyMap = KeyMap(title: "RAFT files", bindings: [
        KeyBinding([.up, .character("k")], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.enter, .right, .character("l")], .open),
    ])

    func keyMap(focus: Focus) -> KeyMap {
        focus == .sidebar ? Self.listKeyMap : RAFTInspector.keyMap
    }

    func perform(_ command: Command, focus: inout Focus) -> Bool {
        if focus == .sidebar {
            switch command {
            case .moveUp: position.move(by: -1, count: entries.count, visibleRows: visibleRows)
            case .moveDown: position.move(by: 1, count: entries.count, visibleRows: visibleRows)
            case .open:
                guard !entries.isEmpty else { return true }
                if openIndex != position.selected { open(position.selected) }
                focus = .main
            default: return false
            }
            return true
        }
        guard let inspector else { return false }
        let handled = inspector.perform(command)
        if let message = inspector.pendingMessage {
            pendingMessage = message
            inspector.pendingMessage = nil
        }
        return handled
    }

    private func open(_ index: Int) {
        openIndex = index
        position.select(index, count: entries.count, visibleRows: visibleRows)
        inspector = RAFTInspector(file: entries[index].file)
        inspector?.report = entries[index].report
    }

    func click(row y: Int, in pane: Focus, focus: inout Focus) {
        guard pane == .sidebar, y >= 1 else { return }
        let index = position.top + (y - 1) / 2
        guard entries.indices.contains(index) else { return }
        position.select(index, count: entries.count, visibleRows: visibleRows)
        open(index)
        focus = .main
    }

    func paletteItems() -> [SectionPaletteItem] {
        entries.map { SectionPaletteItem(title: "RAFT: \($0.name)", detail: $0.path) }
    }

    func choosePaletteItem(_ index: Int, focus: inout Focus) {
        guard entries.indices.contains(index) else { return }
        open(index)
        focus = .main
    }

    /// Takes a RAFT file given to the palette's `open PATH` (listing it if it is new).
    func openPath(_ path: String, focus: inout Focus) -> Bool {
        if let index = entries.firstIndex(where: { $0.path == path }) {
            open(index)
        } else {
            guard let entry = RAFTEntry.open(path: path) else { return false }
            entries.append(entry)
            open(entries.count - 1)
        }
        focus = .main
        return true
    }

    func poll() -> Bool {
        var changed = false
        for (index, entry) in entries.enumerated() where entry.poll() {
            changed = true
            if index == openIndex { inspector?.report = entry.report }
        }
        // Rows fill in while the file is indexed: show the first as soon as it is readable.
        if let inspector, inspector.current == nil, inspector.rowCount > 0 {
            inspector.load(row: 0)
            changed = true
        }
        return changed
    }

    func prepareToQuit() {
        for entry in entries { entry.cancel() }
    }

    // MARK: Drawing

    func drawSidebar(into grid: inout CellGrid, rect: Rect, context: DrawingContext) {
        let focused = context.focus == .sidebar
        grid.drawBox(rect, glyphs: context.glyphs, title: "RAFT files", titleRole: focused ? .accent : .title)
        let inner = rect.inset(by: 1)
        if entries.isEmpty {
            grid.put("No RAFT data here.", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: .muted)
            grid.put(": open PATH", x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 1, role: .muted)
            return
        }
        let marker = context.unicode ? "▸ " : "> "
        visibleRows = TwoLineList.draw(into: &grid, rect: inner, position: &position, count: entries.count,
                                       focused: focused) { i in
            let entry = entries[i]
            return .init(title: (i == openIndex ? marker : "  ") + entry.name, detail: entry.detail,
                         detailRole: entry.hasProblems ? .warning : .muted)
        }
    }

    func drawMain(into grid: inout CellGrid, rect: Rect, context: DrawingContext) -> (x: Int, y: Int)? {
        guard let inspector else {
            grid.drawBox(rect, glyphs: context.glyphs, title: "RAFT", titleRole: .title)
            let lines = ["No RAFT data open.", "",
                         "RAFT files hold a question, documents (the oracle and distractors) and a",
                         "chain-of-thought answer that quotes the oracle; open one with `: open PATH`,",
                         "or check one headless with `loom raft validate FILE`."]
            for (i, line) in lines.enumerated() {
                grid.put(line, x: rect.x + 2, y: rect.y + 2 + i, maxWidth: rect.width - 4, role: i == 0 ? .text : .muted)
            }
            return nil
        }
        inspector.draw(into: &grid, rect: rect, context: context)
        return nil
    }

    func status(focus: Focus) -> SectionStatus {
        guard let inspector else { return SectionStatus(mode: "RAFT", location: "RAFT") }
        var location = inspector.file.dataset.name
        if inspector.rowCount > 0 { location += "  record \(inspector.row + 1)/\(inspector.rowCount)" }
        if let record = inspector.record, record.documents.indices.contains(inspector.documentIndex) {
            location += "  document \(inspector.documentIndex + 1) \(record.documents[inspector.documentIndex].role.rawValue)"
        }
        return SectionStatus(mode: "RAFT", location: location)
    }
}
