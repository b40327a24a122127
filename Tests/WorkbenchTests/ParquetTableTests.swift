import Foundation
import Testing
import TerminalCore
@testable import Workbench

/// The Data section shows the bundled FineWeb-schema Parquet sample as a table: its columns in schema order, its
/// rows, and sorting by a number column, as with JSONL.
@Suite struct ParquetTableTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples/fineweb-sample.parquet").path

    @Test func theSampleOpensAsATable() throws {
        let driver = WorkbenchDriver(paths: [Self.sample], width: 160, height: 30)
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        let table = try #require(driver.app.table)
        #expect(table.dataset.format == .parquet)
        #expect(table.dataset.rowCount == 210)
        let text = driver.text
        #expect(text.contains("text") && text.contains("dump") && text.contains("url"), "\(text)")
        #expect(text.contains("row 1/210"), "\(text)")
        // Jump to the last row: one page per column, as anywhere else.
        driver.press(.character("G"))
        #expect(driver.text.contains("row 210/210"), "\(driver.text)")
    }
}
