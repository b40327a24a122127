import TerminalCore

/// One section of the workbench (Data, Runs, Chat, …): a list on the left, what is chosen in it on the right, and the
/// keys, commands, background work and status line that go with them. The app is only a router: it owns what all
/// sections share (help, palette, quit confirmation, themes, focus, the status bar) and hands everything else to
/// the section in front. A new section is a folder that conforms to this protocol plus one line in
/// `WorkbenchApp.standardSections`.
///
/// Sections live on the UI thread; their long work runs elsewhere and is read back in `poll()` as snapshots.
protocol WorkbenchSection: AnyObject {
    /// Its name: the status bar's hint ("1 data") and the help line of its key.
    var title: String { get }
    /// The key that brings it forward ("1", "2", …).
    var key: Character { get }
    /// What it is for, after "Go to Title: " in help and the palette.
    var summary: String { get }
    /// True when the command line gave it something to show; the first such section is in front at start.
    var hasStartupContent: Bool { get }
    /// The pane that has focus when the workbench opens on this section.
    var initialFocus: Focus { get }
    /// Whether the main pane can take focus now (Tab goes nowhere while there is nothing to show).
    var canFocusMain: Bool { get }

    /// Called when the user switches here; may move focus the way this section is used.
    func didBecomeActive(focus: inout Focus)
    /// The keys of the focused pane, used to handle input and to generate help and the palette.
    func keyMap(focus: Focus) -> KeyMap
    /// Keys while text is being typed (a prompt, a form field) go here before any key map; true when taken.
    func handleEditingKey(_ key: Key, focus: inout Focus) -> Bool
    /// Runs a command of its key maps or the palette; false when it has nothing to do with it. `back` that is not
    /// taken moves focus to the sidebar and then quits, as in every section.
    func perform(_ command: Command, focus: inout Focus) -> Bool
    /// A mouse click on row `y` of the sidebar or the main pane.
    func click(row y: Int, in pane: Focus, focus: inout Focus)
    /// Items of this section the palette offers ("Dataset: train.jsonl"); chosen ones come back to `choosePaletteItem`.
    func paletteItems() -> [SectionPaletteItem]
    func choosePaletteItem(_ index: Int, focus: inout Focus)
    /// Opens a file or folder given to the palette's `open PATH`; true when this section took it.
    func openPath(_ path: String, focus: inout Focus) -> Bool

    /// Reads the snapshots that background work published; true when the section should be redrawn. Every section
    /// is polled every frame, in front or not, so that its work moves on and its queues stay short.
    func poll() -> Bool
    /// A message for the status bar, taken by the app after each key, command and poll.
    var pendingMessage: StatusMessage? { get set }
    /// Text the user copied (`y`), taken by the app into its register and the terminal's clipboard.
    var pendingCopy: String? { get set }
    /// Commands typed into the palette with an argument (`filter COLUMN OP VALUE`) that this section answers.
    var typedCommands: [TypedCommand] { get }
    /// Runs a typed command on the rest of the line; false when the verb is not this section's.
    func runTyped(_ verb: String, argument: String, focus: inout Focus) -> Bool
    /// Work that quitting would cut short ("Training: sample-lora"), for the app to ask about first.
    var quitWarning: QuitWarning? { get }
    /// Ends that work before the program quits (a run writes its checkpoint).
    func prepareToQuit()

    func drawSidebar(into grid: inout CellGrid, rect: Rect, context: DrawingContext)
    /// Draws the main pane; returns the text cursor when something is being typed there.
    func drawMain(into grid: inout CellGrid, rect: Rect, context: DrawingContext) -> (x: Int, y: Int)?
    /// The left part of the status bar.
    func status(focus: Focus) -> SectionStatus
}

extension WorkbenchSection {
    var hasStartupContent: Bool { false }
    var initialFocus: Focus { .sidebar }
    var canFocusMain: Bool { true }
    func didBecomeActive(focus: inout Focus) {}
    func handleEditingKey(_ key: Key, focus: inout Focus) -> Bool { false }
    func click(row y: Int, in pane: Focus, focus: inout Focus) {}
    func paletteItems() -> [SectionPaletteItem] { [] }
    func choosePaletteItem(_ index: Int, focus: inout Focus) {}
    func openPath(_ path: String, focus: inout Focus) -> Bool { false }
    var quitWarning: QuitWarning? { nil }
    func prepareToQuit() {}
    var pendingCopy: String? { get { nil } set {} }
    var typedCommands: [TypedCommand] { [] }
    func runTyped(_ verb: String, argument: String, focus: inout Focus) -> Bool { false }

    /// The command its key runs; generated, so that a section needs no entry in a shared list of commands.
    var showCommand: Command { Command("show." + title, title: "Go to \(title): \(summary)") }
}
