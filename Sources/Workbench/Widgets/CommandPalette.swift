import TerminalCore

/// The `:` palette: type to filter every command, theme and section item (datasets) by fuzzy match, Enter runs the
/// first. `open PATH` opens a file or folder that is not listed yet.
struct CommandPalette {
    /// What choosing an entry does.
    enum Action: Equatable {
        case command(Command)
        case theme(String)
        /// The `index`th of `paletteItems()` of the section at `section` in the app's list.
        case sectionItem(section: Int, index: Int)
        case openPath(String)
        /// A typed command: its verb and the rest of the line.
        case typed(verb: String, argument: String)
    }

    struct Entry: Equatable {
        var title: String
        var detail: String
        var action: Action
    }

    var editor = LineEditor()
    var selection = 0
    let entries: [Entry]
    /// Commands with an argument that the section in front answers (`filter COLUMN OP VALUE`).
    let typedCommands: [TypedCommand]

    init(entries: [Entry], typedCommands: [TypedCommand] = []) {
        self.entries = entries
        self.typedCommands = typedCommands
    }

    /// The entries that match the query, best first.
    var matches: [Entry] {
        let query = editor.text.trimmingCharacters(in: .whitespaces)
        var result: [Entry] = []
        if query.hasPrefix("open ") {
            let path = String(query.dropFirst(5)).trimmingCharacters(in: .whitespaces)
            if !path.isEmpty {
                result.append(Entry(title: "Open \(path)", detail: "file or folder", action: .openPath(path)))
            }
        }
        // A typed command whose verb is the first word runs with the rest of the line.
        let verb = query.prefix { $0 != " " }
        if let typed = typedCommands.first(where: { $0.verb == verb }) {
            let argument = query.dropFirst(verb.count).trimmingCharacters(in: .whitespaces)
            result.append(Entry(title: argument.isEmpty ? typed.verb : "\(typed.verb) \(argument)", detail: typed.summary,
                                action: .typed(verb: typed.verb, argument: argument)))
        }
        let typedEntries = typedCommands.filter { $0.verb != verb }.map {
            Entry(title: "\($0.verb) \($0.usage)", detail: $0.summary, action: .typed(verb: $0.verb, argument: ""))
        }
        result += FuzzyMatch.rank(entries + typedEntries, query: query) { "\($0.title) \($0.detail)" }
        return result
    }

    var chosen: Action? {
        let matches = self.matches
        guard !matches.isEmpty else { return nil }
        return matches[min(selection, matches.count - 1)].action
    }

    mutating func handle(_ key: Key) {
        switch key {
        case .up, .control("p"): selection = max(0, selection - 1)
        case .down, .control("n"): selection += 1
        default:
            if editor.handle(key) { selection = 0 }
        }
        selection = min(selection, max(0, matches.count - 1))
    }

    /// Draws the palette near the top of `bounds`; returns where the text cursor is.
    func draw(into grid: inout CellGrid, bounds: Rect, glyphs: BoxGlyphs) -> (x: Int, y: Int) {
        let matches = self.matches
        let width = min(72, bounds.width - 4)
        let rows = min(12, max(1, matches.count))
        let rect = Rect(x: bounds.x + (bounds.width - width) / 2, y: bounds.y + 1, width: width, height: rows + 3)
        grid.fill(rect, role: .overlay)
        grid.drawBox(rect, glyphs: glyphs, title: "Command palette", titleRole: .accent)
        let inner = rect.inset(by: 1)
        let cursorX = editor.draw(into: &grid, x: inner.x, y: inner.y, width: inner.width, prompt: ": ", role: .overlay)
        if matches.isEmpty {
            grid.put("no match — try `open PATH`", x: inner.x + 2, y: inner.y + 1, maxWidth: inner.width - 2, role: .muted)
        }
        let first = max(0, selection - rows + 1)
        for (i, entry) in matches.dropFirst(first).prefix(rows).enumerated() {
            let y = inner.y + 1 + i
            let selected = first + i == selection
            let role: StyleRole = selected ? .selection : .overlay
            grid.putPadded("", x: inner.x, y: y, width: inner.width, role: role)
            let used = grid.put(" " + entry.title, x: inner.x, y: y, maxWidth: inner.width, role: role)
            grid.put("  " + entry.detail, x: inner.x + used, y: y, maxWidth: inner.width - used,
                     role: selected ? .selection : .muted)
        }
        return (cursorX, inner.y)
    }
}
