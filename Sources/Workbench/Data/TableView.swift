import Foundation
import Datasets
import TerminalCore

/// A dataset as a table: one row per record, columns inferred from the first records (nested keys as dotted
/// names), a line-number gutter, horizontal scrolling by column. Only the rows on screen are read, as previews
/// cut to a few kilobytes, so a 1 GB file or a 50 MB record draws as fast as a small one.
final class TableView {
    let dataset: Dataset
    private(set) var schema = ColumnSchema(columns: [])
    private var columnWidths: [Int] = []
    var position = ScrollPosition()
    /// The column under the cursor (for column search and statistics).
    private(set) var currentColumn = 0
    /// The first column drawn (horizontal scroll).
    private(set) var firstColumn = 0
    /// Rows the last frame had room for.
    private(set) var visibleRows = 20
    /// Text to highlight in cells (the active search).
    var highlight: String?
    /// The last read error, for the status bar.
    private(set) var readError: String?

    private var previews: [Int: Record] = [:]
    private var schemaRows = 0

    /// How much of a record a table row reads.
    static let previewBytes = 16 << 10
    static let minimumColumnWidth = 4
    static let maximumColumnWidth = 40

    init(dataset: Dataset) {
        self.dataset = dataset
    }

    var rowCount: Int { dataset.rowCount }

    var currentColumnName: String? {
        schema.columns.indices.contains(currentColumn) ? schema.columns[currentColumn].name : nil
    }

    var currentColumnValue: Column? {
        schema.columns.indices.contains(currentColumn) ? schema.columns[currentColumn] : nil
    }

    /// Infers the columns once the first rows are readable, and again while the sample is still growing.
    func refreshSchemaIfNeeded() {
        let available = min(dataset.rowCount, 200)
        guard available > schemaRows || (schema.columns.isEmpty && !dataset.declaredColumns.isEmpty) else { return }
        var records: [Record] = []
        for row in 0..<available {
            if let record = try? dataset.record(at: row, maxBytes: Self.previewBytes) { records.append(record) }
        }
        // Rows that cannot be read (the file was deleted or truncated) must not wipe the columns already shown.
        guard !records.isEmpty || schema.columns.isEmpty else { return }
        schema = ColumnSchema.infer(from: records, declared: dataset.declaredColumns)
        columnWidths = schema.columns.map { column in
            var widths = records.compactMap { $0.value.flatMap { schema.value(of: column, in: $0) } }
                .map { DisplayWidth.of(SafeText.visible(JSONFormatter.cellText($0, maxBytes: Self.maximumColumnWidth * 4))) }
            widths.sort()
            // The 90th percentile, so that one long value does not make a column too wide for the rest.
            let typical = widths.isEmpty ? 0 : widths[min(widths.count - 1, widths.count * 9 / 10)]
            return min(Self.maximumColumnWidth, max(Self.minimumColumnWidth, DisplayWidth.of(column.name), typical))
        }
        schemaRows = available
        currentColumn = min(currentColumn, max(0, schema.columns.count - 1))
    }

    /// Forgets cached previews (the file changed, or rows far away were visited).
    func dropPreviews() { previews.removeAll(keepingCapacity: true) }

    func preview(row: Int) -> Record? {
        if let cached = previews[row] { return cached }
        do {
            let record = try dataset.record(at: row, maxBytes: Self.previewBytes)
            if previews.count > 4096 { previews.removeAll(keepingCapacity: true) }
            previews[row] = record
            readError = nil
            return record
        } catch {
            readError = "\(error)"
            return nil
        }
    }

    // MARK: Commands

    static let keyMap = KeyMap(title: "Table", bindings: KeyMap.movement + [
        KeyBinding([.enter], .recordView),
        KeyBinding([.character("/")], .search),
        KeyBinding([.character("|")], .searchColumn),
        KeyBinding([.character("n")], .nextMatch),
        KeyBinding([.character("N")], .previousMatch),
        KeyBinding([.character("s"), .character("F")], .columnStats),
    ])

    /// Applies a movement command; false when the command is not the table's.
    func perform(_ command: Command) -> Bool {
        refreshSchemaIfNeeded()
        let count = rowCount
        switch command {
        case .moveUp: position.move(by: -1, count: count, visibleRows: visibleRows)
        case .moveDown: position.move(by: 1, count: count, visibleRows: visibleRows)
        case .pageUp: position.move(by: -visibleRows, count: count, visibleRows: visibleRows)
        case .pageDown: position.move(by: visibleRows, count: count, visibleRows: visibleRows)
        case .halfPageUp: position.move(by: -visibleRows / 2, count: count, visibleRows: visibleRows)
        case .halfPageDown: position.move(by: visibleRows / 2, count: count, visibleRows: visibleRows)
        case .top: position.select(0, count: count, visibleRows: visibleRows)
        case .bottom: position.select(count - 1, count: count, visibleRows: visibleRows)
        case .moveLeft: currentColumn = max(0, currentColumn - 1)
        case .moveRight: currentColumn = min(max(0, schema.columns.count - 1), currentColumn + 1)
        default: return false
        }
        return true
    }

    func select(row: Int) {
        position.select(row, count: rowCount, visibleRows: visibleRows)
    }

    // MARK: Drawing

    func draw(into grid: inout CellGrid, rect: Rect, glyphs: BoxGlyphs, focused: Bool) {
        refreshSchemaIfNeeded()
        guard rect.height >= 2, rect.width >= 8 else { return }
        visibleRows = rect.height - 1
        let count = rowCount
        position.clamp(count: count, visibleRows: visibleRows)

        if count == 0 {
            let progress = dataset.progress
            let message: String
            if let failure = progress.failure {
                message = failure.description
            } else if progress.isComplete {
                message = "This file has no rows."
            } else {
                message = "Reading…"
            }
            for (i, line) in TextLayout.wrap(message, columns: rect.width - 2, maxLines: rect.height).enumerated() {
                grid.put(line, x: rect.x + 1, y: rect.y + i, role: progress.failure == nil ? .muted : .error)
            }
            return
        }

        // A file that was deleted, replaced or truncated under us: say so once, in full, instead of row by row.
        if preview(row: position.top) == nil, let readError {
            let lines = TextLayout.wrap(readError, columns: rect.width - 2, maxLines: rect.height)
            for (i, line) in lines.enumerated() {
                grid.put(line, x: rect.x + 1, y: rect.y + i, role: .error)
            }
            return
        }

        // The gutter shows source line numbers, as wide as the largest one on screen.
        let lastRow = min(count, position.top + visibleRows) - 1
        let lastLine = preview(row: lastRow)?.line ?? lastRow + 1
        let gutter = String(lastLine).count + 1
        let bodyX = rect.x + gutter + 1
        let bodyWidth = rect.maxX - bodyX

        growColumnsToFitVisibleRows(count: count)
        ensureCurrentColumnVisible(width: bodyWidth)
        let layout = columnLayout(width: bodyWidth)

        // Header.
        grid.putPadded("", x: rect.x, y: rect.y, width: rect.width, role: .header)
        grid.put("#", x: rect.x, y: rect.y, maxWidth: gutter, role: .muted)
        for (column, x, width) in layout {
            let role: StyleRole = column == currentColumn && focused ? .accent : .header
            grid.putPadded(TextLayout.truncate(schema.columns[column].name, to: width, ellipsis: glyphs.ellipsis),
                           x: bodyX + x, y: rect.y, width: width, role: role)
        }

        for screenRow in 0..<visibleRows {
            let row = position.top + screenRow
            let y = rect.y + 1 + screenRow
            guard row < count else { break }
            let selected = row == position.selected
            let baseRole: StyleRole = selected ? (focused ? .selection : .highlight) : .text
            grid.putPadded("", x: rect.x, y: y, width: rect.width, role: baseRole)
            guard let record = preview(row: row) else {
                grid.put(readError ?? "cannot read row \(row + 1)", x: bodyX, y: y, maxWidth: bodyWidth, role: .error)
                continue
            }
            grid.put(String(record.line), x: rect.x, y: y, maxWidth: gutter, role: selected ? baseRole : .muted)
            switch record.content {
            case .malformed(let text, let problem):
                let shown = "malformed (line \(record.line): \(problem)) " + text.prefix(bodyWidth)
                grid.put(shown, x: bodyX, y: y, maxWidth: bodyWidth, role: selected ? baseRole : .malformed)
            case .value(let value):
                for (column, x, width) in layout {
                    guard let cell = schema.value(of: schema.columns[column], in: value) else { continue }
                    let text = JSONFormatter.cellText(cell, maxBytes: width * 4 + 4)
                    let role: StyleRole
                    if selected {
                        role = baseRole
                    } else if case .null = cell {
                        role = .muted
                    } else if let highlight, !highlight.isEmpty, text.localizedCaseInsensitiveContains(highlight) {
                        role = .highlight
                    } else {
                        role = .text
                    }
                    grid.put(TextLayout.truncate(text, to: width, ellipsis: glyphs.ellipsis),
                             x: bodyX + x, y: y, maxWidth: width, role: role)
                }
            }
        }
    }

    /// Widens columns (never narrows them, so the table does not jitter while scrolling) when the rows on screen
    /// hold longer values than the sample that set the widths, up to `maximumColumnWidth`.
    private func growColumnsToFitVisibleRows(count: Int) {
        let rows = position.top..<min(count, position.top + visibleRows)
        for row in rows {
            guard let value = preview(row: row)?.value else { continue }
            for (index, column) in schema.columns.enumerated() where columnWidths[index] < Self.maximumColumnWidth {
                guard let cell = schema.value(of: column, in: value) else { continue }
                let text = JSONFormatter.cellText(cell, maxBytes: Self.maximumColumnWidth * 4)
                let width = min(Self.maximumColumnWidth, DisplayWidth.of(SafeText.visible(text)))
                if width > columnWidths[index] { columnWidths[index] = width }
            }
        }
    }

    /// The columns that fit, starting at `firstColumn`: (column index, x offset, width).
    private func columnLayout(width: Int) -> [(Int, Int, Int)] {
        var result: [(Int, Int, Int)] = []
        var x = 0
        var column = firstColumn
        while column < schema.columns.count, x < width {
            let w = min(columnWidths[column], width - x)
            result.append((column, x, w))
            x += w + 1
            column += 1
        }
        return result
    }

    private func ensureCurrentColumnVisible(width: Int) {
        guard !schema.columns.isEmpty else { return }
        if currentColumn < firstColumn { firstColumn = currentColumn }
        while firstColumn < currentColumn {
            let used = columnWidths[firstColumn...currentColumn].reduce(0) { $0 + $1 + 1 }
            if used <= width { break }
            firstColumn += 1
        }
    }
}
