import TerminalCore

/// A one-line text field (the search prompt, the palette's query): typing, Backspace, ←/→, Ctrl-U to clear.
public struct LineEditor: Sendable {
    public private(set) var text: String = ""
    /// The cursor, as a count of characters from the start.
    public private(set) var cursor: Int = 0

    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// Applies a key; returns false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let c):
            let index = text.index(text.startIndex, offsetBy: cursor)
            text.insert(c, at: index)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: index)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            text = ""
            cursor = 0
        default:
            return false
        }
        return true
    }

    /// Draws `prompt` and the text; returns the screen column of the cursor.
    @discardableResult
    public func draw(into grid: inout CellGrid, x: Int, y: Int, width: Int, prompt: String,
                     role: StyleRole = .text) -> Int {
        grid.putPadded("", x: x, y: y, width: width, role: role)
        let promptWidth = grid.put(prompt, x: x, y: y, maxWidth: width, role: .accent)
        let available = width - promptWidth - 1
        let beforeCursor = String(text.prefix(cursor))
        // Keep the cursor visible: scroll the text left when it runs past the field.
        var visible = text
        let cursorColumns = DisplayWidth.of(SafeText.visible(beforeCursor))
        if cursorColumns > available {
            visible = String(text.dropFirst(max(0, cursor - available)))
        }
        grid.put(visible, x: x + promptWidth, y: y, maxWidth: max(0, available), role: role)
        let shownBefore = cursorColumns > available ? available : cursorColumns
        return x + promptWidth + shownBefore
    }
}
