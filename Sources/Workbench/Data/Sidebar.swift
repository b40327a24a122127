import TerminalCore

/// The list of datasets on the left: name, format, size, and a row count that fills in as indexing runs. `/` keeps
/// the datasets whose name holds the typed text; `position` counts in the list as shown.
struct Sidebar {
    var position = ScrollPosition()
    var visibleRows = 10
    /// Text the names must contain (case-insensitive); empty shows every dataset.
    private(set) var filter = ""
    /// The filter being typed.
    private(set) var editor: LineEditor?

    /// The datasets shown, as indexes into `entries`.
    func shown(_ entries: [DatasetEntry]) -> [Int] {
        guard !filter.isEmpty else { return Array(entries.indices) }
        return entries.indices.filter { entries[$0].name.localizedCaseInsensitiveContains(filter) }
    }

    /// The dataset under the cursor, as an index into `entries`.
    func selectedEntry(_ entries: [DatasetEntry]) -> Int? {
        let shown = shown(entries)
        return shown.indices.contains(position.selected) ? shown[position.selected] : nil
    }

    /// Puts the cursor on `entry`, dropping the filter when it hides that dataset.
    mutating func select(entry: Int, in entries: [DatasetEntry]) {
        if !shown(entries).contains(entry) { filter = "" }
        let shown = shown(entries)
        position.select(shown.firstIndex(of: entry) ?? 0, count: shown.count, visibleRows: visibleRows)
    }

    mutating func beginFilter() { editor = LineEditor(filter) }

    /// A key while the filter is typed: the list narrows as it is typed; Enter keeps it, Esc drops it.
    mutating func handleFilterKey(_ key: Key, entries: [DatasetEntry]) {
        guard var typing = editor else { return }
        switch key {
        case .escape:
            editor = nil
            filter = ""
        case .enter:
            editor = nil
        default:
            _ = typing.handle(key)
            editor = typing
            filter = typing.text
        }
        position.select(0, count: shown(entries).count, visibleRows: visibleRows)
    }

    static let keyMap = KeyMap(title: "Datasets", bindings: [
        KeyBinding([.up, .character("k")], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.character("g"), .home], .top),
        KeyBinding([.character("G"), .end], .bottom),
        KeyBinding([.enter, .right, .character("l")], .open),
        KeyBinding([.character("/")], .filterDatasets),
        KeyBinding([.character("x")], .closeDataset),
    ])

    mutating func perform(_ command: Command, count: Int) -> Bool {
        switch command {
        case .moveUp: position.move(by: -1, count: count, visibleRows: visibleRows)
        case .moveDown: position.move(by: 1, count: count, visibleRows: visibleRows)
        case .top: position.select(0, count: count, visibleRows: visibleRows)
        case .bottom: position.select(count - 1, count: count, visibleRows: visibleRows)
        default: return false
        }
        return true
    }

    mutating func draw(into grid: inout CellGrid, rect: Rect, entries: [DatasetEntry], openIndex: Int?,
                       focused: Bool, glyphs: BoxGlyphs) {
        let title = filter.isEmpty ? "Datasets" : "Datasets /\(filter)"
        grid.drawBox(rect, glyphs: glyphs, title: title, role: .border, titleRole: focused ? .accent : .title)
        let inner = rect.inset(by: 1)
        if entries.isEmpty {
            grid.put("No datasets here.", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: .muted)
            grid.put(": open PATH", x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 1, role: .muted)
            return
        }
        let unicode = glyphs.ellipsis != "~"
        let shown = shown(entries)
        if shown.isEmpty {
            grid.put("No dataset name holds “\(filter)”.", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: .muted)
            return
        }
        visibleRows = TwoLineList.draw(into: &grid, rect: inner, position: &position, count: shown.count,
                                       focused: focused) { row in
            let i = shown[row]
            let entry = entries[i]
            let marker = i == openIndex ? (unicode ? "▸ " : "> ") : "  "
            guard entry.openError == nil else {
                return .init(title: marker + entry.name, detail: "  cannot open", detailRole: .error)
            }
            return .init(title: marker + entry.name,
                         detail: "  \(entry.formatName) · \(ByteCountText.format(entry.byteCount)) · \(entry.rowsText)")
        }
    }
}
