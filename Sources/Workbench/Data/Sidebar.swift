import TerminalCore

/// The list of datasets on the left: name, format, size, and a row count that fills in as indexing runs.
struct Sidebar {
    var position = ScrollPosition()
    var visibleRows = 10

    static let keyMap = KeyMap(title: "Datasets", bindings: [
        KeyBinding([.up, .character("k")], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.character("g"), .home], .top),
        KeyBinding([.character("G"), .end], .bottom),
        KeyBinding([.enter, .right, .character("l")], .open),
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
        grid.drawBox(rect, glyphs: glyphs, title: "Datasets", role: .border, titleRole: focused ? .accent : .title)
        let inner = rect.inset(by: 1)
        if entries.isEmpty {
            grid.put("No datasets here.", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: .muted)
            grid.put(": open PATH", x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 1, role: .muted)
            return
        }
        let unicode = glyphs.ellipsis != "~"
        visibleRows = TwoLineList.draw(into: &grid, rect: inner, position: &position, count: entries.count,
                                       focused: focused) { i in
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
