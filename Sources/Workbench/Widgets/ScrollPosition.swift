/// A selection in a list of `count` rows shown `visibleRows` at a time: the selected row and the first row on
/// screen, kept so that the selection is always visible. Every list and table scrolls through this one type.
public struct ScrollPosition: Sendable, Equatable {
    public private(set) var selected: Int = 0
    public private(set) var top: Int = 0

    public init() {}

    public mutating func move(by delta: Int, count: Int, visibleRows: Int) {
        select(selected + delta, count: count, visibleRows: visibleRows)
    }

    public mutating func select(_ row: Int, count: Int, visibleRows: Int) {
        guard count > 0 else {
            selected = 0
            top = 0
            return
        }
        selected = min(max(0, row), count - 1)
        clamp(count: count, visibleRows: visibleRows)
    }

    /// Keeps the selection on screen after a resize or a change of row count.
    public mutating func clamp(count: Int, visibleRows: Int) {
        let rows = max(1, visibleRows)
        if count == 0 {
            selected = 0
            top = 0
            return
        }
        selected = min(selected, count - 1)
        if selected < top { top = selected }
        if selected >= top + rows { top = selected - rows + 1 }
        top = max(0, min(top, max(0, count - rows)))
    }
}
