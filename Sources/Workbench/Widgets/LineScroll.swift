/// Scrolling a block of text lines shown `visibleRows` at a time by the movement commands (line, page, half page,
/// top, bottom): the one rule the record view and the token lens share, the first line kept in range.
enum LineScroll {
    /// Applies `command` to `top`; returns false when it is not a movement command (then `top` is unchanged).
    static func apply(_ command: Command, top: inout Int, lineCount: Int, visibleRows: Int) -> Bool {
        let maxTop = max(0, lineCount - visibleRows)
        switch command {
        case .moveUp: top -= 1
        case .moveDown: top += 1
        case .pageUp: top -= visibleRows
        case .pageDown: top += visibleRows
        case .halfPageUp: top -= visibleRows / 2
        case .halfPageDown: top += visibleRows / 2
        case .top: top = 0
        case .bottom: top = maxTop
        default: return false
        }
        top = max(0, min(top, maxTop))
        return true
    }
}
