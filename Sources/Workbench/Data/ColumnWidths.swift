/// How wide each column of the table is drawn, and which are shown: a typical width from the values seen (the
/// 90th percentile, capped, so that one long value does not crowd out the rest), the widest value seen, the user's
/// own adjustments (`<` `>`, `_` to fit the content, `-` to hide), and the spare width of the pane shared out to
/// the columns that were cut, so that no column is cut while the pane has empty space.
struct ColumnWidths {
    static let minimum = 4
    static let maximumTypical = 40
    /// Widths are measured up to this many cells.
    static let maximumNatural = 400

    private(set) var typical: [Int] = []
    private(set) var natural: [Int] = []
    private var adjustment: [Int: Int] = [:]
    private(set) var fitted: Set<Int> = []
    private(set) var hidden: Set<Int> = []

    var count: Int { typical.count }

    /// New measurements (after the schema is inferred again); the user's choices are kept by column index, as
    /// columns are only ever appended.
    mutating func reset(typical: [Int], natural: [Int]) {
        self.typical = typical
        self.natural = zip(natural, typical).map { max($0, $1) }
        hidden = hidden.filter { $0 < typical.count }
    }

    /// Widens the natural width of `column` when a value on screen is longer than any seen before.
    mutating func saw(width: Int, in column: Int) {
        guard natural.indices.contains(column) else { return }
        let width = min(Self.maximumNatural, width)
        if width > natural[column] { natural[column] = width }
        if width > typical[column], typical[column] < Self.maximumTypical {
            typical[column] = min(Self.maximumTypical, width)
        }
    }

    /// The width a column asks for before spare width is shared out.
    func width(of column: Int) -> Int {
        if fitted.contains(column) { return natural[column] }
        return max(1, typical[column] + adjustment[column, default: 0])
    }

    func isVisible(_ column: Int) -> Bool { !hidden.contains(column) }

    var visibleColumns: [Int] { typical.indices.filter { !hidden.contains($0) } }

    mutating func hide(_ column: Int) { hidden.insert(column) }
    mutating func unhideAll() { hidden.removeAll() }

    /// `_`: the column as wide as its widest value, or back to its typical width.
    mutating func toggleFit(_ column: Int) {
        if fitted.contains(column) { fitted.remove(column) } else { fitted.insert(column); adjustment[column] = nil }
    }

    /// `<` and `>`: narrower or wider by `step` cells.
    mutating func adjust(_ column: Int, by step: Int) {
        let current = width(of: column)
        fitted.remove(column)
        let target = max(1, min(Self.maximumNatural, current + step))
        adjustment[column] = target - typical[column]
    }

    /// The visible columns that fit in `width`, starting at `first`: (column index, x offset, width). When every
    /// column from `first` on fits with room to spare, the spare cells go to the columns whose values were cut,
    /// one at a time in turn, up to their widest value.
    func layout(first: Int, width: Int) -> [(column: Int, x: Int, width: Int)] {
        let columns = visibleColumns.filter { $0 >= first }
        var widths = columns.map { self.width(of: $0) }
        let needed = widths.reduce(0, +) + max(0, widths.count - 1)
        if needed < width {
            var spare = width - needed
            var growing = widths.indices.filter { widths[$0] < natural[columns[$0]] && adjustment[columns[$0]] == nil }
            while spare > 0, !growing.isEmpty {
                let share = max(1, spare / growing.count)
                for i in growing where spare > 0 {
                    let grow = min(share, spare, natural[columns[i]] - widths[i])
                    widths[i] += grow
                    spare -= grow
                }
                growing = growing.filter { widths[$0] < natural[columns[$0]] }
            }
        }
        var result: [(Int, Int, Int)] = []
        var x = 0
        for (i, column) in columns.enumerated() where x < width {
            let w = min(widths[i], width - x)
            result.append((column, x, w))
            x += w + 1
        }
        return result
    }
}
