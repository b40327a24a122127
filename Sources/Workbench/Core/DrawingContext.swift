import TerminalCore

/// What a section needs to know to draw: the box characters and whether Unicode is allowed, and which pane has
/// focus (its title is highlighted).
struct DrawingContext {
    var glyphs: BoxGlyphs
    var unicode: Bool
    var focus: Focus

    /// Braille where Unicode is allowed, ASCII otherwise.
    var chartResolution: LineChart.Resolution { unicode ? .braille : .ascii }
}
