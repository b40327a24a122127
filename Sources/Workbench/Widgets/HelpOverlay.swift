import TerminalCore

/// The help overlay: generated from the key maps live in the focused view, so it can never drift from the keys.
struct HelpOverlay {
    var keyMaps: [KeyMap]
    var scroll = 0

    /// The lines of help: a heading per key map, then `keys  title`.
    var lines: [(keys: String, title: String, isHeading: Bool)] {
        var result: [(String, String, Bool)] = []
        for map in keyMaps {
            if !result.isEmpty { result.append(("", "", false)) }
            result.append((map.title, "", true))
            for binding in map.bindings {
                result.append((binding.keys.map(\.label).joined(separator: " "), binding.command.title, false))
            }
        }
        return result
    }

    func draw(into grid: inout CellGrid, bounds: Rect, glyphs: BoxGlyphs) {
        let lines = self.lines
        // As wide as the longest line needs (64 at least), so that a wide terminal shows every line whole; what
        // still does not fit is cut with an ellipsis.
        let keyColumn = min(18, max(8, lines.filter { !$0.isHeading }.map { DisplayWidth.of($0.keys) + 1 }.max() ?? 8))
        let widest = lines.map { $0.isHeading ? DisplayWidth.of($0.keys) : keyColumn + DisplayWidth.of($0.title) }.max() ?? 0
        let inner = OverlayFrame.frame(&grid, bounds: bounds, width: max(64, widest + 6), height: lines.count + 4,
                                  title: "Help — ? or Esc to close", glyphs: glyphs)
        // More keys than fit: say so on the bottom border, so that nobody takes the first page for all of them.
        if lines.count - scroll > inner.height {
            grid.put(" j ↓ more ", x: inner.maxX - 11, y: inner.maxY, role: .accent)
        }
        for (i, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            let y = inner.y + i
            if line.isHeading {
                grid.put(line.keys, x: inner.x + 1, y: y, maxWidth: inner.width - 2, role: .title)
            } else {
                grid.put(TextLayout.truncate(line.keys, to: keyColumn - 1, ellipsis: glyphs.ellipsis), x: inner.x + 1, y: y,
                         role: .accent)
                grid.put(TextLayout.truncate(line.title, to: inner.width - keyColumn - 2, ellipsis: glyphs.ellipsis),
                         x: inner.x + 1 + keyColumn, y: y, role: .overlay)
            }
        }
    }
}
