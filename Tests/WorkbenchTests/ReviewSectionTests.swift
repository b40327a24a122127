import Datasets
import Foundation
import Testing
import TerminalCore
@testable import Workbench

/// Texts for the Review section: six long enough to judge (over 100 words), one too short (abstained), and one record
/// without the text field (skipped).
private enum ReviewRows {
    static let topics = ["the garden", "the train", "the kettle", "the bicycle", "the soup", "the meeting"]

    static func longText(_ i: Int) -> String {
        let topic = topics[i]
        var sentences: [String] = []
        for n in 0..<(12 + i) {
            sentences.append(n % 3 == 0
                ? "We talked about \(topic) for a while, and nobody agreed on anything, which is normal for us."
                : n % 3 == 1 ? "It is important to note that \(topic) plays a crucial role in our daily lives, and we should consider it carefully."
                : "Honestly I'd rather not think about \(topic) again until spring; the last time it cost me \(n + i) pounds!")
        }
        return sentences.joined(separator: " ")
    }

    static func row(_ id: String, _ text: String?, label: String) -> String {
        var object: [String: Any] = ["id": id, "label": label]
        if let text { object["text"] = text }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static var file: String {
        var lines = (0..<6).map { row("r\($0)", longText($0), label: $0 % 2 == 0 ? "human" : "machine") }
        lines.append(row("short", "Back in ten minutes, the key is under the blue pot.", label: "human"))
        lines.append(row("empty", nil, label: "human"))
        return lines.joined(separator: "\n") + "\n"
    }
}

@Suite(.serialized) struct ReviewSectionTests {
    func driver(_ folder: TemporaryFolder) -> WorkbenchDriver {
        let driver = WorkbenchDriver(paths: [folder.path], width: 120, height: 40)
        driver.press(.character("4"))
        driver.settle(timeout: 30) { driver.app.section(ReviewSection.self)?.session.map { !$0.isScoring && $0.summary != nil } ?? false }
        return driver
    }

    func fixture() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        try folder.write("notes.jsonl", #"{"text": "not the one to review"}"# + "\n")
        let path = try folder.write("review.jsonl", ReviewRows.file)
        return (folder, path)
    }

    func session(_ driver: WorkbenchDriver) throws -> ReviewSession {
        try #require(driver.app.section(ReviewSection.self)?.session)
    }

    /// Runs a palette command as a user types it.
    func palette(_ driver: WorkbenchDriver, _ line: String) {
        driver.press(.character(":"))
        driver.type(line)
        driver.press(.enter)
    }

    /// The file's bytes, compared whole before and after.
    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func scoresTheFixtureAndDrawsTheOverview() throws {
        let (folder, _) = try fixture()
        let driver = driver(folder)
        let session = try session(driver)
        #expect(driver.app.active is ReviewSection)
        #expect(session.name == "review.jsonl", "the file named for review opens first")
        #expect(session.field == "text")
        #expect(session.labelField == "label")
        let counts = session.counts
        #expect(counts.flagged + counts.human == 6)
        #expect(counts.abstained == 1)
        #expect(counts.skipped == 1)
        #expect(session.summary?.scored == 7)
        let text = driver.text
        #expect(text.contains("Review: review.jsonl"))
        #expect(text.contains("text · model-free · 7 scored (0 from the cache) · 1 skipped"))
        #expect(text.contains("threshold logit"))
        #expect(text.contains("t moves it"))
        #expect(text.contains("on 3 human-labelled · flags 3/3 machine-labelled"), "the FPR is measured on the file's labels")
        #expect(text.contains("abstained 1"))
        #expect(text.contains("score   words  decision  line    text"))
        #expect(text.contains("4 review"))

        // Scored again, every statistic comes from the cache beside the dataset.
        let again = WorkbenchDriver(paths: [folder.path], width: 120, height: 40)
        again.press(.character("4"))
        again.settle(timeout: 30) { again.app.section(ReviewSection.self)?.session?.summary != nil }
        #expect(try self.session(again).summary?.cached == 7)
    }

    @Test func keepDropUndoAndTheDecisionFilter() throws {
        let (folder, path) = try fixture()
        let before = try bytes(path)
        let driver = driver(folder)
        let session = try session(driver)
        palette(driver, "threshold 0.000001")
        #expect(session.counts.flagged == 6, "every judged text is flagged at a threshold this low")
        #expect(session.list.count == 8)
        let first = try #require(session.selectedIndex)
        driver.press(.character("k"))
        let second = try #require(session.selectedIndex)
        #expect(second != first, "a decision moves on to the next record")
        driver.press(.character("d"))
        #expect(session.verdict(of: session.items[first]).verdict == .keep)
        #expect(session.verdict(of: session.items[second]).verdict == .drop)
        #expect(driver.text.contains("kept 1"))
        #expect(driver.text.contains("dropped 1"))

        driver.press(.character("z"))
        #expect(session.verdict(of: session.items[second]).verdict == .undecided)
        #expect(session.selectedIndex == second, "undo shows the record it took back")
        driver.press(.character("z"))
        #expect(session.verdict(of: session.items[first]).verdict == .undecided)
        driver.press(.character("z"))
        #expect(driver.text.contains("nothing to undo"))
        // Every step stays in the log: keep, drop, and the two undos.
        #expect(session.log.entries.map(\.verdict) == [.keep, .drop, .undecided, .undecided])

        driver.press(.character("k"), .character("u"))
        driver.press(.character("v"))  // decision: undecided
        #expect(session.filter.decision == .undecided)
        #expect(session.list.count == 6)
        driver.press(.character("v"))  // keep
        #expect(session.list.count == 1)
        driver.press(.character("f"))  // scope: flagged (the kept one is flagged)
        #expect(session.filter.scope == .flagged)
        #expect(session.list.count == 1)
        driver.press(.character("v"), .character("v"), .character("v"), .character("v"))  // drop, unsure, stale, any
        #expect(session.filter.decision == .any)
        #expect(session.list.count == 6)
        for _ in 0..<4 { driver.press(.character("f")) }  // human, abstained, skipped, all
        #expect(session.filter.scope == .all)
        #expect(session.list.count == 8)
        driver.press(.character("/"))
        driver.type("kettle")
        driver.press(.enter)
        #expect(session.list.count == 1)
        #expect(session.items[try #require(session.selectedIndex)].record.head.contains("kettle"))
        driver.press(.character("F"))
        #expect(session.list.count == 8)
        #expect(try bytes(path) == before, "reviewing never writes the dataset")
    }

    @Test func movingTheThresholdMovesTheCounts() throws {
        let (folder, _) = try fixture()
        let driver = driver(folder)
        let session = try session(driver)
        let original = try #require(session.rule?.threshold)
        let range = try #require(session.statisticRange)
        driver.press(.character("t"))
        #expect(driver.text.contains("THRESHOLD"))
        for _ in 0..<30 { driver.press(.character("H")) }
        let lowered = try #require(session.rule?.threshold)
        #expect(lowered < original)
        #expect(session.counts.flagged == 6, "a threshold below every score flags every judged text: \(lowered) vs \(range)")
        driver.press(.escape)
        #expect(session.rule?.threshold == original, "Esc restores the threshold")
        driver.press(.character("t"))
        for _ in 0..<3 { driver.press(.left) }
        driver.press(.enter)
        #expect(try #require(session.rule?.threshold) < original)
        #expect(!driver.text.contains("THRESHOLD"))
    }

    @Test func theRecordPaneExplainsTheScore() throws {
        let (folder, _) = try fixture()
        let driver = driver(folder)
        let session = try session(driver)
        palette(driver, "threshold 0.000001")
        driver.press(.enter)
        let pane = try #require(driver.app.section(ReviewSection.self)?.recordPane)
        let text = driver.text
        #expect(text.contains("FLAGGED"))
        #expect(text.contains("Why: the features that pushed the score"))
        #expect(text.contains("human range") || text.contains("within") || text.contains("above") || text.contains("below"))
        #expect(text.contains("Other fields"))
        #expect(text.contains("label: "))
        #expect(text.contains("decision: none yet"))
        driver.press(.character("a"))
        driver.type("check the source")
        driver.press(.enter)
        let decision = try #require(session.decisions[session.items[pane.index].line])
        #expect(decision.verdict == .unsure)
        #expect(decision.note == "check the source")
        driver.press(.character("d"))
        #expect(session.verdict(of: session.items[pane.index]).verdict == .drop)
        #expect(driver.app.section(ReviewSection.self)?.recordPane?.index != pane.index, "the pane follows to the next record")
        driver.press(.escape)
        #expect(driver.app.section(ReviewSection.self)?.recordPane == nil)
    }

    @Test func exportWritesTheKeptRecordsAndStaleDecisionsShow() throws {
        let (folder, path) = try fixture()
        let before = try bytes(path)
        let driver = driver(folder)
        let session = try session(driver)
        palette(driver, "threshold 0.000001")
        driver.press(.character("k"), .character("k"), .character("d"))
        let kept = session.items.filter { session.verdict(of: $0).verdict == .keep }.map(\.line)
        #expect(kept.count == 2)
        driver.press(.character("e"))
        #expect(driver.text.contains("export kept records to: "))
        driver.press(.enter)
        let section = try #require(driver.app.section(ReviewSection.self))
        driver.settle(timeout: 10) { !section.isExporting }
        let out = (folder.path as NSString).appendingPathComponent("review.kept.jsonl")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let originals = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        for line in kept {
            let id = try #require(try JSONSerialization.jsonObject(with: Data(originals[line - 1].utf8)) as? [String: Any])["id"] as? String ?? "?"
            #expect(lines.contains { $0.contains("\"id\":\"\(id)\"") }, "\(id) in \(lines)")
        }
        #expect(driver.text.contains("wrote 2 records to"))
        #expect(try bytes(path) == before)

        // The file changes under a decision: reopened, that decision shows as stale and is not applied.
        var changed = originals.map(String.init)
        changed[kept[0] - 1] = changed[kept[0] - 1].replacingOccurrences(of: "We talked", with: "They talked")
        try (changed.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let reopened = self.driver(folder)
        let again = try self.session(reopened)
        #expect(again.counts.stale == 1)
        #expect(again.counts.keep == 1)
        #expect(again.counts.drop == 1)
        for _ in 0..<5 { reopened.press(.character("v")) }  // decision: stale
        #expect(again.filter.decision == .stale)
        #expect(again.list.count == 1)
        #expect(again.items[try #require(again.selectedIndex)].line == kept[0])
    }
}
