import Foundation
import TerminalCore

/// The bottom line: where you are (file, row i/N, mode) on the left, a transient message or hints on the right.
struct StatusBar {
    var location: String
    var mode: String
    var message: String?
    var messageIsError: Bool
    var hint: String

    func draw(into grid: inout CellGrid, row y: Int, width: Int) {
        grid.putPadded("", x: 0, y: y, width: width, role: .statusBar)
        var x = grid.put(" \(mode) ", x: 0, y: y, role: .statusAccent)
        // A message takes the room it needs before the location (which is cut first); whatever is cut ends in `…`.
        let right = message ?? hint
        let reserved = message == nil ? 0 : min(DisplayWidth.of(right) + 1, max(0, (width - x) * 2 / 3))
        x += grid.put(TextLayout.truncate(" " + location, to: max(0, width - x - reserved)), x: x, y: y,
                      role: .statusBar)
        let rightWidth = min(DisplayWidth.of(right) + 1, max(0, width - x - 2))
        guard rightWidth > 0 else { return }
        let role: StyleRole = message == nil ? .statusBar : (messageIsError ? .error : .statusAccent)
        let shown = DisplayWidth.of(right) > rightWidth ? TextLayout.truncate(right, to: rightWidth) : right
        grid.put(shown, x: width - rightWidth, y: y, maxWidth: rightWidth, role: role)
    }
}
