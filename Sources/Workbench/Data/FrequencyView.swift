import Datasets
import Foundation
import TerminalCore

/// The frequency table of one column (VisiData's `F`): each value with its count, its percent of the rows and a
/// bar, most frequent first, counted by `ColumnFrequency` in the background. Enter on a value filters the table to
/// the rows that hold it.
final class FrequencyView {
    let frequency: ColumnFrequency
    var position = ScrollPosition()
    private var visibleRows = 20
    private var lastProgress: PassProgress?

    init(dataset: Dataset, column: Column) {
        frequency = ColumnFrequency(dataset: dataset, column: column)
    }

    deinit { frequency.cancel() }

    static let keyMap = KeyMap(title: "Frequency table", bindings: KeyMap.movement + [
        KeyBinding([.enter], .filterToValue),
        KeyBinding([.character("y")], .copyCell),
    ])

    func perform(_ command: Command) -> Bool {
        let count = frequency.entries.count
        switch command {
        case .moveUp: position.move(by: -1, count: count, visibleRows: visibleRows)
        case .moveDown: position.move(by: 1, count: count, visibleRows: visibleRows)
        case .pageUp, .halfPageUp: position.move(by: -visibleRows, count: count, visibleRows: visibleRows)
        case .pageDown, .halfPageDown: position.move(by: visibleRows, count: count, visibleRows: visibleRows)
        case .top: position.select(0, count: count, visibleRows: visibleRows)
        case .bottom: position.select(count - 1, count: count, visibleRows: visibleRows)
        case .moveLeft, .moveRight: break
        default: return false
        }
        return true
    }

    /// The entry under the cursor.
    var selectedEntry: ColumnFrequency.Entry? {
        let entries = frequency.entries
        return entries.indices.contains(position.selected) ? entries[position.selected] : nil
    }

    func progressChanged() -> Bool {
        let progress = frequency.progress
        defer { lastProgress = progress }
        return progress != lastProgress
    }

    var title: String {
        let progress = frequency.progress
        let state = progress.isComplete ? "\(frequency.rows) rows" : "\(progress.percentText) of \(progress.rowsTotal)+ rows"
        return "\(frequency.column.name) · frequency · \(frequency.entries.count) values · \(state)"
    }

    func draw(into grid: inout CellGrid, rect: Rect, glyphs: BoxGlyphs, focused: Bool) {
        guard rect.height >= 2 else { return }
        if let failure = frequency.progress.failure {
            for (i, line) in TextLayout.wrap(failure.description, columns: rect.width - 2, maxLines: rect.height).enumerated() {
                grid.put(line, x: rect.x + 1, y: rect.y + i, role: .error)
            }
            return
        }
        visibleRows = rect.height - 1
        let entries = frequency.entries
        let rows = max(1, frequency.rows)
        position.clamp(count: entries.count, visibleRows: visibleRows)
        let countWidth = max(5, String(entries.first?.count ?? 0).count)
        let valueWidth = max(8, min(48, rect.width / 2))
        let barX = rect.x + 1 + valueWidth + 1 + countWidth + 1 + 7 + 1
        let barWidth = max(0, rect.maxX - barX - 1)
        grid.putPadded("", x: rect.x, y: rect.y, width: rect.width, role: .header)
        grid.put("value", x: rect.x + 1, y: rect.y, role: .header)
        grid.put(String(repeating: " ", count: max(0, countWidth - 5)) + "count", x: rect.x + 1 + valueWidth + 1,
                 y: rect.y, role: .header)
        grid.put("percent", x: rect.x + 1 + valueWidth + 1 + countWidth + 1, y: rect.y, role: .header)
        let largest = max(1, entries.first?.count ?? 1)
        for (i, entry) in entries.dropFirst(position.top).prefix(visibleRows).enumerated() {
            let y = rect.y + 1 + i
            let selected = position.top + i == position.selected
            let role: StyleRole = selected ? (focused ? .selection : .highlight) : .text
            grid.putPadded("", x: rect.x, y: y, width: rect.width, role: role)
            let value = entry.key.isMissing ? "(missing)" : SafeText.visible(entry.key.text)
            grid.put(TextLayout.truncate(value, to: valueWidth, ellipsis: glyphs.ellipsis), x: rect.x + 1, y: y,
                     role: entry.key.isMissing && !selected ? .muted : role)
            let count = String(entry.count)
            grid.put(count, x: rect.x + 1 + valueWidth + 1 + countWidth - count.count, y: y, role: role)
            let percent = String(format: "%6.2f%%", 100 * Double(entry.count) / Double(rows))
            grid.put(percent, x: rect.x + 1 + valueWidth + 1 + countWidth + 1, y: y, role: role)
            if barWidth > 0 {
                grid.put(ColumnStatsView.bar(fraction: Double(entry.count) / Double(largest), width: barWidth, glyphs: glyphs),
                         x: barX, y: y, role: selected ? role : .chartPrimary)
            }
        }
        if frequency.otherCount > 0, entries.count - position.top < visibleRows {
            let y = rect.y + 1 + entries.count - position.top
            grid.put("… \(frequency.otherCount) rows with other values (more than \(ColumnFrequency.maximumDistinct) distinct)",
                     x: rect.x + 1, y: y, maxWidth: rect.width - 2, role: .muted)
        }
    }
}
