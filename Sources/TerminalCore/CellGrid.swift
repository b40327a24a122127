/// The screen as views see it: a grid of cells they draw into. Backends diff one grid against the last and write
/// only what changed; tests read it back as text. Views never touch the terminal.
public struct CellGrid: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
    }

    /// Fills a rectangle with blanks of a role (a pane's background).
    public mutating func fill(_ rect: Rect, role: StyleRole = .text, character: String = " ") {
        let clipped = rect.intersection(Rect(x: 0, y: 0, width: width, height: height))
        guard !clipped.isEmpty else { return }
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX {
                cells[y * width + x] = Cell(character, role: role)
            }
        }
    }

    /// Writes text at a position, clipped to `maxWidth` columns and the grid. Unsafe characters are made visible
    /// first (see `SafeText`), so nothing from a dataset reaches the terminal raw. Returns the columns used.
    ///
    /// Text is cut before it is measured: a 50 MB string costs only the columns that fit.
    @discardableResult
    public mutating func put<S: StringProtocol>(_ text: S, x: Int, y: Int, maxWidth: Int? = nil,
                                                 role: StyleRole = .text, extra: TextAttributes = []) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? width, width - max(0, x))
        guard limit > 0 else { return 0 }
        var column = x
        var used = 0
        /// Puts one character; false when it does not fit.
        func place(_ character: Character) -> Bool {
            let glyphWidth: Int
            if let ascii = character.asciiValue, ascii >= 0x20, ascii != 0x7F {
                glyphWidth = 1
            } else {
                glyphWidth = DisplayWidth.of(character)
                // A lone combining mark or zero-width scalar: attach to nothing, draw nothing.
                if glyphWidth == 0 { return true }
            }
            if used + glyphWidth > limit { return false }
            if column >= 0 {
                setCell(x: column, y: y, Cell(String(character), role: role, extra: extra), width: glyphWidth)
            }
            column += glyphWidth
            used += glyphWidth
            return true
        }
        for character in text {
            let printableASCII = character.asciiValue.map { $0 >= 0x20 && $0 != 0x7F } ?? false
            if !printableASCII, character.unicodeScalars.contains(where: SafeText.isUnsafe) {
                // A stand-in may be several characters (`⟨RLO⟩`, or `↵↵` for a CR LF cluster): one cell each.
                for visible in SafeText.visible(String(character)) where !place(visible) { return used }
            } else if !place(character) {
                break
            }
        }
        return used
    }

    /// Writes text padded with blanks (or cut) to exactly `width` columns.
    public mutating func putPadded<S: StringProtocol>(_ text: S, x: Int, y: Int, width columns: Int,
                                                       role: StyleRole = .text, extra: TextAttributes = []) {
        let used = put(text, x: x, y: y, maxWidth: columns, role: role, extra: extra)
        if used < columns {
            fill(Rect(x: x + used, y: y, width: columns - used, height: 1), role: role)
        }
    }

    /// Places one cell, keeping wide characters whole: overwriting half of a wide character blanks the other half.
    private mutating func setCell(x: Int, y: Int, _ cell: Cell, width glyphWidth: Int) {
        guard x >= 0, x < width else { return }
        let index = y * width + x
        if cells[index].isContinuation, x > 0 {
            cells[index - 1] = Cell(" ", role: cells[index - 1].role)
        }
        if glyphWidth == 2 {
            guard x + 1 < width else {
                cells[index] = Cell(" ", role: cell.role)
                return
            }
            let right = index + 1
            if x + 2 < width, cells[right + 1].isContinuation {
                cells[right + 1] = Cell(" ", role: cells[right + 1].role)
            }
            cells[index] = cell
            cells[right] = Cell("", role: cell.role, extra: cell.extra)
        } else {
            if x + 1 < width, cells[index + 1].isContinuation {
                cells[index + 1] = Cell(" ", role: cells[index + 1].role)
            }
            cells[index] = cell
        }
    }

    /// One row as plain text (continuation cells skipped), for tests and the text dump.
    public func rowText(_ y: Int) -> String {
        var line = ""
        for x in 0..<width {
            line += cells[y * width + x].text
        }
        return line
    }

    /// The whole grid as lines of text, trailing blanks trimmed.
    public var text: String {
        (0..<height).map { y in
            var line = rowText(y)
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// The role of the cell at a position (for tests that check highlighting).
    public func role(x: Int, y: Int) -> StyleRole { cells[y * width + x].role }
}
