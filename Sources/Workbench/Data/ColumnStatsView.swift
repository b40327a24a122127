import Datasets
import Foundation
import TerminalCore

/// Statistics of one column (VisiData's Describe and Frequency in one pane): kinds of value, nulls, distinct
/// values, min/max/mean for numbers, a length histogram for text, and the most frequent values. Computed by
/// `ColumnStatistics` in the background; this view draws whatever summary exists so far.
final class ColumnStatsView {
    let statistics: ColumnStatistics
    private var top = 0
    private var visibleRows = 20
    private var lastProgress: StatisticsProgress?

    init(dataset: Dataset, column: Column) {
        statistics = ColumnStatistics(dataset: dataset, column: column)
    }

    deinit { statistics.cancel() }

    static let keyMap = KeyMap(title: "Column statistics", bindings: [
        KeyBinding([.up, .character("k")], .moveUp),
        KeyBinding([.down, .character("j")], .moveDown),
        KeyBinding([.pageUp], .pageUp),
        KeyBinding([.pageDown, .character(" ")], .pageDown),
        KeyBinding([.character("g")], .top),
    ])

    func perform(_ command: Command) -> Bool {
        switch command {
        case .moveUp: top -= 1
        case .moveDown: top += 1
        case .pageUp: top -= visibleRows
        case .pageDown: top += visibleRows
        case .top: top = 0
        default: return false
        }
        top = max(0, top)
        return true
    }

    /// True when the background computation moved on since the last call.
    func progressChanged() -> Bool {
        let progress = statistics.progress
        defer { lastProgress = progress }
        return progress != lastProgress
    }

    var title: String {
        let progress = statistics.progress
        let state = progress.isComplete ? "\(progress.rowsScanned) rows" : "\(Int(progress.fraction * 100))% of \(progress.rowsTotal)+ rows"
        return "\(statistics.column.name) · statistics · \(state)"
    }

    /// The lines of the report: (label, value, bar fraction for histogram rows).
    private func lines(barWidth: Int) -> [(label: String, value: String, bar: Double?)] {
        let summary = statistics.summary
        var lines: [(String, String, Double?)] = []
        lines.append(("rows", "\(summary.rowsScanned)", nil))
        if summary.missing > 0 { lines.append(("missing", "\(summary.missing)", nil)) }
        if summary.malformed > 0 { lines.append(("malformed rows", "\(summary.malformed)", nil)) }
        lines.append(("nulls", "\(summary.nulls)", nil))
        if summary.emptyStrings > 0 { lines.append(("empty strings", "\(summary.emptyStrings)", nil)) }
        lines.append(("distinct", (summary.distinctIsEstimate ? "≈" : "") + "\(summary.distinct)", nil))
        let kinds = summary.kindCounts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
        lines.append(("types", kinds.joined(separator: ", "), nil))
        if let numbers = summary.numbers {
            lines.append(("", "", nil))
            lines.append(("numbers", "\(numbers.count)", nil))
            lines.append(("min", format(numbers.minimum), nil))
            lines.append(("max", format(numbers.maximum), nil))
            lines.append(("mean", format(numbers.mean), nil))
            lines.append(("std dev", format(numbers.standardDeviation), nil))
        }
        if let lengths = summary.lengths {
            lines.append(("", "", nil))
            lines.append(("text length", "min \(lengths.minimum) · mean \(format(lengths.mean)) · max \(lengths.maximum)", nil))
            let largest = max(1, lengths.bins.map(\.count).max() ?? 1)
            for bin in lengths.bins {
                lines.append(("  \(bin.lower)–\(bin.upper)", "\(bin.count)", Double(bin.count) / Double(largest)))
            }
        }
        if !summary.topValues.isEmpty {
            lines.append(("", "", nil))
            lines.append(("top values" + (summary.topValuesAreApproximate ? " (approx.)" : ""), "count", nil))
            let largest = max(1, summary.topValues.first?.count ?? 1)
            for value in summary.topValues {
                lines.append(("  " + value.value, "\(value.count)", Double(value.count) / Double(largest)))
            }
        }
        return lines
    }

    private func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.4g", value)
    }

    func draw(into grid: inout CellGrid, rect: Rect, glyphs: BoxGlyphs) {
        visibleRows = rect.height
        let labelWidth = min(32, rect.width / 2)
        let barWidth = max(0, rect.width - labelWidth - 14)
        let all = lines(barWidth: barWidth)
        top = min(top, max(0, all.count - visibleRows))
        if let failure = statistics.progress.failure {
            grid.put(failure.description, x: rect.x + 1, y: rect.y, maxWidth: rect.width - 2, role: .error)
            return
        }
        for (i, line) in all.dropFirst(top).prefix(rect.height).enumerated() {
            let y = rect.y + i
            let isHeading = !line.label.hasPrefix("  ") && line.bar == nil
            grid.put(TextLayout.truncate(line.label, to: labelWidth - 1, ellipsis: glyphs.ellipsis), x: rect.x + 1, y: y,
                     role: isHeading ? .accent : .text)
            let used = grid.put(line.value, x: rect.x + 1 + labelWidth, y: y, maxWidth: rect.width - labelWidth - 2,
                                role: .text)
            if let bar = line.bar, barWidth > 0 {
                let barText = Self.bar(fraction: bar, width: barWidth, glyphs: glyphs)
                grid.put(barText, x: rect.x + 1 + labelWidth + max(used, 8) + 1, y: y, role: .chartPrimary)
            }
        }
    }

    /// A horizontal bar in eighths of a cell.
    static func bar(fraction: Double, width: Int, glyphs: BoxGlyphs) -> String {
        let eighths = Int((max(0, min(1, fraction)) * Double(width * 8)).rounded())
        var text = String(repeating: glyphs.bars[8], count: eighths / 8)
        if eighths % 8 > 0 { text += glyphs.bars[eighths % 8] }
        if text.isEmpty, fraction > 0 { text = glyphs.bars[1] }
        return text
    }
}
