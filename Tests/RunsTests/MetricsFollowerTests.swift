import Foundation
import Testing
@testable import Runs

@Suite struct MetricsFollowerTests {
    @Test func readsOnlyNewCompleteLinesAndWaitsForAPartialOne() throws {
        let folder = try RunsTestSupport.temporaryFolder("metrics")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("metrics.jsonl")
        var follower = MetricsFollower(url: url)
        #expect(follower.poll().isEmpty)
        let log = try MetricsLog(url: url)
        try log.append(MetricsRecord(kind: .train, step: 1, loss: 2.5))
        try log.append(MetricsRecord(kind: .eval, step: 1, evalLoss: 2.25))
        #expect(follower.poll().map(\.step) == [1, 1])
        #expect(follower.poll().isEmpty)
        // A writer caught mid-line: the partial line waits.
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data(#"{"kind":"train","st"#.utf8))
        #expect(follower.poll().isEmpty)
        handle.write(Data((#"ep":2,"loss":1.5}"# + "\n").utf8))
        try handle.close()
        let next = follower.poll()
        #expect(next == [MetricsRecord(kind: .train, step: 2, loss: 1.5)])
    }

    @Test func aTornLineFromACrashIsSkippedAndTheNextRecordStillReads() throws {
        let folder = try RunsTestSupport.temporaryFolder("metrics")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("metrics.jsonl")
        try Data((#"{"kind":"train","step":1,"loss":3}"# + "\n" + #"{"kind":"tra"#).utf8).write(to: url)
        try MetricsLog(url: url).append(MetricsRecord(kind: .resume, step: 1))
        var follower = MetricsFollower(url: url)
        #expect(follower.poll().map(\.kind) == [.train, .resume])
        #expect(follower.malformedLines == 1)
    }

    @Test func aResumeMarkerSupersedesLaterStepsOfTheCrashedAttempt() {
        let records = [MetricsRecord(kind: .train, step: 1, loss: 3), MetricsRecord(kind: .train, step: 2, loss: 2.9),
                       MetricsRecord(kind: .train, step: 3, loss: 2.8), MetricsRecord(kind: .resume, step: 2),
                       MetricsRecord(kind: .train, step: 3, loss: 2.7)]
        let effective = MetricsRecord.effective(records)
        #expect(effective.filter { $0.kind == .train }.map(\.loss) == [3, 2.9, 2.7])
    }

    @Test func aTruncatedFileIsReadAgainFromTheStart() throws {
        let folder = try RunsTestSupport.temporaryFolder("metrics")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("metrics.jsonl")
        try MetricsLog(url: url).append(MetricsRecord(kind: .train, step: 1, loss: 1))
        try MetricsLog(url: url).append(MetricsRecord(kind: .train, step: 2, loss: 1))
        var follower = MetricsFollower(url: url)
        #expect(follower.poll().count == 2)
        try Data((MetricsRecord(kind: .train, step: 9, loss: 1).jsonLine() + "\n").utf8).write(to: url)
        #expect(follower.poll().map(\.step) == [9])
        #expect(follower.didRestart)
    }
}
