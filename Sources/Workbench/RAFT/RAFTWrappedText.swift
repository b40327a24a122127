import TerminalCore

/// Text wrapped to a width with each line's place in the source kept, so that a view can draw spans of the source
/// (quotes) in their own role and scroll to the line that holds a given offset. `TextLayout.wrap` gives lines only;
/// the inspector needs to know where a quote landed after wrapping.
struct RAFTWrappedText {
    struct Line {
        /// The characters of the line as in the source (made visible when drawn).
        var characters: [Character]
        /// Offset of the first character in the source, in `Character`s.
        var start: Int
    }

    private(set) var lines: [Line] = []

    /// Wraps at spaces where possible, hard-breaks long words, and starts a new line at each line break of the text.
    /// At most `maxLines` lines are made, so that a huge document costs only what can be scrolled through.
    init(_ text: String, columns: Int, maxLines: Int = 20_000) {
        let columns = max(1, columns)
        var line: [Character] = []
        var widths: [Int] = []
        var lineWidth = 0
        var start = 0
        var lastSpace: Int?
        var offset = 0
        func finish(nextStart: Int) {
            lines.append(Line(characters: line, start: start))
            line = []
            widths = []
            lineWidth = 0
            lastSpace = nil
            start = nextStart
        }
        for character in text {
            if lines.count >= maxLines { break }
            if character.isNewline {
                finish(nextStart: offset + 1)
                offset += 1
                continue
            }
            let width = DisplayWidth.of(SafeText.visible(String(character)))
            if lineWidth + width > columns && !line.isEmpty {
                if let space = lastSpace, space > 0 {
                    let tail = Array(line[(space + 1)...])
                    let tailWidths = Array(widths[(space + 1)...])
                    line.removeSubrange(space...)
                    finish(nextStart: start + space + 1)
                    line = tail
                    widths = tailWidths
                    lineWidth = tailWidths.reduce(0, +)
                } else {
                    finish(nextStart: offset)
                }
            }
            if character == " " { lastSpace = line.count }
            line.append(character)
            widths.append(width)
            lineWidth += width
            offset += 1
        }
        if lines.count < maxLines { lines.append(Line(characters: line, start: start)) }
    }

    var count: Int { lines.count }

    /// The line that holds source offset `offset` (the last line starting at or before it).
    func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lines.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lines[mid].start <= offset { low = mid } else { high = mid - 1 }
        }
        return max(0, low)
    }

    /// Draws lines `top…` into `rect`; characters inside a span take the span's role (later spans win).
    func draw(into grid: inout CellGrid, rect: Rect, top: Int, spans: [(range: Range<Int>, role: StyleRole)],
              role: StyleRole = .text) {
        guard rect.width > 0 else { return }
        for row in 0..<rect.height {
            let index = top + row
            guard index < lines.count else { break }
            let line = lines[index]
            var x = rect.x
            for (i, character) in line.characters.enumerated() {
                let offset = line.start + i
                var cellRole = role
                for span in spans where span.range.contains(offset) { cellRole = span.role }
                let used = grid.put(String(character), x: x, y: rect.y + row, maxWidth: rect.maxX - x, role: cellRole)
                x += used
                if x >= rect.maxX { break }
            }
        }
    }
}
