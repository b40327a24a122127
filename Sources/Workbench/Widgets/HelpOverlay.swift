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
        let inner = OverlayFrame.frame(&grid, bounds: bounds, width: 64, height: lines.count + 4,
                                  title: "Help — ? or Esc to close", glyphs: glyphs)
        let keyColumn = 18
        for (i, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            let y = inner.y + i
            if line.isHeading {
                grid.put(line.keys, x: inner.x + 1, y: y, maxWidth: inner.width - 2, role: .title)
            } else {
                grid.put(line.keys, x: inner.x + 1, y: y, maxWidth: keyColumn, role: .accent)
                grid.put(line.title, x: inner.x + 1 + keyColumn, y: y, maxWidth: inner.width - keyColumn - 2, role: .overlay)
            }
        }
    }
}
