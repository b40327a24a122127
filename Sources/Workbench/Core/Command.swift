import TerminalCore

/// Everything the workbench can do in response to a key or the command palette. Keys map to commands through a
/// `KeyMap`, so the help overlay and the palette are generated from the same table that handles input.
public enum Command: String, CaseIterable, Sendable {
    case moveUp, moveDown, moveLeft, moveRight
    case pageUp, pageDown, halfPageUp, halfPageDown
    case top, bottom
    case open
    case back
    case search, searchColumn, nextMatch, previousMatch
    case recordView, tableView, columnStats
    case focusNext, focusPrevious
    case help, palette, nextTheme, quit
    case showData, showRuns, showChat
    case editField, launchRun, measureEstimate
    case pauseRun, stopRun, resumeRun, toggleZoom, toggleLogScale, nextChart, compareRun
    case sendPrompt, toggleAdapter, nextModel

    /// What the help overlay and the palette call it.
    public var title: String {
        switch self {
        case .moveUp: return "Move up"
        case .moveDown: return "Move down"
        case .moveLeft: return "Scroll left / previous column"
        case .moveRight: return "Scroll right / next column"
        case .pageUp: return "Page up"
        case .pageDown: return "Page down"
        case .halfPageUp: return "Half page up"
        case .halfPageDown: return "Half page down"
        case .top: return "Go to first row"
        case .bottom: return "Go to last row"
        case .open: return "Open the selection"
        case .back: return "Back / close"
        case .search: return "Search all columns"
        case .searchColumn: return "Search the current column"
        case .nextMatch: return "Next match"
        case .previousMatch: return "Previous match"
        case .recordView: return "Show the whole record"
        case .tableView: return "Back to the table"
        case .columnStats: return "Statistics of the current column"
        case .focusNext: return "Next pane"
        case .focusPrevious: return "Previous pane"
        case .help: return "Help: the keys of this view"
        case .palette: return "Command palette"
        case .nextTheme: return "Next theme"
        case .quit: return "Quit"
        case .showData: return "Go to Data: browse datasets"
        case .showRuns: return "Go to Runs: configure, launch and watch training"
        case .showChat: return "Go to Chat: try a model with and without its adapter"
        case .editField: return "Edit the selected setting"
        case .launchRun: return "Launch this run in the workbench"
        case .measureEstimate: return "Measure a training step for the time estimate"
        case .pauseRun: return "Pause or continue the run"
        case .stopRun: return "Stop the run (writes a checkpoint first)"
        case .resumeRun: return "Resume the run from its last checkpoint"
        case .toggleZoom: return "Zoom: last 100 steps or the whole run"
        case .toggleLogScale: return "Loss axis: log or linear"
        case .nextChart: return "Second chart: learning rate, gradient norm, tokens/s"
        case .compareRun: return "Overlay another run's loss"
        case .sendPrompt: return "Write a prompt and generate"
        case .toggleAdapter: return "Generate with or without the adapter"
        case .nextModel: return "Next model or run to chat with"
        }
    }
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

    /// Keys every view shares, the way less, VisiData and lazygit users expect them.
    public static let global = KeyMap(title: "Everywhere", bindings: [
        KeyBinding([.character("?"), .function(1)], .help),
        KeyBinding([.character(":"), .control("p")], .palette),
        KeyBinding([.tab], .focusNext),
        KeyBinding([.backTab], .focusPrevious),
        KeyBinding([.character("T")], .nextTheme),
        KeyBinding([.character("1")], .showData),
        KeyBinding([.character("2")], .showRuns),
        KeyBinding([.character("3")], .showChat),
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
