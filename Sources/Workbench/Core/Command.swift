import TerminalCore

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

/// One line of a key map: the keys that run a command.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var command: Command

    public init(_ keys: [Key], _ command: Command) {
        self.keys = keys
        self.command = command
    }
}

/// The keys a view answers to, in the order help shows them.
public struct KeyMap: Sendable {
    public var title: String
    public var bindings: [KeyBinding]

    public init(title: String, bindings: [KeyBinding]) {
        self.title = title
        self.bindings = bindings
    }

    public func command(for key: Key) -> Command? {
        bindings.first { $0.keys.contains(key) }?.command
    }

    /// This map followed by the bindings of `other` (earlier bindings win a shared key).
    public func merged(with other: KeyMap) -> KeyMap {
        KeyMap(title: title, bindings: bindings + other.bindings)
    }

    /// Keys every view shares, the way less, VisiData and lazygit users expect them. The keys that switch sections
    /// (1, 2, 3 …) come from the registered sections themselves; see `WorkbenchApp.sectionKeyMap`.
    public static let global = KeyMap(title: "Everywhere", bindings: [
        KeyBinding([.character("?"), .function(1)], .help),
        KeyBinding([.character(":"), .control("p")], .palette),
        KeyBinding([.tab], .focusNext),
        KeyBinding([.backTab], .focusPrevious),
        KeyBinding([.character("T")], .nextTheme),
        KeyBinding([.character("q"), .escape], .back),
        KeyBinding([.character("Q")], .quit),
    ])

    /// Movement keys shared by every list and table.
    public static let movement: [KeyBinding] = [
        KeyBinding([.up, .character("k")], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.left, .character("h")], .moveLeft),
        KeyBinding([.right, .character("l")], .moveRight),
        KeyBinding([.pageUp, .control("b")], .pageUp),
        KeyBinding([.pageDown, .control("f"), .character(" ")], .pageDown),
        KeyBinding([.control("u")], .halfPageUp),
        KeyBinding([.control("d")], .halfPageDown),
        KeyBinding([.character("g"), .home], .top),
        KeyBinding([.character("G"), .end], .bottom),
    ]
}
