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
