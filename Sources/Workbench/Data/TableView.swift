import Foundation
import Datasets
import TerminalCore

/// A dataset as a table: one row per record, columns inferred from the first records (nested keys as dotted
/// names), a record-number gutter, horizontal scrolling by column. Only the rows on screen are read, as previews
/// whose long values are cut to a few kilobytes (every key kept; a cut cell says so), and each is read once, so a
/// 1 GB file or a 50 MB record stays quick to scroll.
///
/// What it shows may be a view of the file: `rows` maps the table's rows to the file's (a sort or a filter, see
/// `TableQuery`); the file itself is never touched.
final class TableView {
    let dataset: Dataset
    private(set) var schema = ColumnSchema(columns: [])
    private(set) var widths = ColumnWidths()
    var position = ScrollPosition()
    /// The column under the cursor (for column search, statistics, sort, filter and copy).
    private(set) var currentColumn = 0
    /// The first column drawn (horizontal scroll).
    private(set) var firstColumn = 0
    /// Rows the last frame had room for.
    private(set) var visibleRows = 20
    /// Text to highlight in cells (the active search).
    var highlight: String?
    /// The token-count columns (`#`), drawn after the row numbers while set.
    var tokenCounts: TokenCounts?
    /// The last read error, for the status bar.
    private(set) var readError: String?
    /// The file's rows in the order shown, when sorted or filtered; nil shows every row in file order.
    private(set) var rows: [Int]?

    private var previews: [Int: Record] = [:]
    private var schemaRows = 0

    /// How much of a record a table row reads.
    static let previewBytes = 16 << 10

    init(dataset: Dataset) {
        self.dataset = dataset
    }

    /// Rows in the table (the view's rows when sorted or filtered).
    var rowCount: Int { rows?.count ?? dataset.rowCount }

    /// The file's row shown at table row `row`.
    func datasetRow(_ row: Int) -> Int { rows.map { $0.indices.contains(row) ? $0[row] : row } ?? row }

    /// The file's row under the cursor, when there is one.
    var selectedDatasetRow: Int? {
        rowCount > 0 ? datasetRow(min(position.selected, rowCount - 1)) : nil
    }

    /// Shows `rows` (a view) or every row; the cursor goes to the top, or stays on its record when `keepSelection`.
    func setRows(_ rows: [Int]?, keepSelection: Bool) {
        let selected = selectedDatasetRow
        self.rows = rows
        if keepSelection, let selected {
            let target = rows.map { $0.firstIndex(of: selected) ?? min(position.selected, max(0, $0.count - 1)) } ?? selected
            position.select(target, count: rowCount, visibleRows: visibleRows)
        } else {
            position = ScrollPosition()
        }
    }

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
            // Through the preview cache: a sample of huge rows is read once, not on every refresh.
            if let record = try? cachedPreview(datasetRow: row) { records.append(record) }
        }
        // Rows that cannot be read (the file was deleted or truncated) must not wipe the columns already shown.
        guard !records.isEmpty || schema.columns.isEmpty else { return }
        schema = ColumnSchema.infer(from: records, declared: dataset.declaredColumns)
        var typical: [Int] = []
        var natural: [Int] = []
        for column in schema.columns {
            var seen = records.compactMap { $0.value.flatMap { schema.value(of: column, in: $0) } }
                .map { Self.displayWidth(of: $0) }
            seen.sort()
            // The 90th percentile, so that one long value does not make a column too wide for the rest.
            let p90 = seen.isEmpty ? 0 : seen[min(seen.count - 1, seen.count * 9 / 10)]
            let name = DisplayWidth.of(column.name)
            typical.append(min(ColumnWidths.maximumTypical, max(ColumnWidths.minimum, name, p90)))
            natural.append(max(ColumnWidths.minimum, name, seen.last ?? 0))
        }
        widths.reset(typical: typical, natural: natural)
        schemaRows = available
        currentColumn = min(currentColumn, max(0, schema.columns.count - 1))
    }

    private static func displayWidth(of value: JSONValue) -> Int {
        let text = JSONFormatter.cellText(value, maxBytes: ColumnWidths.maximumNatural * 4)
        return min(ColumnWidths.maximumNatural, DisplayWidth.of(SafeText.visible(text)))
    }

    /// Forgets cached previews (the file changed, or rows far away were visited).
    func dropPreviews() { previews.removeAll(keepingCapacity: true) }

    /// The preview of the record at table row `row`.
    func preview(row: Int) -> Record? {
        do {
            let record = try cachedPreview(datasetRow: datasetRow(row))
            readError = nil
            return record
        } catch {
            readError = "\(error)"
            return nil
        }
    }

    /// The preview of the file's row `row`, read once and then kept (up to 4096 rows).
    private func cachedPreview(datasetRow row: Int) throws -> Record {
        if let cached = previews[row] { return cached }
        let record = try dataset.record(at: row, maxBytes: Self.previewBytes)
        if previews.count > 4096 { previews.removeAll(keepingCapacity: true) }
        previews[row] = record
        return record
    }

    // MARK: Commands

    static let keyMap = KeyMap(title: "Table", bindings: KeyMap.movement + [
        KeyBinding([.enter], .recordView),
        KeyBinding([.character("/")], .search),
        KeyBinding([.character("|")], .searchColumn),
        KeyBinding([.character("n")], .nextMatch),
        KeyBinding([.character("N")], .previousMatch),
        KeyBinding([.character("\"")], .filterToSearch),
        KeyBinding([.character("[")], .sortAscending),
        KeyBinding([.character("]")], .sortDescending),
        KeyBinding([.character("F")], .frequency),
        KeyBinding([.character("s")], .columnStats),
        KeyBinding([.character("-")], .hideColumn),
        KeyBinding([.character("g"), .character("v")], .unhideColumns),
        KeyBinding([.character("_")], .fitColumn),
        KeyBinding([.character("<")], .narrowColumn),
        KeyBinding([.character(">")], .widenColumn),
        KeyBinding([.character("y")], .copyCell),
        KeyBinding([.character("Y")], .copyRecord),
        KeyBinding([.character("#")], .tokenCounts),
    ])

    /// Applies a movement or column command; false when the command is not the table's.
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
        case .moveLeft: currentColumn = widths.visibleColumns.last { $0 < currentColumn } ?? currentColumn
        case .moveRight: currentColumn = widths.visibleColumns.first { $0 > currentColumn } ?? currentColumn
        case .fitColumn: if widths.count > currentColumn { widths.toggleFit(currentColumn) }
        case .narrowColumn: if widths.count > currentColumn { widths.adjust(currentColumn, by: -2) }
        case .widenColumn: if widths.count > currentColumn { widths.adjust(currentColumn, by: 2) }
        default: return false
        }
        return true
    }

    /// Hides the current column; false when it is the last one shown.
    func hideCurrentColumn() -> Bool {
        guard widths.visibleColumns.count > 1, widths.count > currentColumn else { return false }
        widths.hide(currentColumn)
        currentColumn = widths.visibleColumns.first { $0 > currentColumn }
            ?? widths.visibleColumns.last { $0 < currentColumn } ?? 0
        return true
    }

    func unhideAllColumns() { widths.unhideAll() }

    func select(row: Int) {
        position.select(row, count: rowCount, visibleRows: visibleRows)
    }

    /// Puts the cursor on the column named `name`; false when there is none.
    @discardableResult
    func selectColumn(named name: String) -> Bool {
        guard let index = schema.columns.firstIndex(where: { $0.name == name }) else { return false }
        if !widths.isVisible(index) { widths.unhideAll() }
        currentColumn = index
        return true
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
            } else if rows != nil {
                message = "No rows match."
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

        // The gutter shows record numbers (1-based rows of the file), as wide as the largest one on screen.
        let shown = position.top..<min(count, position.top + visibleRows)
        let largest = shown.map { datasetRow($0) + 1 }.max() ?? 1
        let gutter = String(largest).count + 1
        // Two columns of token counts after the row numbers, when on: tokens, and tokens that carry loss.
        let countWidth = 7
        let countsX = rect.x + gutter + 1
        let bodyX = countsX + (tokenCounts == nil ? 0 : 2 * (countWidth + 1))
        let bodyWidth = rect.maxX - bodyX

        measureVisibleRows(shown)
        ensureCurrentColumnVisible(width: bodyWidth)
        let layout = widths.layout(first: firstColumn, width: bodyWidth)

        // Header.
        grid.putPadded("", x: rect.x, y: rect.y, width: rect.width, role: .header)
        grid.put("#", x: rect.x, y: rect.y, maxWidth: gutter, role: .muted)
        if tokenCounts != nil {
            for (i, title) in ["tokens", "trained"].enumerated() {
                let x = countsX + i * (countWidth + 1)
                grid.put(title, x: x + countWidth - title.count, y: rect.y, maxWidth: countWidth, role: .header)
            }
        }
        for (column, x, width) in layout {
            let role: StyleRole = column == currentColumn && focused ? .accent : .header
            grid.putPadded(TextLayout.truncate(schema.columns[column].name, to: width, ellipsis: glyphs.ellipsis),
                           x: bodyX + x, y: rect.y, width: width, role: role)
        }

        for row in shown {
            let y = rect.y + 1 + row - position.top
            let selected = row == position.selected
            let baseRole: StyleRole = selected ? (focused ? .selection : .highlight) : .text
            grid.putPadded("", x: rect.x, y: y, width: rect.width, role: baseRole)
            grid.put(String(datasetRow(row) + 1), x: rect.x, y: y, maxWidth: gutter, role: selected ? baseRole : .muted)
            if let tokenCounts {
                let count = tokenCounts.count(row: datasetRow(row))
                for (i, value) in [count.tokens, count.trained].enumerated() {
                    let text = TokenCounts.text(value)
                    let x = countsX + i * (countWidth + 1)
                    let role: StyleRole = selected ? baseRole : (value < 0 ? .muted : (i == 1 && value == 0 ? .warning : .text))
                    grid.put(text, x: x + max(0, countWidth - text.count), y: y, maxWidth: countWidth, role: role)
                }
            }
            guard let record = preview(row: row) else {
                grid.put(readError ?? "cannot read row \(datasetRow(row) + 1)", x: bodyX, y: y, maxWidth: bodyWidth,
                         role: .error)
                continue
            }
            switch record.content {
            case .malformed(let text, let problem):
                let shown = "malformed (line \(record.line): \(problem)) " + text.prefix(bodyWidth)
                grid.put(shown, x: bodyX, y: y, maxWidth: bodyWidth, role: selected ? baseRole : .malformed)
            case .value(let value):
                for (column, x, width) in layout {
                    guard let cell = schema.value(of: schema.columns[column], in: value) else { continue }
                    let path = value.kind == .object ? schema.columns[column].path : []
                    drawCell(cell, into: &grid, x: bodyX + x, y: y, width: width, selected: selected,
                             baseRole: baseRole, glyphs: glyphs, cut: record.cut(at: path))
                }
            }
        }
    }

    /// One cell: numbers right-aligned, nulls muted, the search text highlighted where it occurs. A value the
    /// preview holds only in part (`cut`: a huge string) ends with a note saying so and how big it is.
    private func drawCell(_ cell: JSONValue, into grid: inout CellGrid, x: Int, y: Int, width: Int, selected: Bool,
                          baseRole: StyleRole, glyphs: BoxGlyphs, cut: JSONCut? = nil) {
        var width = width
        if let cut {
            let note = Self.cutNote(cut, width: width)
            let noteWidth = DisplayWidth.of(note)
            grid.put(note, x: x + width - noteWidth, y: y, maxWidth: noteWidth, role: selected ? baseRole : .warning)
            width -= noteWidth
            guard width > 0 else { return }
        }
        let text = TextLayout.truncate(SafeText.visible(JSONFormatter.cellText(cell, maxBytes: width * 4 + 4)),
                                       to: width, ellipsis: glyphs.ellipsis)
        var role: StyleRole = selected ? baseRole : .text
        if case .null = cell, !selected { role = .muted }
        var start = x
        if case .number = cell { start = x + max(0, width - DisplayWidth.of(text)) }
        grid.put(text, x: start, y: y, maxWidth: width - (start - x), role: role)
        guard let highlight, !highlight.isEmpty,
              let range = text.range(of: highlight, options: [.caseInsensitive, .diacriticInsensitive]) else { return }
        let offset = DisplayWidth.of(text[..<range.lowerBound])
        guard offset < width - (start - x) else { return }
        grid.put(text[range], x: start + offset, y: y, maxWidth: width - (start - x) - offset,
                 role: selected ? .accent : .highlight)
    }

    /// The note at the end of a cut cell: ` [cut: 10.0 MB]`, shorter in a narrow column.
    static func cutNote(_ cut: JSONCut, width: Int) -> String {
        let full = cut.byteCount.map { " [cut: \(ByteCountText.format(UInt64($0)))]" } ?? " [cut]"
        if DisplayWidth.of(full) + 4 <= width { return full }
        return width >= 6 ? " [cut]" : "*"
    }

    /// Lets columns grow (never shrink, so the table does not jitter while scrolling) to values on screen that are
    /// longer than those of the sample that set the widths.
    private func measureVisibleRows(_ rows: Range<Int>) {
        for row in rows {
            guard let value = preview(row: row)?.value else { continue }
            for (index, column) in schema.columns.enumerated() {
                guard let cell = schema.value(of: column, in: value) else { continue }
                widths.saw(width: Self.displayWidth(of: cell), in: index)
            }
        }
    }

    private func ensureCurrentColumnVisible(width: Int) {
        guard !schema.columns.isEmpty else { return }
        if !widths.isVisible(currentColumn) {
            currentColumn = widths.visibleColumns.first { $0 > currentColumn } ?? widths.visibleColumns.last ?? 0
        }
        if currentColumn < firstColumn { firstColumn = currentColumn }
        while firstColumn < currentColumn {
            let used = widths.visibleColumns.filter { $0 >= firstColumn && $0 <= currentColumn }
                .reduce(0) { $0 + widths.width(of: $1) + 1 }
            if used <= width { break }
            firstColumn = widths.visibleColumns.first { $0 > firstColumn } ?? currentColumn
        }
    }
}
