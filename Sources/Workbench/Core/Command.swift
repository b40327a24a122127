/// Something the workbench can do in response to a key or the command palette. Keys map to commands through a
/// `KeyMap`, so the help overlay and the palette are generated from the same table that handles input.
///
/// An open set rather than an enum: the commands every view shares are declared here, and each section declares its
/// own beside it (`extension Command { static let launchRun = … }` in Runs/), so adding a section never edits a list
/// that all sections share. Two commands are the same when their identifiers are.
public struct Command: Hashable, Sendable, CustomStringConvertible {
    /// A stable name, unique across the workbench.
    public let id: String
    /// What the help overlay and the palette call it.
    public let title: String

    public init(_ id: String, title: String) {
        self.id = id
        self.title = title
    }

    public static func == (lhs: Command, rhs: Command) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    public var description: String { id }
}

/// The commands every section shares: movement, opening and leaving, and the shell's own (help, palette, themes).
extension Command {
    public static let moveUp = Command("moveUp", title: "Move up")
    public static let moveDown = Command("moveDown", title: "Move down")
    public static let moveLeft = Command("moveLeft", title: "Scroll left / previous column")
    public static let moveRight = Command("moveRight", title: "Scroll right / next column")
    public static let pageUp = Command("pageUp", title: "Page up")
    public static let pageDown = Command("pageDown", title: "Page down")
    public static let halfPageUp = Command("halfPageUp", title: "Half page up")
    public static let halfPageDown = Command("halfPageDown", title: "Half page down")
    public static let top = Command("top", title: "Go to first row")
    public static let bottom = Command("bottom", title: "Go to last row")
    public static let open = Command("open", title: "Open the selection")
    public static let back = Command("back", title: "Back / close")
    public static let focusNext = Command("focusNext", title: "Next pane")
    public static let focusPrevious = Command("focusPrevious", title: "Previous pane")
    public static let help = Command("help", title: "Help: the keys of this view")
    public static let palette = Command("palette", title: "Command palette")
    public static let nextTheme = Command("nextTheme", title: "Next theme")
    public static let quit = Command("quit", title: "Quit")
}
