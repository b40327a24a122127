import Foundation
import Testing
import TerminalCore
@testable import Workbench

@Suite struct WorkbenchAppTests {
    @Test func opensAFolderAndShowsTheFirstDatasetAsATable() throws {
        let folder = try TemporaryFolder()
        try folder.write("train.jsonl", instructionRows)
        try folder.write("notes.txt", "not a dataset")
        let driver = WorkbenchDriver(paths: [folder.path])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        let text = driver.text
        #expect(text.contains("train.jsonl"))
        #expect(!text.contains("notes.txt"))
        #expect(text.contains("instruction"))
        #expect(text.contains("meta.source"), "nested keys are flattened into dotted columns")
        #expect(text.contains("Add 0 and 1"))
        #expect(text.contains("302 rows"))
        #expect(text.contains("row 1/302"))
    }

    @Test func movementKeysScrollTheTable() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        driver.press(.character("j"), .character("j"))
        #expect(driver.text.contains("row 3/302"))
        driver.press(.character("G"))
        #expect(driver.text.contains("row 302/302"))
        driver.press(.character("g"), .control("d"))
        #expect(driver.app.table?.position.selected == (driver.app.table!.visibleRows / 2))
        driver.press(.pageDown)
        #expect(driver.app.table!.position.selected > driver.app.table!.visibleRows)
    }

    @Test func malformedLinesAndEscapeSequencesAreShownSafely() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        driver.press(.character("G"))
        let screen = driver.screen
        let text = screen.text
        #expect(text.contains("malformed (line 301"))
        #expect(text.contains("␛[31mre"))
        for cell in screen.cells {
            #expect(!cell.text.unicodeScalars.contains { SafeText.isUnsafe($0) })
        }
        driver.press(.enter)
        let record = driver.text
        #expect(record.contains("instruction: colour ␛[31mred␛[0m 日本語"))
    }

    @Test func searchFindsMatchesAndNJumps() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        driver.press(.character("/"))
        driver.type("and 1")
        driver.press(.enter)
        driver.settle { driver.app.table?.position.selected == 0 && driver.text.contains("matches") }
        driver.settle(timeout: 2) { false }
        // "and 1" matches rows 0 ("Add 0 and 1"), 9..., 99..., first after row 0 is row 9.
        let first = try #require(driver.app.table?.position.selected)
        driver.press(.character("n"))
        let second = try #require(driver.app.table?.position.selected)
        #expect(second > first)
        #expect(driver.text.contains("match"))
        driver.press(.character("N"))
        #expect(driver.app.table?.position.selected == first)
    }

    @Test func enterShowsTheWholeRecordAndQGoesBack() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        driver.press(.enter)
        let text = driver.text
        #expect(text.contains("RECORD"))
        #expect(text.contains("instruction: Add 0 and 1"))
        #expect(text.contains("source: gen"))
        driver.press(.character("q"))
        #expect(driver.text.contains("TABLE"))
    }

    @Test func helpOverlayIsGeneratedFromTheLiveKeyMap() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        driver.press(.character("?"))
        // The table's keys are more than one screen: read them all by scrolling.
        var text = driver.text
        for _ in 0..<30 {
            driver.press(.character("j"))
            text += driver.text
        }
        for binding in TableView.keyMap.bindings { #expect(text.contains(binding.command.title)) }
        driver.press(.escape)
        driver.press(.enter, .character("?"))
        text = driver.text
        #expect(text.contains("Record"))
        #expect(!text.contains("Search all columns"), "the record view has no search key")
    }

    @Test func paletteRunsCommandsByFuzzyName() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        driver.press(.character(":"))
        driver.type("whole rec")
        #expect(driver.text.contains("Show the whole record"))
        driver.press(.enter)
        #expect(driver.text.contains("RECORD"))
    }

    @Test func paletteOpensAPath() throws {
        let folder = try TemporaryFolder()
        let first = try folder.write("a.jsonl", #"{"x": 1}"# + "\n")
        let second = try folder.write("b.csv", "name,score\nada,3\n")
        let driver = WorkbenchDriver(paths: [first])
        driver.press(.character(":"))
        driver.type("open \(second)")
        driver.press(.enter)
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        let text = driver.text
        #expect(text.contains("b.csv"))
        #expect(text.contains("score"))
        #expect(text.contains("ada"))
    }

    @Test func columnStatisticsShowTopValues() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        // Columns: id, instruction, output, meta.source — move to meta.source.
        driver.press(.character("l"), .character("l"), .character("l"), .character("s"))
        driver.settle { driver.app.stats?.statistics.progress.isComplete == true }
        let text = driver.text
        #expect(text.contains("meta.source · statistics"))
        #expect(text.contains("distinct"))
        #expect(text.contains("gen"))
        #expect(text.contains("300"))
    }

    @Test func tooSmallTerminalShowsANotice() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file], width: 40, height: 10)
        #expect(driver.text.contains("Terminal too small"))
        driver.width = 80
        driver.height = 24
        #expect(!driver.text.contains("Terminal too small"))
    }

    @Test func asciiModeDrawsNoBoxCharacters() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file], glyphs: .ascii)
        let text = driver.text
        #expect(text.contains("+-"))
        #expect(!text.contains("─"))
        #expect(!text.contains("│"))
    }

    @Test func quitKeysEndTheLoop() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.press(.character("Q"))
        #expect(driver.app.wantsToQuit)
    }

    @Test func missingPathIsReportedNotFatal() {
        let driver = WorkbenchDriver(paths: ["/nonexistent/loom-test.jsonl"])
        #expect(driver.text.contains("not found"))
    }

    @Test func loopRunsOnAMemoryTerminalUntilQuit() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        let terminal = MemoryTerminal(width: 90, height: 24)
        terminal.send(.key(.character("j")), .key(.character("j")))
        terminal.resize(width: 70, height: 20)
        var iterations = 0
        WorkbenchLoop().run(driver.app, on: terminal) {
            iterations += 1
            // Quit once the earlier input has been drawn.
            if iterations == 3 { terminal.send(.key(.character("Q"))) }
            return iterations > 10_000
        }
        #expect(driver.app.wantsToQuit)
        #expect(terminal.lastFrame.width == 70)
        #expect(terminal.lastFrame.text.contains("row 3/"))
    }
}

@Suite struct WorkbenchBadFileTests {
    @Test func emptyAndBinaryFilesAreListedWithAMessage() throws {
        let folder = try TemporaryFolder()
        try folder.write("empty.jsonl", "")
        let binary = (folder.path as NSString).appendingPathComponent("weights.jsonl")
        try Data([0x00, 0xFF, 0x10, 0x00, 0x89, 0x50, 0x4E, 0x47] + [UInt8](repeating: 0, count: 600)).write(to: URL(fileURLWithPath: binary))
        let driver = WorkbenchDriver(paths: [folder.path])
        let text = driver.text
        #expect(text.contains("empty.jsonl"))
        #expect(text.contains("weights.jsonl"))
        #expect(text.contains("cannot open") || text.contains("no rows") || text.contains("empty"))
        driver.press(.tab, .character("j"), .enter)
        #expect(driver.text.contains("binary") || driver.text.contains("cannot open"))
    }

    @Test func aFileDeletedWhileOpenShowsAnErrorNotACrash() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("train.jsonl", instructionRows)
        let driver = WorkbenchDriver(paths: [file])
        driver.settle { driver.app.table?.dataset.progress.isComplete == true }
        try FileManager.default.removeItem(atPath: file)
        // Rows not read yet must now come from a file that is gone.
        driver.press(.character("G"))
        let text = driver.text
        #expect(text.contains("deleted") || text.contains("cannot read"), "\(text)")
    }
}
