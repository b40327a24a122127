import Datasets
import TerminalCore

/// One whole record, pretty-printed: `key: value` lines, nested values indented, long text wrapped to the pane.
/// Records larger than `maximumBytes` are shown cut, with a note, so that opening a huge row stays responsive.
final class RecordView {
    let dataset: Dataset
    let row: Int
    private var record: Record?
    private var error: String?
    private var lines: [Line] = []

    private struct Line {
        var key: String = ""
        var text: String
        var role: StyleRole
        var indent: Int
    }
    private var laidOutWidth = -1
    private var top = 0
    private var visibleRows = 20

    static let maximumBytes = 4 << 20

    /// The note above a record shown in part: which values are cut and how big they are (every key is shown; only
    /// a row too big to read whole for a view, see `Dataset.record(at:maxBytes:)`, is shown from its start).
    static func cutSummary(_ record: Record) -> String {
        let limit = ByteCountText.format(UInt64(maximumBytes))
        let sized = record.cuts.compactMap { cut in
            cut.byteCount.map { "\(cut.path.isEmpty ? "the value" : cut.path.joined(separator: ".")) (\(ByteCountText.format(UInt64($0))))" }
        }
        var parts: [String] = []
        if !sized.isEmpty {
            parts.append("Values longer than \(limit) are cut here: " + sized.joined(separator: ", ") + ".")
        }
        if let end = record.cuts.first(where: { $0.byteCount == nil }) {
            let place = end.path.isEmpty ? "" : " inside \(end.path.joined(separator: "."))"
            parts.append("This record (\(ByteCountText.format(UInt64(record.byteCount)))) is shown from its first \(limit), which end\(place); later keys are not shown.")
        }
        return parts.isEmpty ? "This record is larger than \(limit); long values are cut." : parts.joined(separator: " ")
    }

    init(dataset: Dataset, row: Int) {
        self.dataset = dataset
        self.row = row
        do {
            record = try dataset.record(at: row, maxBytes: Self.maximumBytes)
        } catch {
            self.error = "\(error)"
        }
    }

    static let keyMap = KeyMap(title: "Record", bindings: KeyMap.movement + [
        KeyBinding([.enter], .tableView),
        KeyBinding([.character("J")], .nextDataRecord),
        KeyBinding([.character("K")], .previousDataRecord),
        KeyBinding([.character("y")], .copyCell),
        KeyBinding([.character("Y")], .copyRecord),
    ])

    var title: String {
        guard let record else { return "record \(row + 1)" }
        return "record \(row + 1) · file line \(record.line) · \(ByteCountText.format(UInt64(record.byteCount)))"
    }

    func perform(_ command: Command) -> Bool {
        LineScroll.apply(command, top: &top, lineCount: lines.count, visibleRows: visibleRows)
    }

    private func layOut(width: Int) {
        laidOutWidth = width
        lines = []
        guard let record else {
            lines = [Line(text: error ?? "cannot read this row", role: .error, indent: 0)]
            return
        }
        if record.isTruncated {
            lines.append(Line(text: Self.cutSummary(record), role: .warning, indent: 0))
        }
        switch record.content {
        case .malformed(let text, let problem):
            lines.append(Line(text: "Malformed at line \(record.line): \(problem)", role: .malformed, indent: 0))
            lines.append(Line(text: "", role: .text, indent: 0))
            for line in TextLayout.wrap(text, columns: max(1, width), maxLines: 50_000) {
                lines.append(Line(text: line, role: .text, indent: 0))
            }
        case .value(let value):
            var entries: [(indent: Int, key: String?, text: String)] = []
            ValueText.pretty(value, into: &entries)
            for entry in entries {
                let label = entry.key.map { "\($0): " } ?? ""
                let available = max(10, width - entry.indent)
                if DisplayWidth.of(label) + DisplayWidth.of(SafeText.visible(entry.text.prefix(available))) <= available,
                   !entry.text.contains("\n") {
                    lines.append(Line(key: label, text: entry.text, role: .text, indent: entry.indent))
                } else {
                    lines.append(Line(key: label, text: "", role: .text, indent: entry.indent))
                    for wrapped in TextLayout.wrap(entry.text, columns: max(1, available - 2), maxLines: 200_000) {
                        lines.append(Line(text: wrapped, role: .text, indent: entry.indent + 2))
                    }
                }
            }
        }
    }

    func draw(into grid: inout CellGrid, rect: Rect) {
        if laidOutWidth != rect.width - 2 { layOut(width: rect.width - 2) }
        visibleRows = rect.height
        top = max(0, min(top, max(0, lines.count - visibleRows)))
        for (i, line) in lines.dropFirst(top).prefix(rect.height).enumerated() {
            let x = rect.x + 1 + line.indent
            let used = grid.put(line.key, x: x, y: rect.y + i, maxWidth: rect.maxX - x, role: .accent)
            grid.put(line.text, x: x + used, y: rect.y + i, maxWidth: rect.maxX - x - used, role: line.role)
        }
    }

    var scrollText: String {
        lines.isEmpty ? "" : "\(min(lines.count, top + 1))–\(min(lines.count, top + visibleRows)) of \(lines.count) lines"
    }
}
