import Foundation
import TerminalCore
@testable import Workbench

/// A folder of small datasets written for one test, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "loom-workbench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// Drives a workbench as a user would, without a terminal: keys in, frames out.
final class WorkbenchDriver {
    let app: WorkbenchApp
    var width: Int
    var height: Int

    init(paths: [String], width: Int = 100, height: Int = 30, glyphs: GlyphSet = .unicode) {
        app = WorkbenchApp(paths: paths, catalog: ThemeCatalog(themes: [.builtIn]),
                           capabilities: TerminalCapabilities(colorDepth: .palette256, glyphs: glyphs))
        self.width = width
        self.height = height
    }

    func press(_ keys: Key...) {
        for key in keys { app.handle(.key(key)) }
    }

    func type(_ text: String) {
        for character in text { app.handle(.key(.character(character))) }
    }

    /// Lets background work (indexing, search, statistics) finish, polling as the UI loop does.
    func settle(timeout: Double = 5, until done: () -> Bool = { false }) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            _ = app.pollBackgroundWork()
            if done() { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    var screen: CellGrid { app.render(width: width, height: height) }
    var text: String { screen.text }
}

/// Sample data: instruction rows, one malformed line, one row with an escape sequence and wide characters.
let instructionRows: String = {
    var lines: [String] = []
    for i in 0..<300 {
        lines.append(#"{"id": \#(i), "instruction": "Add \#(i) and \#(i + 1)", "output": "\#(2 * i + 1)", "meta": {"source": "gen"}}"#)
    }
    lines.append(#"{"id": 300, "instruction": oops}"#)
    lines.append(#"{"id": 301, "instruction": "colour \u001b[31mred\u001b[0m 日本語", "output": "ok", "meta": {"source": "x"}}"#)
    return lines.joined(separator: "\n") + "\n"
}()

/// The Data section's views, reached the way the tests reached them before sections had their own types.
extension WorkbenchApp {
    var data: DataSection { section(DataSection.self)! }
    var table: TableView? { data.table }
    var stats: ColumnStatsView? { data.stats }
}
