import TerminalCore

/// Drawing of the boxes that float over the views: help, the palette, statistics.
enum OverlayFrame {
    /// A centred box of at most the given size inside `bounds`; draws its frame and clears its inside.
    static func frame(_ grid: inout CellGrid, bounds: Rect, width: Int, height: Int, title: String,
                      glyphs: BoxGlyphs) -> Rect {
        let w = min(width, bounds.width - 2)
        let h = min(height, bounds.height - 2)
        let rect = Rect(x: bounds.x + (bounds.width - w) / 2, y: bounds.y + (bounds.height - h) / 2, width: w, height: h)
        grid.fill(rect, role: .overlay)
        grid.drawBox(rect, glyphs: glyphs, title: title, titleRole: .accent)
        return rect.inset(by: 1)
    }
}

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
