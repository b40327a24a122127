import Foundation
import Testing
import TerminalCore
@testable import Workbench

/// The table as a VisiData user drives it: sort, filter, columns, frequency, copy, go to, and errors in the pane.
@Suite struct DataTableViewTests {
    func open(_ text: String, name: String = "train.jsonl", width: Int = 100) throws -> (WorkbenchDriver, TemporaryFolder) {
        let folder = try TemporaryFolder()
        let file = try folder.write(name, text)
        let driver = WorkbenchDriver(paths: [file], width: width)
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        _ = driver.text
        return (driver, folder)
    }

    func palette(_ driver: WorkbenchDriver, _ line: String) {
        driver.press(.character(":"))
        driver.type(line)
        driver.press(.enter)
    }

    /// Lets sorts and filters finish.
    func settleQuery(_ driver: WorkbenchDriver) {
        driver.settle {
            guard let query = driver.app.data.query else { return true }
            return !query.isSorting && !query.isFiltering
        }
        driver.settle(timeout: 0.1)
    }

    @Test func bracketsSortByTheCurrentColumnAsNumbers() throws {
        let (driver, folder) = try open(instructionRows)
        _ = folder
        driver.press(.character("]"))
        settleQuery(driver)
        let table = try #require(driver.app.table)
        #expect(table.datasetRow(0) == 301, "id 301 is the largest")
        #expect(table.datasetRow(1) == 299)
        #expect(table.datasetRow(table.rowCount - 1) == 300, "the malformed row has no id: last")
        #expect(driver.text.contains("sort id desc"))
        driver.press(.character("["))
        settleQuery(driver)
        #expect(driver.app.table?.datasetRow(0) == 0)
        #expect(driver.app.table?.datasetRow(2) == 2, "2 before 10: numbers, not text")
        #expect(driver.app.table?.dataset.rowCount == 302, "the file is untouched")
    }

    @Test func filterFromThePaletteStacksAndUnfilterClears() throws {
        let (driver, folder) = try open(instructionRows)
        _ = folder
        palette(driver, "filter id >= 100")
        settleQuery(driver)
        #expect(driver.text.contains("row 1/201 of 302 (filtered)"), "\(driver.text)")
        palette(driver, "filter id < 110")
        settleQuery(driver)
        #expect(driver.text.contains("row 1/10 of 302 (filtered)"))
        driver.press(.character("j"))
        #expect(driver.text.contains("row 2/10 of 302"))
        palette(driver, "unfilter")
        settleQuery(driver)
        #expect(driver.text.contains("row 1/302"))
        #expect(!driver.text.contains("filtered"))
        palette(driver, "filter nope == 1")
        #expect(driver.text.contains("no column named nope"))
    }

    @Test func searchThenQuoteFiltersToTheMatches() throws {
        let (driver, folder) = try open(instructionRows)
        _ = folder
        driver.press(.character("/"))
        driver.type("and 51")
        driver.press(.enter)
        driver.settle { driver.app.data.search?.progress.isComplete == true }
        driver.press(.character("\""))
        settleQuery(driver)
        #expect(driver.text.contains("of 302 (filtered)"))
        #expect(driver.app.table?.rowCount == 1, "only “Add 50 and 51”")
        #expect(driver.app.table?.datasetRow(0) == 50)
    }

    @Test func columnsHideUnhideFitAndResize() throws {
        let (driver, folder) = try open(instructionRows)
        _ = folder
        driver.press(.character("l"))
        #expect(driver.app.table?.currentColumnName == "instruction")
        driver.press(.character("j"), .character("j"))
        driver.press(.character("-"))
        #expect(!driver.screen.text.contains("instruction"))
        #expect(driver.app.table?.currentColumnName == "output")
        driver.press(.character("g"), .character("v"))
        #expect(driver.text.contains("instruction"))
        #expect(driver.app.table?.position.selected == 2, "gv leaves the cursor where it was")
        let table = try #require(driver.app.table)
        let before = table.widths.width(of: 1)
        driver.press(.character("h"), .character(">"), .character(">"))
        #expect(table.currentColumnName == "instruction")
        #expect(table.widths.width(of: 1) == before + 4)
        driver.press(.character("<"))
        #expect(table.widths.width(of: 1) == before + 2)
        driver.press(.character("_"))
        #expect(table.widths.fitted.contains(1))
        driver.press(.character("_"))
        #expect(!table.widths.fitted.contains(1))
    }

    @Test func spareWidthGoesToCutColumnsAndNumbersAlignRight() throws {
        let long = String(repeating: "word ", count: 14)
        let rows = (0..<20).map { #"{"text": "\#(long)\#($0)", "n": \#($0)}"# }.joined(separator: "\n") + "\n"
        let (driver, folder) = try open(rows, width: 140)
        _ = folder
        let text = driver.text
        #expect(text.contains(long.trimmingCharacters(in: .whitespaces)), "not cut at 40 columns while there is room:\n\(text)")
        // The number column is right-aligned: "9" under the last cell of the "n" header... a 1-digit number ends
        // where a 2-digit one does.
        let lines = text.split(separator: "\n")
        let nine = try #require(lines.first { $0.contains("word 9 ") || $0.contains("word 9│") })
        let ten = try #require(lines.first { $0.contains("word 10") })
        let end = { (line: Substring, digit: Character) in line.distance(from: line.startIndex, to: line.lastIndex(of: digit)!) }
        #expect(end(nine, "9") == end(ten, "0"))
    }

    @Test func frequencyTableCountsAndEnterFilters() throws {
        let (driver, folder) = try open(instructionRows)
        _ = folder
        for _ in 0..<3 { driver.press(.character("l")) }
        #expect(driver.app.table?.currentColumnName == "meta.source")
        driver.press(.character("F"))
        driver.settle { driver.app.data.frequency?.frequency.progress.isComplete == true }
        let text = driver.text
        #expect(text.contains("frequency"))
        #expect(text.contains("gen") && text.contains("300") && text.contains("99.34%"))
        #expect(text.contains("(missing)"))
        driver.press(.enter)
        settleQuery(driver)
        #expect(driver.app.data.frequency == nil)
        #expect(driver.text.contains("row 1/300 of 302 (filtered)"))
    }

    @Test func yCopiesTheCellAndShiftYTheRecord() throws {
        let (driver, folder) = try open(instructionRows)
        _ = folder
        driver.press(.character("l"), .character("j"))
        driver.press(.character("y"))
        #expect(driver.app.clipboard.register == "Add 1 and 2")
        #expect(driver.app.takeClipboardText() == "Add 1 and 2")
        #expect(driver.app.takeClipboardText() == nil, "handed to the terminal once")
        driver.press(.character("Y"))
        #expect(driver.app.clipboard.register?.hasPrefix(#"{"id":1,"#) == true)
        #expect(driver.text.contains("copied the record"))
    }

    @Test func gotoAndStepThroughRecords() throws {
        let (driver, folder) = try open(instructionRows)
        _ = folder
        palette(driver, "goto 120")
        #expect(driver.text.contains("row 120/302"))
        driver.press(.enter)
        #expect(driver.text.contains("record 120 · file line 120"))
        driver.press(.character("J"), .character("J"))
        #expect(driver.text.contains("record 122"))
        #expect(driver.text.contains("Add 121 and 122"))
        driver.press(.character("K"))
        #expect(driver.text.contains("record 121"))
        palette(driver, "goto 9999")
        #expect(driver.text.contains("no record 9999"))
    }

    @Test func gutterShowsRecordNumbersNotFileLines() throws {
        let csv = "name,note\n" + (0..<12).map { "n\($0),\"two\nlines\"" }.joined(separator: "\n") + "\n"
        let (driver, folder) = try open(csv, name: "t.csv")
        _ = folder
        let lines = driver.text.split(separator: "\n")
        #expect(lines.contains { $0.contains("│12 ") && $0.contains("n11") }, "\(driver.text)")
        let (arrayDriver, arrayFolder) = try open(#"[{"a": 1}, {"a": 2}, {"a": 3}]"#, name: "t.json")
        _ = arrayFolder
        #expect(arrayDriver.text.split(separator: "\n").contains { $0.contains("│3 ") }, "\(arrayDriver.text)")
    }

    @Test func anOpenErrorIsDrawnInTheMainPaneWithItsHint() throws {
        let folder = try TemporaryFolder()
        let file = (folder.path as NSString).appendingPathComponent("bin.jsonl")
        try Data([0x00, 0x01, 0x02, 0xFF, 0x00, 0x00, 0x10] + Array(repeating: 0, count: 200)).write(to: URL(fileURLWithPath: file))
        let driver = WorkbenchDriver(paths: [file])
        let text = driver.text
        #expect(text.contains("Cannot show this file"), "\(text)")
    }

    @Test func aMessageAboutOneFileGoesWhenAnotherOpens() throws {
        let (driver, folder) = try open(instructionRows)
        palette(driver, "filter nope == 1")
        #expect(driver.text.contains("no column named nope"))
        let other = try folder.write("other.jsonl", #"{"a": 1}"# + "\n")
        palette(driver, "open \(other)")
        #expect(!driver.text.contains("no column named nope"))
    }

    /// A record with a 10 MB value first (issue 21, item 7): the table still shows the later column and its value,
    /// and the cut cell says it is cut and how big the value is; the record view lists the cut value.
    @Test func aHugeValueIsCutInItsCellAndLaterColumnsStay() throws {
        let huge = String(repeating: "x", count: 10 << 20)
        let text: String = #"{"a": "\#(huge)", "b": "after-the-huge-value"}"# + "\n" + #"{"a": "small", "b": "second"}"# + "\n"
        let (driver, folder) = try self.open(text, width: 120)
        _ = folder
        let table = try #require(driver.app.table)
        #expect(table.schema.columns.map(\.name) == ["a", "b"])
        let rows = driver.text.split(separator: "\n")
        let first = try #require(rows.first { $0.contains("after-the-huge-value") }, "\(driver.text)")
        #expect(first.contains("xxx") && first.contains("[cut: 10 MB]"))
        let second = try #require(rows.first { $0.contains("second") })
        #expect(!second.contains("[cut"))
        driver.press(.enter)
        #expect(driver.text.contains("Values longer than 4.2 MB are cut here: a (10 MB)."), "\(driver.text)")
        driver.press(.character("G"))
        #expect(driver.text.contains("after-the-huge-value"), "b is shown after the cut value")
    }
}

@Suite struct DataTableCancelTests {
    @Test func escapeStopsASortOnABigFileAndKeepsTheOrder() throws {
        let folder = try TemporaryFolder()
        let rows = (0..<200_000).map { #"{"n": \#(($0 * 7919) % 200_000), "t": "row \#($0)"}"# }.joined(separator: "\n")
        let file = try folder.write("big.jsonl", rows + "\n")
        let driver = WorkbenchDriver(paths: [file])
        driver.settle(timeout: 30) { driver.app.table?.dataset.progress.isComplete == true }
        driver.press(.character("]"))
        driver.press(.escape)
        #expect(driver.text.contains("sort cancelled"))
        driver.settle(timeout: 0.3)
        #expect(driver.app.table?.rows == nil, "file order stays")
        #expect(driver.app.data.query?.isSorting == false)
        #expect(driver.text.contains("TABLE"), "Esc stopped the sort, it did not leave the table")
    }
}

@Suite struct DataTableHighlightTests {
    @Test func theSearchMatchIsHighlightedInsideTheCellOnly() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        driver.press(.character("/"))
        driver.type("and 1")
        driver.press(.enter)
        driver.settle { driver.app.data.search?.progress.isComplete == true }
        let grid = driver.screen
        let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false)
        let y = try #require(lines.firstIndex { $0.contains("Add 10 and 11") })
        let line = lines[y]
        let start = line.distance(from: line.startIndex, to: line.range(of: "Add 10 and 11")!.lowerBound)
        #expect(grid[start, y].role == .text, "“Add” is not part of the match")
        #expect(grid[start + 7, y].role == .highlight, "“and 1” is")
        #expect(grid[start + 11, y].role == .highlight)
        #expect(grid[start + 12, y].role == .text, "the last “1” of “11” is not")
    }
}

@Suite struct FocusMarkerTests {
    @Test func theFocusedPaneIsMarkedOnItsBorder() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        var grid = driver.screen
        #expect(grid[WorkbenchApp.sidebarWidth + 1, 0].text == "▶", "the table has focus")
        #expect(grid[1, 0].text != "▶")
        driver.press(.tab)
        grid = driver.screen
        #expect(grid[1, 0].text == "▶")
        #expect(grid[WorkbenchApp.sidebarWidth + 1, 0].text != "▶")
    }
}

@Suite struct DataSidebarTests {
    @Test func slashFiltersTheListByNameAndXClosesADataset() throws {
        let folder = try TemporaryFolder()
        try folder.write("alpha.jsonl", #"{"a": 1}"# + "\n")
        try folder.write("beta.jsonl", #"{"b": 2}"# + "\n")
        try folder.write("gamma.csv", "g\n3\n")
        let driver = WorkbenchDriver(paths: [folder.path])
        driver.settle(timeout: 0.3)
        driver.press(.tab)
        driver.press(.character("/"))
        driver.type("ga")
        var text = driver.text
        #expect(text.contains("filter datasets: ga"))
        #expect(text.contains("gamma.csv") && !text.contains("beta.jsonl"))
        driver.press(.enter, .enter)
        #expect(driver.text.contains("gamma.csv · CSV"))
        driver.press(.tab, .character("/"), .escape)
        #expect(driver.text.contains("beta.jsonl"), "Esc drops the filter")
        driver.press(.character("g"), .character("x"))
        text = driver.text
        #expect(text.contains("closed alpha.jsonl"))
        #expect(!text.contains("alpha.jsonl ") && text.contains("gamma.csv · CSV"), "the open dataset stays open")
        driver.press(.character("G"), .character("x"))
        #expect(!driver.text.contains("gamma.csv · CSV"))
        #expect(driver.text.contains("Choose a dataset"))
    }

    /// A dataset whose file name is not UTF-8 is listed with the byte shown as `\xFF` and opens (issue 21, item 13).
    @Test func aFileNameThatIsNotUTF8IsListedEscapedAndOpens() throws {
        let folder = try TemporaryFolder()
        var path = Array(folder.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".jsonl".utf8) + [0]
        let fd = path.withUnsafeMutableBufferPointer {
            $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: $0.count) { open($0, O_WRONLY | O_CREAT, 0o600) }
        }
        #expect(fd >= 0)
        let row = Array(#"{"greeting": "bonjour"}"#.utf8) + [0x0A]
        _ = row.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let driver = WorkbenchDriver(paths: [folder.path], width: 100)
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        let text = driver.text
        #expect(text.contains("caf\\xE9.jsonl"), "\(text)")
        #expect(text.contains("bonjour"), "the file opened: \(text)")
        #expect(!text.contains("caf�"))
    }
}
