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
        x += grid.put(" " + location, x: x, y: y, maxWidth: max(0, width - x), role: .statusBar)
        let right = message ?? hint
        let rightWidth = min(DisplayWidth.of(right) + 1, max(0, width - x - 2))
        guard rightWidth > 0 else { return }
        let role: StyleRole = message == nil ? .statusBar : (messageIsError ? .error : .statusAccent)
        grid.put(right, x: width - rightWidth, y: y, maxWidth: rightWidth, role: role)
    }
}
