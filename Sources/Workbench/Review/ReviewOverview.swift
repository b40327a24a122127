import Foundation
import TerminalCore

/// The top of the Review section: scoring progress, the simple-English warning, the histogram of scores with the
/// threshold drawn on it, the threshold with what is known of its false-positive rate, the counts, and the filter.
/// The sorted list of records fills the rest.
enum ReviewOverview {
    static let histogramRows = 6

    /// Draws the overview from `rect.y`; returns the first row left for the list.
    static func draw(_ session: ReviewSession, into grid: inout CellGrid, rect: Rect, context: DrawingContext,
                     thresholdMode: Bool) -> Int {
        var y = rect.y
        let x = rect.x + 1, width = rect.width - 2
        func put(_ text: String, _ role: StyleRole = .text) {
            guard y < rect.maxY else { return }
            grid.put(text, x: x, y: y, maxWidth: width, role: role)
            y += 1
        }

        put(progressLine(session), session.scoringError == nil ? .muted : .warning)
        if let warning = session.simpleEnglish?.warning { put((context.unicode ? "⚠ " : "! ") + warning, .warning) }

        if let range = session.statisticRange, let rule = session.rule, width >= 20 {
            let bins = session.histogram(bins: width, range: range)
            let peak = max(1, bins.max() ?? 1)
            let binWidth = (range.upperBound - range.lowerBound) / Double(width)
            let thresholdColumn = min(width - 1, max(0, Int((rule.threshold - range.lowerBound) / binWidth)))
            let levels = context.unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ".", ":", ":", "|", "|", "#", "#"]
            for row in 0..<histogramRows where y < rect.maxY {
                let fromTop = histogramRows - 1 - row
                for column in 0..<width {
                    let machineSide = rule.isMachine(range.lowerBound + (Double(column) + 0.5) * binWidth)
                    let height = Double(bins[column]) / Double(peak) * Double(histogramRows)
                    let fill = min(8, max(0, Int(((height - Double(fromTop)) * 8).rounded())))
                    var glyph = levels[fill]
                    var role: StyleRole = machineSide ? .flagged : .chartPrimary
                    if bins[column] > 0 && fromTop == 0 && fill == 0 { glyph = levels[1] }
                    if column == thresholdColumn && glyph == " " {
                        glyph = context.unicode ? "│" : "|"
                        role = thresholdMode ? .accent : .warning
                    }
                    grid.put(glyph, x: x + column, y: y, role: role)
                }
                y += 1
            }
            // The axis: both ends and the threshold's place.
            if y < rect.maxY {
                let low = ReviewFormat.statistic(range.lowerBound), high = ReviewFormat.statistic(range.upperBound)
                let marker = (context.unicode ? "▲ " : "^ ") + session.method.statisticName
                let markerX = min(max(x + thresholdColumn, x), x + width - marker.count)
                // The ends are labelled where the threshold's marker leaves room.
                if markerX > x + low.count { grid.put(low, x: x, y: y, role: .muted) }
                if markerX + marker.count < x + width - high.count { grid.put(high, x: x + width - high.count, y: y, role: .muted) }
                grid.put(marker, x: markerX, y: y, role: thresholdMode ? .accent : .warning)
                y += 1
            }
            put("threshold \(session.method.statisticName) \(ReviewFormat.statistic(rule.threshold)) "
                + "(P(machine) \(ReviewFormat.probability(rule.probability(rule.threshold))))"
                + (thresholdMode ? "" : "   t moves it"), thresholdMode ? .accent : .text)
            put(session.falsePositiveText, .muted)
        } else if session.rule != nil || session.isScoring {
            put(session.items.isEmpty ? "reading…" : "no scores yet", .muted)
        }

        let c = session.counts
        if y < rect.maxY {
            var cx = x
            let parts: [(String, StyleRole)] = [
                ("flagged \(c.flagged)", c.flagged > 0 ? .flagged : .muted), ("  human \(c.human)", .text),
                ("  abstained \(c.abstained)", .muted), ("  skipped \(c.skipped)", c.skipped > 0 ? .warning : .muted),
                ("  │ kept \(c.keep)", .success), ("  dropped \(c.drop)", .error), ("  unsure \(c.unsure)", .warning),
                ("  stale \(c.stale)", c.stale > 0 ? .warning : .muted),
            ]
            for (text, role) in parts {
                cx += grid.put(context.unicode ? text : text.replacingOccurrences(of: "│", with: "|"), x: cx, y: y,
                               maxWidth: x + width - cx, role: role)
            }
            y += 1
        }
        put("list: \(session.filter.summary)   (f scope · v decision · / search · F clear)", .muted)
        return y
    }

    static func progressLine(_ session: ReviewSession) -> String {
        let p = session.progress
        let head = "\(session.field) · \(session.method.label)"
        if let error = session.scoringError {
            return "\(head) · \(error) after \(p.scored) scored · r scores again"
        }
        if session.isScoring {
            if p.phase != "scoring" { return "\(head) · \(p.phase)…" }
            let total = max(session.dataset.rowCount, p.read)
            var text = "\(head) · scoring \(p.scored + p.skipped)/\(total)"
            if !session.dataset.progress.isComplete { text += "+" }
            if let left = session.secondsLeft { text += " · ETA \(ReviewFormat.duration(left))" }
            return text + " · x cancels"
        }
        if let summary = session.summary {
            var text = "\(head) · \(summary.scored) scored (\(summary.cached) from the cache)"
            if summary.skipped > 0 { text += " · \(summary.skipped) skipped" }
            return text
        }
        return head
    }
}
