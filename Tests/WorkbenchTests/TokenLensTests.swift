import Foundation
import Runs
import Testing
import TerminalCore
@testable import Workbench

/// The token lens drawn into the cell grid: the same tokens `TrainedRecord` (and `loom check --show`) gives, in the
/// colours of what the trainer does with them, updating as the loss mode and sequence length change.
@Suite struct TokenLensTests {
    static let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples/models/loom-shakespeare").path

    static func workbench() throws -> (WorkbenchDriver, TemporaryFolder) {
        let folder = try TemporaryFolder()
        let data = try folder.write("data.jsonl", """
            {"instruction": "Compute the sum of the two numbers.", "input": "12 and 30", "output": "12 + 30 = 42."}
            {"instruction": "colour \\u001b[31mred\\u001b[0m \\u009b2J", "input": "", "output": "ok\\nline two"}

            """)
        let config = try folder.write("lens.toml", """
            name = "lens"
            [model]
            base = "\(model)"
            [data]
            train = ["data.jsonl"]
            format = "alpaca"
            prompt_format = "alpaca"
            sequence_length = 256
            """)
        let driver = WorkbenchDriver(paths: [data, config], width: 100, height: 40)
        driver.settle(timeout: 5) { (driver.app.table?.rowCount ?? 0) >= 2 }
        return (driver, folder)
    }

    /// Draws once (which starts loading the tokenizer off the UI thread), lets it load, and draws again.
    static func screen(_ driver: WorkbenchDriver) -> CellGrid {
        _ = driver.screen
        driver.settle(timeout: 10) { !driver.app.data.lens.isLoading }
        return driver.screen
    }

    static func cells(_ grid: CellGrid, where test: (Cell) -> Bool) -> Int {
        grid.cells.reduce(0) { $0 + (test($1) ? 1 : 0) }
    }

    @Test func drawsTrainedMaskedSpecialAndCutTokens() throws {
        let (driver, _folder) = try Self.workbench()
        _ = _folder
        driver.press(.enter, .character("t"))
        #expect(driver.app.data.lensOn)
        var screen = Self.screen(driver)
        #expect(screen.text.contains("config lens.toml"))
        #expect(screen.text.contains("loss assistant · length 256"))
        #expect(screen.text.contains("<|endoftext|>"))
        #expect(!screen.text.contains("✂ cut"))
        let record = try #require(driver.app.data.lens.shown)
        // What the grid shows is what `TrainedRecord` says: as many trained cells as the trained tokens' text has.
        #expect(record.trainedCount > 0)
        #expect(Self.cells(screen) { $0.role == .success } > 0)
        #expect(Self.cells(screen) { $0.extra.contains(.underline) } > 0)

        // Shorter than the prompt: nothing is trained, the rest is dimmed past the cut.
        driver.press(.character("["), .character("["))
        screen = driver.screen
        #expect(screen.text.contains("length 64"))
        #expect(screen.text.contains("✂ cut at 64"))
        #expect(screen.text.contains("the trainer skips this record"))
        #expect(Self.cells(screen) { $0.role == .muted && $0.extra.contains(.dim) } > 0)
        #expect(driver.app.data.lens.shown?.trainedCount == 0)

        // Every token learned: the prompt turns trained too.
        driver.press(.character("m"))
        screen = driver.screen
        #expect(screen.text.contains("loss all · length 64"))
        #expect((driver.app.data.lens.shown?.trainedCount ?? 0) == 63)

        // Back to the record pane.
        driver.press(.character("t"))
        #expect(!driver.app.data.lensOn)
    }

    @Test func dataTextCannotReachTheTerminalRaw() throws {
        let (driver, _folder) = try Self.workbench()
        _ = _folder
        driver.press(.character("j"), .enter, .character("t"))
        let screen = Self.screen(driver)
        #expect(screen.text.contains("red"))
        #expect(screen.text.contains("↵"))
        for cell in screen.cells {
            #expect(!cell.text.unicodeScalars.contains { SafeText.isUnsafe($0) })
        }
    }

    @Test func withoutARunConfigSaysHowToGetOne() throws {
        let folder = try TemporaryFolder()
        let data = try folder.write("data.jsonl", "{\"instruction\": \"a\", \"output\": \"b\"}\n")
        let driver = WorkbenchDriver(paths: [data])
        driver.settle(timeout: 5) { (driver.app.table?.rowCount ?? 0) >= 1 }
        driver.press(.enter, .character("t"))
        #expect(driver.text.contains("No run config"))
    }

    @Test func aTokenizerThatDoesNotLoadIsReportedOnce() throws {
        let folder = try TemporaryFolder()
        let data = try folder.write("data.jsonl", "{\"instruction\": \"a\", \"output\": \"b\"}\n")
        try FileManager.default.createDirectory(atPath: folder.path + "/model", withIntermediateDirectories: true)
        try folder.write("model/tokenizer.json", "{ not json")
        let config = try folder.write("bad.toml", "[model]\nbase = \"model\"\n[data]\ntrain = [\"data.jsonl\"]\n")
        let driver = WorkbenchDriver(paths: [data, config])
        driver.settle(timeout: 5) { (driver.app.table?.rowCount ?? 0) >= 1 }
        driver.press(.enter, .character("t"))
        let text = Self.screen(driver).text
        #expect(text.contains("cannot load the tokenizer"))
        #expect(!driver.app.data.lens.isLoading)
        _ = driver.screen
        #expect(!driver.app.data.lens.isLoading)
    }
}
