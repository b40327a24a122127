import Datasets
import Foundation
import Testing
import TerminalCore
@testable import Workbench

/// RAFT rows for the inspector: a long oracle whose quoted sentence is far down, a distractor, and records with a
/// quote in no document, a repeated question and control characters.
private enum RAFTRows {
    static let filler = (1...40).map { "Sentence number \($0) says little about rivers." }.joined(separator: " ")
    static let oracle = filler + " The two branches meet at Khartoum beside the confluence."
    static let distractor = "Mount Kilimanjaro is the highest mountain in Africa."

    static func row(question: String, documents: [String], oracle: String, quote: String, answer: String) -> String {
        let object: [String: Any] = [
            "id": "x", "type": "general", "question": question,
            "context": ["title": [["Mountain", "River"].prefix(documents.count).map { $0 }], "sentences": [documents]],
            "oracle_context": oracle,
            "cot_answer": "##Reason: the text says ##begin_quote## \(quote) ##end_quote## so. <ANSWER>: \(answer)",
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static let file = [
        row(question: "Where do the branches meet?", documents: [distractor, oracle], oracle: oracle,
            quote: "The two branches meet at Khartoum", answer: "Khartoum"),
        row(question: "How high is the mountain?", documents: [distractor, oracle], oracle: distractor,
            quote: "It is 9,000 metres high", answer: "9,000 metres"),
        row(question: "where do the branches  meet?", documents: [distractor, oracle], oracle: oracle,
            quote: "Sentence number 3 says little", answer: "Khartoum \u{1B}[31mred"),
    ].joined(separator: "\n") + "\n"
}

@Suite struct RAFTSectionTests {
    func driver() throws -> (WorkbenchDriver, TemporaryFolder) {
        let folder = try TemporaryFolder()
        try folder.write("raft.jsonl", RAFTRows.file)
        try folder.write("plain.jsonl", #"{"text": "not RAFT"}"# + "\n")
        let driver = WorkbenchDriver(paths: [folder.path], width: 100, height: 30)
        driver.press(.character("5"))
        return (driver, folder)
    }

    func inspector(_ driver: WorkbenchDriver) throws -> RAFTInspector {
        try #require(driver.app.section(RAFTSection.self)?.inspector)
    }

    /// The first screen position of `text`, as (x, y) in cells.
    func position(of text: String, in grid: CellGrid) -> (x: Int, y: Int)? {
        for y in 0..<grid.height {
            let row = grid.rowText(y)
            if let range = row.range(of: text) {
                return (row.distance(from: row.startIndex, to: range.lowerBound), y)
            }
        }
        return nil
    }

    @Test func listsOnlyRAFTFilesAndDrawsTheRecord() throws {
        let (driver, _) = try driver()
        let section = try #require(driver.app.section(RAFTSection.self))
        #expect(section.entries.map(\.name) == ["raft.jsonl"])
        #expect(driver.app.active is RAFTSection)
        let text = driver.text
        #expect(text.contains("RAFT files"))
        #expect(text.contains("record 1 of 3 · line 1 · gorilla"))
        #expect(text.contains("Q  Where do the branches meet?"))
        #expect(text.contains("1 distractor Mountain · Mount Kilimanjaro"))
        #expect(text.contains("2 ORACLE     River · Sentence number 1"))
        #expect(text.contains("Answer Khartoum"))
        #expect(text.contains("1 quote (f jumps)"))
        #expect(text.contains("5 raft"))
    }

    @Test func aQuoteKeyJumpsToTheQuoteInsideItsDocument() throws {
        let (driver, _) = try driver()
        let inspector = try inspector(driver)
        #expect(inspector.documentIndex == 0)
        #expect(!driver.text.contains("Khartoum beside"))
        driver.press(.character("f"))
        #expect(inspector.documentIndex == 1)
        #expect(inspector.documentTop > 0, "the document scrolled down to the quote")
        let grid = driver.screen
        #expect(driver.text.contains("document 2 · oracle · River"))
        #expect(driver.text.contains("quote 1 of 1: in the oracle"))
        #expect(driver.text.contains("quote 1 of 1: document 2 (oracle)"), "the status bar says where it is")
        // In the document pane (above the answer's rule) the quote is drawn in the selection role.
        let rule = try #require(position(of: "CoT answer", in: grid))
        let quote = try #require(position(of: "Khartoum beside", in: grid))
        #expect(quote.y < rule.y)
        let start = try #require(position(of: "The two", in: grid))
        #expect(grid.role(x: start.x, y: start.y) == .selection)
        #expect(grid.role(x: quote.x + 9, y: quote.y) == .text, "text after the quote is not highlighted")
    }

    @Test func aQuoteInNoDocumentIsMarked() throws {
        let (driver, _) = try driver()
        driver.press(.character("n"))
        let grid = driver.screen
        #expect(driver.text.contains("record 2 of 3"))
        let quote = try #require(position(of: "It is 9,000", in: grid))
        #expect(grid.role(x: quote.x, y: quote.y) == .error)
        #expect(driver.text.contains("1 quote in no document"))
        driver.press(.character("f"))
        #expect(driver.text.contains("quote 1 of 1 is in no document"))
        #expect(driver.text.contains("quote 1 of 1: in no document"))
    }

    @Test func movingBetweenRecordsKeepsTheLayout() throws {
        let (driver, _) = try driver()
        driver.press(.character("d"))
        let before = driver.screen
        let ruleBefore = try #require(position(of: "CoT answer", in: before))
        let documentBefore = try #require(position(of: "─ document 2", in: before))
        driver.press(.character("n"))
        let after = driver.screen
        #expect(try inspector(driver).documentIndex == 1, "the document slot is kept")
        #expect(position(of: "CoT answer", in: after)?.y == ruleBefore.y)
        #expect(position(of: "─ document 2", in: after)?.y == documentBefore.y)
        driver.press(.character("p"))
        #expect(driver.text.contains("record 1 of 3"))
        driver.press(.character("G"))
        #expect(driver.text.contains("record 3 of 3"))
    }

    @Test func flagsIncludeRepeatedQuestionsOnceTheFileIsChecked() throws {
        let (driver, _) = try driver()
        let section = try #require(driver.app.section(RAFTSection.self))
        driver.settle { section.entries.first?.report != nil }
        driver.press(.character("G"))
        let text = driver.text
        #expect(text.contains("question repeats line 1"))
        #expect(text.contains("3 records · 2 flagged"))
    }

    @Test func datasetTextNeverReachesTheGridRaw() throws {
        let (driver, _) = try driver()
        driver.press(.character("G"))
        let grid = driver.screen
        #expect(grid.text.contains("Khartoum ␛[31mred"))
        for cell in grid.cells {
            #expect(!cell.text.unicodeScalars.contains { SafeText.isUnsafe($0) })
        }
    }

    @Test func theOracleKeyAndDocumentKeysCycle() throws {
        let (driver, _) = try driver()
        let inspector = try inspector(driver)
        driver.press(.character("o"))
        #expect(inspector.documentIndex == 1)
        driver.press(.character("d"))
        #expect(inspector.documentIndex == 0)
        driver.press(.character("D"))
        #expect(inspector.documentIndex == 1)
        driver.press(.character("j"), .character("j"))
        #expect(inspector.documentTop == 2)
    }

    @Test func theBundledSampleShowsInTheSection() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples").path
        let driver = WorkbenchDriver(paths: [samples])
        driver.press(.character("5"))
        #expect(driver.app.section(RAFTSection.self)?.entries.map(\.name) == ["raft-sample.jsonl"])
        #expect(driver.text.contains("record 1 of 16"))
    }
}
