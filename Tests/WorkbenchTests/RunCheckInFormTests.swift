import Foundation
import Testing
import TerminalCore
@testable import Workbench

/// The run form shows `loom check`'s findings for the config as it stands, and its errors stop `L` once, as they
/// stop `loom train` without `--force`.
@Suite struct RunCheckInFormTests {
    static let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples/models/loom-shakespeare").path

    func config(in folder: TemporaryFolder, sequenceLength: Int) throws -> String {
        try folder.write("check.toml", """
            name = "check"
            [model]
            base = "\(Self.model)"
            [data]
            train = ["data.jsonl"]
            format = "alpaca"
            prompt_format = "alpaca"
            sequence_length = \(sequenceLength)
            eval_fraction = 0
            """)
    }

    @Test func findingsAreDrawnAndErrorsHoldTheFirstLaunch() throws {
        let folder = try TemporaryFolder()
        let long = Array(repeating: "word", count: 60).joined(separator: " ")
        var rows: [String] = []
        for i in 0..<4 { rows.append(#"{"instruction": "\#(long) \#(i)", "input": "", "output": "answer \#(i)"}"#) }
        rows.append(rows[0])
        try folder.write("data.jsonl", rows.joined(separator: "\n") + "\n")
        // At 16 tokens every reply is cut away: nothing is learned, an error.
        let path = try config(in: folder, sequenceLength: 16)
        let driver = WorkbenchDriver(paths: [path], width: 140, height: 40)
        driver.press(.enter)
        driver.settle(timeout: 60) { driver.text.contains("Check:") }
        let text = driver.text
        #expect(text.contains("Check: "), "\(text)")
        #expect(text.contains("error"))
        #expect(text.contains("✗ train zero_trainable: 5 (lines 1, 2, 3, 4, 5)"), "\(text)")
        #expect(text.contains("! train duplicates: 1 (lines 5)"), "\(text)")
        driver.press(.character("L"))
        #expect(driver.text.contains("L again launches anyway"), "\(driver.text)")
    }

    @Test func anEditMakesTheCheckRunAgainForTheNewValues() throws {
        let folder = try TemporaryFolder()
        try folder.write("data.jsonl", #"{"instruction": "Add 2 and 3.", "input": "", "output": "5"}"# + "\n"
            + #"{"instruction": "Add 4 and 5.", "input": "", "output": "9"}"# + "\n")
        let path = try config(in: folder, sequenceLength: 256)
        let driver = WorkbenchDriver(paths: [path], width: 140, height: 40)
        driver.press(.enter)
        driver.settle(timeout: 60) { driver.text.contains("Check:") }
        #expect(driver.text.contains("Check: 0 errors, 0 warnings · 2 records"), "\(driver.text)")
        let section = try #require(driver.app.section(RunsSection.self))
        let entry = try #require(section.selectedConfig)
        entry.config?.data.sequenceLength = 8
        driver.settle(timeout: 60) { driver.text.contains("zero_trainable") }
        #expect(driver.text.contains("✗ train zero_trainable: 2"), "\(driver.text)")
    }
}

/// An `L` before the check is done waits for it: the run starts by itself when the check passes, and not when it
/// finds errors.
@Suite struct LaunchWaitsForTheCheckTests {
    @Test func anEarlyLaunchIsHeldByTheErrorsTheCheckThenFinds() throws {
        let folder = try TemporaryFolder()
        let long = Array(repeating: "word", count: 60).joined(separator: " ")
        try folder.write("data.jsonl", (0..<3).map { #"{"instruction": "\#(long) \#($0)", "input": "", "output": "x"}"# }
            .joined(separator: "\n") + "\n")
        let path = try RunCheckInFormTests().config(in: folder, sequenceLength: 16)
        let driver = WorkbenchDriver(paths: [path], width: 140, height: 40)
        driver.press(.enter)
        driver.press(.character("L"))
        #expect(driver.text.contains("checking the data first"), "\(driver.text)")
        driver.settle(timeout: 60) { driver.text.contains("L again launches anyway") }
        #expect(driver.text.contains("the check found 3 errors"), "\(driver.text)")
        let section = try #require(driver.app.section(RunsSection.self))
        #expect(section.runs.allSatisfy { $0.live == nil }, "no run was launched in the workbench")
    }
}
