import Foundation
import Testing
@testable import Detector

/// What the workbench's Review section uses of the detector: the scorer's read/skip/stop hooks, the shared statistic's
/// structured explanation, and the simple-English warning.
@Suite struct ReviewSupportTests {
    func dataset(_ lines: [String]) throws -> (folder: URL, file: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loom-review-detect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("data.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        return (folder, file)
    }

    @Test func hooksSeeEveryRecordAndAStopKeepsWhatWasScored() throws {
        let row = "{\"text\": \(JSONLine.quote(DatasetScorerTests.longText))}"
        let (folder, file) = try dataset(Array(repeating: row, count: 5) + ["{\"body\": 1}"] + Array(repeating: row, count: 4))
        defer { try? FileManager.default.removeItem(at: folder) }
        let scorer = DatasetScorer(source: SharedStatistic(try ModelFreeStatistic(detector: .bundled())),
                                   rule: .defaultRule(.stats, classifier: try .bundled()))
        scorer.batchSize = 3
        var read: [Int] = [], scored: [Int] = [], skipped: [(Int, String)] = []
        scorer.onRead = { read.append($0.line) }
        scorer.onScored = { line, _ in scored.append(line) }
        scorer.onSkipped = { skipped.append(($0, $1)) }
        try scorer.run(path: file.path, field: "text", explain: false, useCache: true, output: { _ in }, note: { _ in })
        #expect(read == Array(1...10))
        #expect(scored == [1, 2, 3, 4, 5, 7, 8, 9, 10])
        #expect(skipped.map(\.0) == [6] && skipped.first?.1 == "no \"text\" field")

        // Stopped after four records are read: the first batch of three was scored and cached, and run says so.
        let cacheFolder = folder.appendingPathComponent(".loom/detect")
        try FileManager.default.removeItem(at: cacheFolder)
        var seen = 0
        scorer.onRead = { _ in seen += 1 }
        scorer.onScored = nil
        scorer.onSkipped = nil
        scorer.shouldStop = { seen >= 4 }
        #expect(throws: DatasetScorer.Stopped.self) {
            try scorer.run(path: file.path, field: "text", explain: false, useCache: true, output: { _ in }, note: { _ in })
        }
        let cached = try String(contentsOf: try #require(FileManager.default.contentsOfDirectory(at: cacheFolder, includingPropertiesForKeys: nil).first),
                                encoding: .utf8)
        #expect(cached.split(separator: "\n").count == 1, "five equal texts share one cache entry")
    }

    @Test func explanationIsStructured() throws {
        let shared = SharedStatistic(try ModelFreeStatistic(detector: .bundled()))
        guard case .features(let features, let words) = try shared.explanation(DatasetScorerTests.longText) else {
            Issue.record("the model-free tier explains with features")
            return
        }
        #expect(words > 100)
        #expect(features.count == 6)
        #expect(features == features.sorted { abs($0.push) > abs($1.push) })
        #expect(shared.classifier != nil)
    }

    @Test func simpleEnglishWarns() throws {
        let classifier = try ModelFreeClassifier.bundled()
        var simple = SimpleEnglishCheck(classifier: classifier)
        let plain = Array(repeating: "I go to the shop. I buy the bread. It is good. I go home. I eat the bread. It is a good day.",
                          count: 6).joined(separator: " ")
        for _ in 0..<6 { simple.add(plain) }
        #expect(simple.sampled == 6)
        #expect(simple.warning != nil, "share \(simple.share)")

        var varied = SimpleEnglishCheck(classifier: classifier)
        let prose = "Parliament's committee deliberated extensively regarding infrastructure appropriations, scrutinising contractors' estimates, environmental assessments and procurement irregularities. Several representatives questioned whether consultancy expenditure had been adequately justified, demanding comprehensive documentation before authorising further disbursements. Meanwhile, municipal engineers described deteriorating bridges, overloaded drainage culverts and chronically underfunded maintenance schedules; residents' associations submitted petitions emphasising congestion, pollution and inadequate pedestrian crossings near schools. The chairwoman eventually adjourned proceedings, promising independent auditors would examine procurement records thoroughly."
        for _ in 0..<6 { varied.add(prose) }
        #expect(varied.sampled == 6)
        #expect(varied.warning == nil, "share \(varied.share)")
        var short = SimpleEnglishCheck(classifier: classifier)
        short.add("Too short to say anything.")
        #expect(short.sampled == 0)
    }
}
