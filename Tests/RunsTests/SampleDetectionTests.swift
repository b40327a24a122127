import Foundation
import Testing
@testable import Runs

/// `[detector]` in a run config: each evaluation's samples scored, a `detect` record per evaluation, and the config
/// checked before anything is loaded.
@Suite(.serialized) struct SampleDetectionTests {
    @Test func aRunWithADetectorScoresEachEvaluationsSamples() throws {
        let folder = try RunsTestSupport.temporaryFolder("detect")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let data = try RunsTestSupport.alpacaFile(in: folder, count: 12)
        var config = RunsTestSupport.runConfig(model: model, data: data)
        config.evaluation.samplePrompts = ["Compute the sum of the two numbers.\n\n3 and 4", "Count the vowels."]
        config.evaluation.sampleMaxTokens = 40
        // White-box Fast-DetectGPT with the run's own base model: judges texts of 32 tokens and more.
        config.detector.method = .fastDetectGPT
        config.detector.model = model.path
        #expect(config.validate().isEmpty, "\(config.validate())")
        let run = try TrainingRun.create(config: config, out: folder.appendingPathComponent("run"))
        run.start()
        #expect(run.waitUntilFinished(timeout: 300))
        #expect(run.snapshot.status == .completed, "\(run.snapshot.error ?? "")")
        let records = MetricsFollower.readAll(url: run.folder.metricsURL)
        let samples = records.filter { $0.kind == .sample }
        let detects = records.filter { $0.kind == .detect }
        #expect(detects.map(\.step) == [3, 6])
        #expect(samples.count == 4 && samples.allSatisfy { $0.detector == "fast-detectgpt" })
        for detect in detects {
            let own = samples.filter { $0.step == detect.step }
            // One score per sample, in prompt order, equal to the sample's own; the mean over the judged ones.
            #expect(detect.scores == own.map(\.detectorScore))
            let judged = own.compactMap(\.detectorScore)
            #expect(judged.allSatisfy { $0 > 0 && $0 < 1 })
            if judged.isEmpty {
                #expect(detect.detectorScore == nil)
            } else {
                let mean = judged.reduce(0, +) / Double(judged.count)
                #expect(abs(detect.detectorScore! - mean) < 1e-12)
            }
        }
        // A random tiny model runs to sample_max_tokens (it never predicts its end token), so at least one is judged.
        #expect(samples.contains { $0.detectorScore != nil }, "\(samples.map(\.text))")
    }

    @Test func theModelFreeTierAbstainsOnShortSamplesAndSaysSo() throws {
        let detector = try #require(try SampleDetector(RunConfig.SampleDetection(method: .stats)))
        #expect(detector.probability(of: "Three words only.") == nil)
        let long = String(repeating: "The committee reviewed the proposal and agreed that the budget should be revised before the next meeting. ", count: 12)
        let score = try #require(detector.probability(of: long))
        #expect(score > 0 && score < 1)
        #expect(abs(try #require(SampleDetector.mean([0.2, nil, 0.4])) - 0.3) < 1e-12)
        #expect(SampleDetector.mean([nil, nil]) == nil)
        #expect(try SampleDetector(RunConfig.SampleDetection()) == nil)
    }

    @Test func theDetectorSectionIsReadAndChecked() throws {
        let config = try RunConfig(toml: """
            [model]
            base = "m"
            [detector]
            method = "binoculars"
            model = "performer"
            """)
        #expect(config.detector.method == .binoculars && config.detector.model == "performer")
        let problems = config.validate().filter { $0.field.hasPrefix("detector.") }
        #expect(problems.contains { $0.field == "detector.observer" && $0.message.contains("required") })
        #expect(problems.contains { $0.field == "detector.model" && $0.message.contains("not a model folder") })
        var stats = RunConfig()
        stats.detector.method = .stats
        stats.detector.model = "x"
        #expect(stats.validate().contains { $0.field == "detector.model" && $0.message.contains("fast-detectgpt or binoculars") })
        #expect(throws: RunConfigError.self) { try RunConfig(toml: "[detector]\nmethod = \"gptzero\"\n") }
        // A resolved config (the run folder's config.toml) keeps the detector's paths absolute.
        var relative = RunConfig()
        relative.baseDirectory = URL(fileURLWithPath: "/tmp/runs-base")
        relative.detector.model = "scorer"
        #expect(relative.resolved().detector.model == "/tmp/runs-base/scorer")
    }
}
