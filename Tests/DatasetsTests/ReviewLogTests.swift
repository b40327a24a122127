import Foundation
import Testing
@testable import Datasets

/// Review decisions live in an append-only log beside the dataset; reopening resumes them, a record that changed
/// since shows its decision as stale, and the export writes the kept records in the source's schema.
@Suite struct ReviewLogTests {
    let source = """
        {"text": "one", "generator": "human", "id": 1}
        {"text": "two", "generator": "gpt", "id": 2}
        {"text": "three", "generator": "gpt", "id": 3}
        {"text": "four", "generator": "human", "id": 4}

        """

    @Test func decisionsPersistUndoAppendsAndTheSourceIsNeverWritten() throws {
        let folder = try TestFolder()
        let file = try folder.write("data.jsonl", source)
        let before = try Data(contentsOf: file)
        let dataset = try folder.open("data.jsonl")
        let log = try ReviewLog(datasetPath: file.path)
        #expect(log.url.path.hasPrefix(folder.url.path + "/.loom/review/"))
        let records = try dataset.allRecords()
        try log.append(ReviewDecision(line: records[0].line, contentHash: ReviewLog.contentHash(of: records[0]), verdict: .keep))
        try log.append(ReviewDecision(line: records[1].line, contentHash: ReviewLog.contentHash(of: records[1]), verdict: .drop,
                                      score: 0.93, method: "stats", note: "reads like a template"))
        try log.append(ReviewDecision(line: records[2].line, contentHash: ReviewLog.contentHash(of: records[2]), verdict: .drop))
        // Undo of the last one: the previous state is appended again.
        try log.append(ReviewDecision(line: records[2].line, contentHash: ReviewLog.contentHash(of: records[2]), verdict: .undecided))

        let reopened = try ReviewLog(datasetPath: file.path)
        #expect(reopened.entries.count == 4)
        #expect(reopened.latest[2]?.verdict == .drop && reopened.latest[2]?.note == "reads like a template")
        #expect(reopened.latest[3]?.verdict == .undecided)

        let kept = folder.url.appendingPathComponent("kept.jsonl")
        let summary = try ReviewExport.keptRecords(of: dataset, log: reopened, includeUnreviewed: false, to: kept)
        #expect(summary.kept == 1 && summary.dropped == 1 && summary.unreviewed == 2 && summary.staleLines.isEmpty)
        #expect(try String(contentsOf: kept, encoding: .utf8) == "{\"text\":\"one\",\"generator\":\"human\",\"id\":1}\n")
        _ = try ReviewExport.keptRecords(of: dataset, log: reopened, includeUnreviewed: true, to: kept)
        #expect(try String(contentsOf: kept, encoding: .utf8).split(separator: "\n").count == 3)
        let exported = folder.url.appendingPathComponent("log.jsonl")
        try ReviewExport.log(reopened, to: exported)
        #expect(try String(contentsOf: exported, encoding: .utf8).split(separator: "\n").count == 4)
        #expect(try Data(contentsOf: file) == before, "the source file was written")
    }

    @Test func aDecisionOnChangedContentIsStaleNotApplied() throws {
        let folder = try TestFolder()
        let file = try folder.write("data.jsonl", source)
        let records = try folder.open("data.jsonl").allRecords()
        let log = try ReviewLog(datasetPath: file.path)
        try log.append(ReviewDecision(line: records[0].line, contentHash: ReviewLog.contentHash(of: records[0]), verdict: .keep))
        try folder.write("data.jsonl", source.replacingOccurrences(of: "\"one\"", with: "\"one, edited\""))
        let changed = try folder.open("data.jsonl")
        let summary = try ReviewExport.keptRecords(of: changed, log: try ReviewLog(datasetPath: file.path), includeUnreviewed: false,
                                                   to: folder.url.appendingPathComponent("kept.jsonl"))
        #expect(summary.staleLines == [1] && summary.kept == 0)
    }
}
