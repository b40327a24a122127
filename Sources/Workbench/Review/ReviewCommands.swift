import TerminalCore

/// The Review section's commands. `k` is keep here, not up: in a review the decision keys come first, and the
/// arrows (and j) move.
extension Command {
    static let reviewKeep = Command("review.keep", title: "Keep this record (decision)")
    static let reviewDrop = Command("review.drop", title: "Drop this record (decision)")
    static let reviewUnsure = Command("review.unsure", title: "Mark this record unsure")
    static let reviewUndo = Command("review.undo", title: "Undo the last decision (again for the one before)")
    static let reviewNote = Command("review.note", title: "Attach a note to this record's decision")
    static let reviewNextUndecided = Command("review.nextUndecided", title: "Next undecided record")
    static let reviewPreviousUndecided = Command("review.previousUndecided", title: "Previous undecided record")
    static let reviewSearch = Command("review.search", title: "Search the texts (Enter on an empty search clears it)")
    static let reviewThreshold = Command("review.threshold", title: "Move the threshold (←/→, Enter keeps, Esc restores)")
    static let reviewScope = Command("review.scope", title: "List: all / flagged / human / abstained / skipped")
    static let reviewDecisionFilter = Command("review.decisionFilter", title: "List: any / undecided / keep / drop / unsure / stale")
    static let reviewClearFilters = Command("review.clearFilters", title: "Clear the score range and search")
    static let reviewExportKept = Command("review.exportKept", title: "Export the kept records (JSONL, source schema)")
    static let reviewExportUnflagged = Command("review.exportUnflagged", title: "Export kept + unflagged undecided records")
    static let reviewExportLog = Command("review.exportLog", title: "Export the decision log (JSONL)")
    static let reviewCancel = Command("review.cancel", title: "Cancel scoring")
    static let reviewRescore = Command("review.rescore", title: "Score again (cached scores are reused)")
    static let reviewColumn = Command("review.column", title: "Next text column")
    static let reviewMethod = Command("review.method", title: "Next method (model-free, Fast-DetectGPT with a sample model)")
}

enum ReviewKeys {
    static let datasets = KeyMap(title: "Review: datasets", bindings: [
        KeyBinding([.up, .character("k")], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.enter, .right, .character("l")], .open),
    ])

    /// Keys of the list and the record pane alike.
    static let shared: [KeyBinding] = [
        KeyBinding([.character("k")], .reviewKeep),
        KeyBinding([.character("d")], .reviewDrop),
        KeyBinding([.character("u")], .reviewUnsure),
        KeyBinding([.character("z")], .reviewUndo),
        KeyBinding([.character("a")], .reviewNote),
        KeyBinding([.character("n")], .reviewNextUndecided),
        KeyBinding([.character("N")], .reviewPreviousUndecided),
        KeyBinding([.character("/")], .reviewSearch),
        KeyBinding([.character("t")], .reviewThreshold),
        KeyBinding([.character("f")], .reviewScope),
        KeyBinding([.character("v")], .reviewDecisionFilter),
        KeyBinding([.character("F")], .reviewClearFilters),
        KeyBinding([.character("e")], .reviewExportKept),
        KeyBinding([.character("E")], .reviewExportUnflagged),
        KeyBinding([.character("L")], .reviewExportLog),
        KeyBinding([.character("x")], .reviewCancel),
        KeyBinding([.character("r")], .reviewRescore),
        KeyBinding([.character("c")], .reviewColumn),
        KeyBinding([.character("M")], .reviewMethod),
    ]

    static let list = KeyMap(title: "Review: flagged list", bindings: [
        KeyBinding([.up], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.pageUp, .control("b")], .pageUp),
        KeyBinding([.pageDown, .control("f"), .character(" ")], .pageDown),
        KeyBinding([.character("g"), .home], .top),
        KeyBinding([.character("G"), .end], .bottom),
        KeyBinding([.enter, .right, .character("l")], .open),
    ] + shared)

    static let record = KeyMap(title: "Review: record", bindings: [
        KeyBinding([.up], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.pageUp, .control("b")], .pageUp),
        KeyBinding([.pageDown, .control("f"), .character(" ")], .pageDown),
        KeyBinding([.character("g"), .home], .top),
        KeyBinding([.character("G"), .end], .bottom),
    ] + shared)
}
