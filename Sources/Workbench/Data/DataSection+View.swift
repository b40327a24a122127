import Datasets
import Foundation
import TerminalCore

/// The Data section's view of the table: sort, filters, hidden and resized columns, the frequency table, copying,
/// going to a row and stepping through records. Kept beside DataSection.swift so that the section's browsing and
/// these commands change apart.
extension DataSection {
    var typedCommands: [TypedCommand] {
        [TypedCommand(verb: "filter", usage: "COLUMN OP VALUE", summary: "keep rows where COLUMN == != < <= > >= ~ VALUE"),
         TypedCommand(verb: "unfilter", usage: "", summary: "clear every filter"),
         TypedCommand(verb: "goto", usage: "N", summary: "go to record N")]
    }

    func runTyped(_ verb: String, argument: String, focus: inout Focus) -> Bool {
        guard ["filter", "unfilter", "goto"].contains(verb) else { return false }
        guard let table, let query else { return show("open a dataset first", isError: true) }
        table.refreshSchemaIfNeeded()
        switch verb {
        case "filter":
            guard !argument.isEmpty else { return show("usage: filter COLUMN OP VALUE (OP one of == != < <= > >= ~)", isError: true) }
            do {
                addFilter(try RowFilter.parse(argument, columns: table.schema.columns), query: query)
            } catch {
                show("\(error)", isError: true)
            }
        case "unfilter":
            query.clearFilters()
            show("filters cleared")
        default:
            guard let number = Int(argument.trimmingCharacters(in: .whitespaces)), number >= 1 else {
                return show("usage: goto N (a record number from 1)", isError: true)
            }
            goTo(record: number - 1, table: table)
        }
        focus = .main
        return true
    }

    /// `g` is "first row"; `g` then `v` shows every hidden column instead (VisiData's `gv`), leaving the cursor put.
    func handlePrefixKey(_ key: Key) -> Bool {
        guard let table, record == nil, stats == nil, frequency == nil else { return false }
        defer { if key != .character("g") { rowBeforeG = nil } }
        if key == .character("g") {
            rowBeforeG = table.position.selected
        } else if key == .character("v"), let row = rowBeforeG {
            table.select(row: row)
            table.unhideAllColumns()
            show("all columns shown")
            return true
        }
        return false
    }

    /// The commands of the table's view; false when the command is not one of them.
    func performViewCommand(_ command: Command, focus: inout Focus) -> Bool {
        guard let table, let query else { return false }
        table.refreshSchemaIfNeeded()
        switch command {
        case .sortAscending, .sortDescending:
            guard record == nil, frequency == nil, stats == nil else { return false }
            guard let column = table.currentColumnValue else { return show("no column to sort by", isError: true) }
            query.sort(by: column, descending: command == .sortDescending)
        case .filterToSearch:
            guard let search else { return show("no search yet: press / first", isError: true) }
            addFilter(RowFilter(.contains(search.text, search.column)), query: query)
        case .frequency:
            guard let column = table.currentColumnValue else { return show("open a dataset with columns first", isError: true) }
            frequency = FrequencyView(dataset: table.dataset, column: column)
            focus = .main
        case .filterToValue:
            guard let frequency, let entry = frequency.selectedEntry else { return false }
            self.frequency = nil
            addFilter(RowFilter(.equalsKey(frequency.frequency.column, entry.key)), query: query)
        case .hideColumn:
            guard record == nil else { return false }
            if !table.hideCurrentColumn() { show("the last column shown cannot be hidden", isError: true) }
        case .unhideColumns:
            table.unhideAllColumns()
        case .copyCell:
            copyCell(table: table)
        case .copyRecord:
            copyRecord(table: table)
        case .tokenCounts:
            if let counts = table.tokenCounts {
                counts.cancel()
                table.tokenCounts = nil
                return show("token counts off")
            }
            switch lens.effectiveConfig() {
            case .failure(let problem): return show(problem.message, isError: true)
            case .success(let config):
                table.tokenCounts = TokenCounts(dataset: table.dataset, config: config, configName: lens.configName)
                show("counting tokens for \(lens.configName) (c in the token lens picks another config)")
            }
        case .nextDataRecord, .previousDataRecord:
            guard record != nil else { return false }
            let step = command == .nextDataRecord ? 1 : -1
            let target = table.position.selected + step
            guard target >= 0, target < table.rowCount else { return show(step > 0 ? "last record" : "first record") }
            table.select(row: target)
            record = RecordView(dataset: table.dataset, row: table.datasetRow(target))
        default:
            return false
        }
        return true
    }

    private func addFilter(_ filter: RowFilter, query: TableQuery) {
        query.addFilter(filter)
        record = nil
        stats = nil
        frequency = nil
        show("filter: " + query.filters.map(\.description).joined(separator: " and "))
    }

    /// Goes to the record numbered `row` (0-based, in the file); in a view, to where it is shown.
    private func goTo(record row: Int, table: TableView) {
        let target = table.rows.map { $0.firstIndex(of: row) } ?? (row < table.rowCount ? row : nil)
        guard let target else {
            show(row >= table.dataset.rowCount ? "no record \(row + 1): the file has \(table.dataset.rowCount)"
                 : "record \(row + 1) is not in this view", isError: true)
            return
        }
        record = nil
        stats = nil
        frequency = nil
        table.select(row: target)
    }

    /// The next (or previous) row of the view after `row` whose record matches the search, wrapping around.
    func matchInView(after row: Int, forward: Bool, table: TableView, search: DatasetSearch) -> Int? {
        let matching = Set(search.matches)
        guard !matching.isEmpty else { return nil }
        let count = table.rowCount
        guard count > 0 else { return nil }
        for step in 1...count {
            let candidate = ((row + (forward ? step : -step)) % count + count) % count
            if matching.contains(table.datasetRow(candidate)) { return candidate }
        }
        return nil
    }

    /// Shows what a sort or filter found since the last frame; true when the table changed.
    func pollQuery() -> Bool {
        guard let table, let query else { return false }
        switch query.poll() {
        case .none: return false
        case .rows(let rows, let reset):
            table.setRows(rows, keepSelection: !reset)
            return true
        }
    }

    // MARK: Copy

    /// `y`: the whole cell under the cursor (read again in full, not the preview), or the frequency table's value.
    private func copyCell(table: TableView) {
        if let frequency {
            guard let entry = frequency.selectedEntry else { return }
            return copy(entry.key.text, what: "value")
        }
        guard let row = table.selectedDatasetRow, let column = table.currentColumnValue else {
            return copy(nil, what: "cell")
        }
        guard case .value(let value) = try? table.dataset.cell(at: row, column: column) else {
            return copy(nil, what: "cell")
        }
        copy(JSONFormatter.cellText(value, maxBytes: Int.max), what: "cell")
    }

    /// `Y`: the record under the cursor as compact JSON (a malformed row as its text).
    private func copyRecord(table: TableView) {
        guard let row = table.selectedDatasetRow, let record = try? table.dataset.record(at: row) else {
            return copy(nil, what: "record")
        }
        switch record.content {
        case .value(let value): copy(JSONFormatter.compact(value), what: "record")
        case .malformed(let text, _): copy(text, what: "record")
        }
    }

    private func copy(_ text: String?, what: String) {
        guard let text else {
            show("nothing to copy: the \(what) is empty", isError: true)
            return
        }
        pendingCopy = text
        let size = ByteCountText.format(UInt64(text.utf8.count))
        show(text.utf8.count > Clipboard.maximumTerminalBytes
             ? "copied the \(what) (\(size)) to Loom's register; too large for the terminal clipboard"
             : "copied the \(what) (\(size))")
    }

    // MARK: Errors

    /// A file that cannot be opened: the whole message, wrapped, where its rows would be.
    func drawOpenError(_ problem: String, name: String, into grid: inout CellGrid, rect: Rect, context: DrawingContext) {
        grid.drawBox(rect, glyphs: context.glyphs, title: name, titleRole: context.focus == .main ? .accent : .title)
        let inner = rect.inset(by: 1)
        grid.put("Cannot show this file", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2, role: .error)
        let lines = TextLayout.wrap(problem, columns: max(1, inner.width - 2), maxLines: max(0, inner.height - 2))
        for (i, line) in lines.enumerated() {
            grid.put(line, x: inner.x + 1, y: inner.y + 2 + i, role: .text)
        }
    }
}
