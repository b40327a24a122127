import TerminalCore

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
    /// (1, 2, 3 …) come from the registered sections themselves; see `WorkbenchApp.globalKeyMap`.
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
