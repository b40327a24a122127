/// The characters borders, rules, scroll bars and bar charts are drawn with, in Unicode or ASCII.
public struct BoxGlyphs: Sendable {
    public var horizontal: String
    public var vertical: String
    public var topLeft: String
    public var topRight: String
    public var bottomLeft: String
    public var bottomRight: String
    public var teeDown: String
    public var teeUp: String
    public var ellipsis: String
    public var scrollThumb: String
    public var scrollTrack: String
    /// Bars from empty to full in eighths, for histograms.
    public var bars: [String]

    public static let unicode = BoxGlyphs(horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮",
                                          bottomLeft: "╰", bottomRight: "╯", teeDown: "┬", teeUp: "┴",
                                          ellipsis: "…", scrollThumb: "┃", scrollTrack: "│",
                                          bars: [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"])
    public static let ascii = BoxGlyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                        bottomLeft: "+", bottomRight: "+", teeDown: "+", teeUp: "+",
                                        ellipsis: "~", scrollThumb: "#", scrollTrack: "|",
                                        bars: [" ", " ", " ", "-", "-", "=", "=", "#", "#"])

    public static func forSet(_ set: GlyphSet) -> BoxGlyphs { set == .unicode ? .unicode : .ascii }
}

extension CellGrid {
    /// Draws a box border with an optional title in its top edge.
    public mutating func drawBox(_ rect: Rect, glyphs: BoxGlyphs, title: String? = nil,
                                 role: StyleRole = .border, titleRole: StyleRole = .title) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        for x in rect.x + 1..<rect.maxX - 1 {
            put(glyphs.horizontal, x: x, y: rect.y, role: role)
            put(glyphs.horizontal, x: x, y: rect.maxY - 1, role: role)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            put(glyphs.vertical, x: rect.x, y: y, role: role)
            put(glyphs.vertical, x: rect.maxX - 1, y: y, role: role)
        }
        put(glyphs.topLeft, x: rect.x, y: rect.y, role: role)
        put(glyphs.topRight, x: rect.maxX - 1, y: rect.y, role: role)
        put(glyphs.bottomLeft, x: rect.x, y: rect.maxY - 1, role: role)
        put(glyphs.bottomRight, x: rect.maxX - 1, y: rect.maxY - 1, role: role)
        if let title, rect.width > 4 {
            put(" \(title) ", x: rect.x + 2, y: rect.y, maxWidth: rect.width - 4, role: titleRole)
        }
    }
}
