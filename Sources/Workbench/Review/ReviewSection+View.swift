import Datasets
import Foundation
import TerminalCore

/// Drawing the Review section: the datasets on the left, the overview and the sorted list (or the record pane) on
/// the right, and the status line.
extension ReviewSection {
    func drawSidebar(into grid: inout CellGrid, rect: Rect, context: DrawingContext) {
        let focused = context.focus == .sidebar
        grid.drawBox(rect, glyphs: context.glyphs, title: "Review", titleRole: focused ? .accent : .title)
        let inner = rect.inset(by: 1)
        if entries.isEmpty {
            grid.put("No datasets here.", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: .muted)
            grid.put(": review PATH [FIELD]", x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 1, role: .muted)
            return
        }
        let marker = context.unicode ? "▸ " : "> "
        var position = sidebarState
        TwoLineList.draw(into: &grid, rect: inner, position: &position, count: entries.count, focused: focused) { i in
            let entry = entries[i]
            let isOpen = session?.path == entry.path
            var detail = "  " + entry.formatName
            if isOpen, let session {
                let c = session.counts
                detail = session.isScoring ? "  scoring…" : "  \(c.flagged) flagged · \(c.keep + c.drop + c.unsure) decided"
            }
            return .init(title: (isOpen ? marker : "  ") + entry.name, detail: detail)
        }
        sidebarState = position
    }

    func drawMain(into grid: inout CellGrid, rect: Rect, context: DrawingContext) -> (x: Int, y: Int)? {
        let focused = context.focus == .main
        guard let session else {
            grid.drawBox(rect, glyphs: context.glyphs, title: "Review", titleRole: .title)
            let lines = ["No dataset open for review.", "",
                         "Pick one on the left (Enter), or `: review PATH [FIELD]`. Its text column is scored for",
                         "machine-generated text in the background; flagged records are listed by score, and",
                         "k / d / u keep, drop or mark them unsure (z undoes). Decisions are kept beside the",
                         "dataset in .loom/review/; the dataset itself is never written.",
                         "Headless: loom review DATASET --export-kept OUT.jsonl"]
            for (i, line) in lines.enumerated() {
                grid.put(line, x: rect.x + 2, y: rect.y + 2 + i, maxWidth: rect.width - 4, role: i == 0 ? .text : .muted)
            }
            return nil
        }
        var title = "Review: \(session.name)"
        if let pane = recordPane, let at = session.list.firstIndex(of: pane.index) {
            title += " · record \(at + 1) of \(session.list.count)"
        }
        grid.drawBox(rect, glyphs: context.glyphs, title: title, titleRole: focused ? .accent : .title)
        let inner = rect.inset(by: 1)
        listWidth = inner.width - 2
        if let pane = recordPane {
            // A short overview above the record: the progress line, and the threshold when it is being moved.
            grid.put(ReviewOverview.progressLine(session), x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2, role: .muted)
            if let warning = session.simpleEnglish?.warning {
                grid.put((context.unicode ? "⚠ " : "! ") + warning, x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 2,
                         role: .warning)
            }
            let top = inner.y + (session.simpleEnglish?.warning == nil ? 1 : 2)
            grid.put(String(repeating: context.glyphs.horizontal, count: max(0, inner.width)), x: inner.x, y: top, role: .border)
            pane.draw(into: &grid, rect: Rect(x: inner.x, y: top + 1, width: inner.width, height: inner.maxY - top - 1),
                      session: session)
            return nil
        }
        let listTop = ReviewOverview.draw(session, into: &grid, rect: inner, context: context,
                                          thresholdMode: thresholdBeforeMove != nil)
        drawList(session, into: &grid, rect: Rect(x: inner.x, y: listTop, width: inner.width, height: inner.maxY - listTop),
                 focused: focused)
        return nil
    }

    private func drawList(_ session: ReviewSession, into grid: inout CellGrid, rect: Rect, focused: Bool) {
        guard rect.height >= 2 else { return }
        let header = "score   words  decision  line    text"
        grid.put(header, x: rect.x + 1, y: rect.y, maxWidth: rect.width - 2, role: .header)
        let shown = session.list
        let rows = rect.height - 1
        listRows = rows
        session.position.clamp(count: shown.count, visibleRows: rows)
        if shown.isEmpty {
            let why = session.items.isEmpty ? "no records read yet" : "no records match the list's filter (f, v, F change it)"
            grid.put(why, x: rect.x + 1, y: rect.y + 1, maxWidth: rect.width - 2, role: .muted)
            return
        }
        for (row, index) in shown.dropFirst(session.position.top).prefix(rows).enumerated() {
            let item = session.items[index]
            let y = rect.y + 1 + row
            let selected = session.position.top + row == session.position.selected
            let standing = item.standing(under: session.rule)
            let score: String
            switch standing {
            case .skipped: score = "error"
            case .abstained: score = "abst."
            case .pending: score = "…"
            default: score = item.probability(under: session.rule).map(ReviewFormat.probability) ?? "…"
            }
            let v = session.verdict(of: item)
            let decision = v.stale ? "stale" : v.verdict == .undecided ? "·" : v.verdict.rawValue
            let note = v.decision?.note == nil || v.stale ? " " : "*"
            let first = item.record.head.isEmpty ? (item.skipped ?? item.record.problem ?? "") : item.record.head
            let columns = score.padding(toLength: 7, withPad: " ", startingAt: 0) + " "
                + String(item.record.words).leftPadded(5) + "  "
                + (decision + note).padding(toLength: 9, withPad: " ", startingAt: 0) + " "
                + String(item.line).leftPadded(5) + "   "
            let role: StyleRole = selected ? (focused ? .selection : .highlight) : .text
            grid.putPadded("", x: rect.x, y: y, width: rect.width, role: role)
            let used = grid.put(columns, x: rect.x + 1, y: y, maxWidth: rect.width - 2,
                                role: selected ? role : standing == .flagged ? .flagged : v.stale ? .warning : .text)
            // The first words on one line: newlines and tabs shown as spaces.
            let flat = String(first.prefix(400)).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
            grid.put(flat, x: rect.x + 1 + used, y: y, maxWidth: rect.width - 2 - used, role: selected ? role : .muted)
        }
    }

    func status(focus: Focus) -> SectionStatus {
        if let prompt {
            let label: String
            switch prompt.kind {
            case .search: label = "search texts: "
            case .note: label = "note: "
            case .exportKept: label = "export kept records to: "
            case .exportUnflagged: label = "export kept + unflagged undecided to: "
            case .exportLog: label = "export decision log to: "
            }
            return SectionStatus(mode: "REVIEW", location: "", prompt: (prompt.editor, label))
        }
        guard let session else { return SectionStatus(mode: "REVIEW", location: "Review") }
        if thresholdBeforeMove != nil {
            return SectionStatus(mode: "THRESHOLD", location: "←/→ move · H/L ×10 · 0 default · Enter keeps · Esc restores")
        }
        var location = "\(session.name) · \(session.field)"
        if let index = recordPane?.index ?? session.selectedIndex { location += " · line \(session.items[index].line)" }
        return SectionStatus(mode: "REVIEW", location: location)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
