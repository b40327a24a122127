/// What the workbench needs from a terminal: a size, a way to show a frame, and input. The curses backend
/// implements it for real terminals, `MemoryTerminal` for tests; views never see either.
public protocol TerminalBackend: AnyObject {
    /// Columns and rows now.
    var size: (width: Int, height: Int) { get }
    var capabilities: TerminalCapabilities { get }
    /// Shows a frame. Backends write only the cells that differ from the last frame.
    func present(_ grid: CellGrid, theme: Theme, cursor: (x: Int, y: Int)?)
    /// Waits up to `timeoutMilliseconds` for input; `nil` when none arrived.
    func nextEvent(timeoutMilliseconds: Int) -> InputEvent?
    /// Makes the next `present` repaint every cell (Ctrl-L, after another program wrote over the screen).
    func invalidate()
    /// Puts `text` on the terminal's clipboard (OSC 52) where the terminal supports it.
    func copyToClipboard(_ text: String)
}

extension TerminalBackend {
    public func invalidate() {}
    /// Terminals without a clipboard (tests, pipes) ignore copies.
    public func copyToClipboard(_ text: String) {}
}
