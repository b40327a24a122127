import TerminalCore

/// Something the event loop drives: it takes input, reports whether background work changed what it shows,
/// and draws a frame on demand.
public protocol InteractiveScreen: AnyObject {
    /// Applies one input event.
    func handle(_ event: InputEvent)
    /// Reads the snapshots that background work published; true when the screen should be redrawn.
    func pollBackgroundWork() -> Bool
    /// Draws the whole screen.
    func render(width: Int, height: Int) -> CellGrid
    var theme: Theme { get }
    var cursor: (x: Int, y: Int)? { get }
    var wantsToQuit: Bool { get }
    /// Text the user copied that should go to the terminal's clipboard, once; nil when there is none.
    func takeClipboardText() -> String?
}

extension InteractiveScreen {
    public func takeClipboardText() -> String? { nil }
}
