import TerminalCore

/// The lists on the left of every section (datasets, runs, models): each item is a title line and a detail line,
/// the selected one highlighted, scrolled so that the selection stays visible.
enum TwoLineList {
    struct Item {
        var title: String
        var detail: String
        var detailRole: StyleRole = .muted
    }

    /// Draws `count` items into `rect`; returns how many fit (the page size for movement keys).
    @discardableResult
    static func draw(into grid: inout CellGrid, rect: Rect, position: inout ScrollPosition, count: Int, focused: Bool,
                     item: (Int) -> Item) -> Int {
        let visible = max(1, rect.height / 2)
        position.clamp(count: count, visibleRows: visible)
        for index in position.top..<min(count, position.top + visible) {
            let y = rect.y + (index - position.top) * 2
            let entry = item(index)
            let selected = index == position.selected
            let role: StyleRole = selected ? (focused ? .selection : .highlight) : .text
            grid.putPadded("", x: rect.x, y: y, width: rect.width, role: role)
            grid.put(entry.title, x: rect.x, y: y, maxWidth: rect.width, role: role)
            grid.putPadded(entry.detail, x: rect.x, y: y + 1, width: rect.width, role: entry.detailRole)
        }
        return visible
    }
}
