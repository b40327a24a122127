import Foundation
import Runs
import Testing
import TerminalCore
@testable import Workbench

/// `#` in the table adds the token-count columns for the lens's run config: the numbers `TrainedRecord` gives for
/// each row (what the trainer trains on), filled in the background.
@Suite struct TokenCountsTests {
    @Test func countsAreTheTrainersAndRowsThatAreNotExamplesAreMarked() throws {
        let (driver, folder) = try TokenLensTests.workbench()
        _ = folder
        driver.press(.character("#"))
        let counts = try #require(driver.app.table?.tokenCounts)
        driver.settle(timeout: 30) { counts.isFinished }
        #expect(counts.isFinished)
        // The same numbers from the Runs layer directly.
        let configPath = (folder.path as NSString).appendingPathComponent("lens.toml")
        let config = try RunConfig.load(path: configPath)
        let builder = ExampleBuilder(data: config.data, formatter: try ExampleBuilder.formatter(
            promptFormat: config.data.promptFormat, tokenizerFolder: config.tokenizerFolderURL))
        let dataset = try #require(driver.app.table?.dataset)
        let first = TrainedRecord.make(example: try TrainingData.example(from: try dataset.record(at: 0), builder: builder),
                                       builder: builder, withText: false)
        #expect(counts.count(row: 0) == TokenCounts.Count(tokens: Int32(first.tokens.count), trained: Int32(first.trainedCount)))
        #expect(first.trainedCount > 0 && first.trainedCount < first.tokens.count)
        let text = driver.text
        #expect(text.contains("tokens") && text.contains("trained"))
        #expect(text.contains(" \(first.tokens.count) "), "\(text)")
        #expect(counts.summary.hasPrefix("lens.toml: "), "\(counts.summary)")
        // `#` again turns them off.
        driver.press(.character("#"))
        #expect(driver.app.table?.tokenCounts == nil)
    }

    @Test func aRowThatIsNotAnExampleShowsADash() throws {
        let folder = try TemporaryFolder()
        let data = try folder.write("data.jsonl", #"{"instruction": "Add 2 and 3.", "output": "5"}"# + "\n" + #"{"prompt": "no instruction"}"# + "\n")
        let config = try folder.write("lens.toml", """
            name = "lens"
            [model]
            base = "\(TokenLensTests.model)"
            [data]
            train = ["data.jsonl"]
            format = "alpaca"
            prompt_format = "alpaca"
            """)
        let driver = WorkbenchDriver(paths: [data, config], width: 100, height: 20)
        driver.settle(timeout: 5) { (driver.app.table?.rowCount ?? 0) >= 2 }
        driver.press(.character("#"))
        let counts = try #require(driver.app.table?.tokenCounts)
        driver.settle(timeout: 30) { counts.isFinished }
        #expect(counts.count(row: 1) == .invalid)
        #expect(counts.summary.contains("1 rows not examples"), "\(counts.summary)")
        #expect(driver.text.contains("—"))
    }
}
