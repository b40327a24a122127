import Runs
import TerminalCore

/// The tokens of a `TrainedRecord` flowed into rows of cells: each token in the colour of what the trainer does with
/// it (trained, masked, special, cut), every other token underlined so that boundaries show without changing the
/// text, newlines shown as `↵` and kept as line breaks, and a rule where the sequence length cuts the record.
/// Token text comes from the dataset: it passes through `SafeText` here and `CellGrid.put` again when drawn.
struct TokenLensLayout {
    struct Glyph: Equatable {
        var text: String
        var role: StyleRole
        var extra: TextAttributes
    }

    private(set) var rows: [[Glyph]] = []

    static func role(of token: TrainedToken) -> (StyleRole, TextAttributes) {
        if token.cut { return (.muted, .dim) }
        if token.trained { return (.success, token.special ? .bold : []) }
        if token.special { return (.accent, .bold) }
        return (.text, [])
    }

    init(record: TrainedRecord, columns: Int) {
        let columns = max(4, columns)
        var row: [Glyph] = []
        var used = 0
        func breakRow() {
            rows.append(row)
            row = []
            used = 0
        }
        func put(_ text: String, _ role: StyleRole, _ extra: TextAttributes) {
            for character in SafeText.visible(text) {
                let width = max(1, DisplayWidth.of(character))
                if used + width > columns { breakRow() }
                row.append(Glyph(text: String(character), role: role, extra: extra))
                used += width
            }
        }
        for (i, token) in record.tokens.enumerated() {
            if i == record.cutIndex {
                if !row.isEmpty { breakRow() }
                let rule = "✂ cut at \(record.sequenceLength) tokens (data.sequence_length): the model never sees what follows "
                rows.append(Array(rule.prefix(columns)).map { Glyph(text: String($0), role: .warning, extra: []) })
            }
            var (role, extra) = Self.role(of: token)
            if i % 2 == 1 { extra.insert(.underline) }
            if token.text.isEmpty {
                // Bytes of a character that a later token completes.
                put("·", role, extra)
                continue
            }
            let pieces = token.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (k, piece) in pieces.enumerated() {
                if !piece.isEmpty { put(String(piece), role, extra) }
                if k < pieces.count - 1 {
                    put("↵", role, extra)
                    breakRow()
                }
            }
        }
        if !row.isEmpty { rows.append(row) }
    }

    /// Draws rows `top…` into `rect`.
    func draw(into grid: inout CellGrid, rect: Rect, top: Int) {
        for (i, row) in rows.dropFirst(top).prefix(rect.height).enumerated() {
            var x = rect.x
            for glyph in row {
                x += grid.put(glyph.text, x: x, y: rect.y + i, maxWidth: rect.maxX - x, role: glyph.role, extra: glyph.extra)
            }
        }
    }
}
