import Foundation
import Testing
@testable import Runs

/// The run folder an exported train.py's callback writes (Fixtures/trl-callback: metrics.jsonl and status.json from a
/// real run, made by Scripts/export/check_trl_export.py --write-fixture) reads with Loom's own run reader, and a run
/// on another machine is told apart from a dead local one.
@Suite struct TRLCallbackFormatTests {
    /// A run folder holding the fixture's files and a config.toml (which train.py copies from the export).
    func runFolder(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> RunFolder {
        let fixture = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("trl-callback")
        let runs = try RunsTestSupport.temporaryFolder("trl-callback")
        let folder = RunFolder(url: runs.appendingPathComponent("sample-lora-trl"))
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture.appendingPathComponent("metrics.jsonl"), to: folder.metricsURL)
        var status = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.appendingPathComponent("status.json"))) as? [String: Any])
        edit(&status)
        try JSONSerialization.data(withJSONObject: status).write(to: folder.statusURL)
        try RunConfig().tomlText().write(to: folder.configURL, atomically: true, encoding: .utf8)
        return folder
    }

    @Test func metricsLinesReadAsLoomsRecords() throws {
        let folder = try runFolder()
        var follower = MetricsFollower(url: folder.metricsURL)
        let records = follower.poll()
        #expect(follower.malformedLines == 0)
        let train = records.filter { $0.kind == .train }
        #expect(train.map(\.step) == Array(1...train.count) && train.count >= 3)
        // An evaluation and the sample generations at eval.every = 25, as Loom writes them.
        let eval = try #require(records.first { $0.kind == .eval })
        #expect(eval.step == 25 && eval.evalLoss.map { $0.isFinite && $0 > 0 } == true && eval.tokens != nil)
        let samples = records.filter { $0.kind == .sample && $0.step == 25 }
        #expect(samples.count == 2 && samples.allSatisfy { $0.prompt?.isEmpty == false && $0.text != nil })
        var tokens = 0
        for record in train {
            let loss = try #require(record.loss)
            #expect(loss.isFinite && loss > 0)
            #expect(record.learningRate != nil && record.gradNorm != nil && record.tokensPerSecond != nil)
            #expect((record.epoch ?? 0) > 0 && (record.elapsedSeconds ?? 0) > 0)
            let now = try #require(record.tokens)
            #expect(now > tokens)
            tokens = now
        }
        // The first steps warm up from 0 as Loom's schedule does.
        #expect(train.first?.learningRate == 0)
        #expect(MetricsFollower.readAll(url: folder.metricsURL) == records)
    }

    @Test func statusReadsWithHostAndAccelerators() throws {
        let folder = try runFolder()
        let status = try #require(folder.status())
        #expect(status.name == "sample-lora")
        #expect(status.status == .completed && status.activity == "done")
        let trained = MetricsFollower.readAll(url: folder.metricsURL).filter { $0.kind == .train }.count
        #expect(status.step == trained && status.totalSteps == 150)
        #expect(status.host?.isEmpty == false)
        #expect(status.gpus?.isEmpty == false)
        #expect(status.lastLoss != nil && status.trainExamples > 0 && status.evalExamples > 0)
        #expect(status.updated > Date(timeIntervalSince1970: 1_700_000_000))
        #expect(RunFolder.list(in: folder.url.deletingLastPathComponent()).map(\.name) == ["sample-lora-trl"])
    }

    @Test func aRunOnAnotherMachineIsNotInterruptedButGoesStale() throws {
        let remote = try runFolder {
            $0["status"] = "running"
            $0["host"] = "gpu-node-17"
            $0["pid"] = 2_147_483_000  // no such process here; meaningless on another host
        }
        let status = try #require(remote.status())
        #expect(status.status == .running)
        let last = try #require(remote.lastActivity())
        #expect(!remote.isStale(status, after: 600, now: last.addingTimeInterval(60)))
        #expect(remote.isStale(status, after: 600, now: last.addingTimeInterval(601)))
        #expect(!remote.isStale(status, after: 0, now: last.addingTimeInterval(10_000)))

        let local = try runFolder {
            $0["status"] = "running"
            $0["host"] = RunFolder.localHost
            $0["pid"] = 2_147_483_000
        }
        #expect(local.status()?.status == .interrupted)
        // A finished run is never stale.
        let finished = try runFolder()
        #expect(!finished.isStale(finished.status(), after: 1, now: Date().addingTimeInterval(3600)))
    }
}
