import Engine
import Foundation
import Testing
@testable import Runs

@Suite struct TrainingDataTests {
    func example(_ ids: [Int32], learnedFrom: Int) -> TokenizedExample {
        TokenizedExample(ids: ids, learned: ids.indices.map { $0 >= learnedFrom }, line: 1)
    }

    @Test func paddingMasksPadsAndPromptAndCutsLongExamples() {
        let padded = TrainingData.pad(example([5, 6, 7, 8], learnedFrom: 2), length: 6, padId: 0)
        #expect(padded.tokens == [5, 6, 7, 8, 0, 0])
        #expect(padded.labels == [-100, -100, 7, 8, -100, -100])
        let cut = TrainingData.pad(example([1, 2, 3, 4, 5], learnedFrom: 0), length: 3, padId: 0)
        #expect(cut.tokens == [1, 2, 3] && cut.labels == [1, 2, 3])
    }

    @Test func packingKeepsEveryTokenAndItsMaskInOrder() {
        let examples = [example([1, 2, 3], learnedFrom: 1), example([4, 5, 6, 7, 8], learnedFrom: 3), example([9], learnedFrom: 0)]
        let packed = TrainingData.pack(examples, length: 4, padId: 0)
        #expect(packed.map(\.tokens) == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 0, 0, 0]])
        #expect(packed.map(\.labels) == [[-100, 2, 3, -100], [-100, -100, 7, 8], [9, -100, -100, -100]])
    }

    @Test func theCausalBatchShiftsLabelsToNextTokenTargets() throws {
        let sequence = TrainingData.pad(example([5, 6, 7, 8], learnedFrom: 2), length: 5, padId: 0)
        let data = TrainingData(train: [sequence], eval: [], report: DataReport(), sequenceLength: 5, batchSize: 1, seed: 1,
                                vocabSize: 10, maxPositions: 16)
        let batch = try data.trainBatch(microBatch: 0)
        // Position t predicts token t+1: only 7 and 8 (the learned tokens) are targets.
        #expect(batch.targets == [-100, 7, 8, -100, -100])
    }

    @Test func theSplitIsDeterministicBySeedAndHoldsOutTheFraction() {
        let examples = (0..<100).map { TokenizedExample(ids: [Int32($0)], learned: [true], line: $0 + 1) }
        let a = TrainingData.split(examples, fraction: 0.1, seed: 42)
        let b = TrainingData.split(examples, fraction: 0.1, seed: 42)
        let c = TrainingData.split(examples, fraction: 0.1, seed: 43)
        #expect(a.eval.count == 10 && a.train.count == 90)
        #expect(a.eval == b.eval && a.train == b.train)
        #expect(a.eval != c.eval)
        #expect(Set(a.eval.map(\.line)).isDisjoint(with: a.train.map(\.line)))
        // File order is kept within each part.
        #expect(a.train.map(\.line) == a.train.map(\.line).sorted())
        #expect(TrainingData.split(Array(examples.prefix(2)), fraction: 0.01, seed: 1).eval.count == 1)
    }

    @Test func eachEpochVisitsEverySequenceOnceInItsOwnSeededOrder() {
        let sequences = (0..<10).map { TrainingSequence(tokens: [Int32($0), 0], labels: [Int32($0), 0]) }
        let data = TrainingData(train: sequences, eval: [], report: DataReport(), sequenceLength: 2, batchSize: 3, seed: 7,
                                vocabSize: 16, maxPositions: 8)
        #expect(data.microBatchesPerEpoch == 4)
        let epoch0 = (0..<4).flatMap { data.sequenceIndices(microBatch: $0) }
        let epoch1 = (4..<8).flatMap { data.sequenceIndices(microBatch: $0) }
        #expect(Set(epoch0.prefix(10)) == Set(0..<10))
        #expect(Set(epoch1.prefix(10)) == Set(0..<10))
        #expect(epoch0 != epoch1)
        let again = TrainingData(train: sequences, eval: [], report: DataReport(), sequenceLength: 2, batchSize: 3, seed: 7,
                                 vocabSize: 16, maxPositions: 8)
        // Random access: the same micro-batch from a fresh object (as after a resume) is the same batch.
        #expect(again.sequenceIndices(microBatch: 6) == data.sequenceIndices(microBatch: 6))
    }

    @Test func loadingCountsAndReportsBadRecordsWithTheirLines() throws {
        let folder = try RunsTestSupport.temporaryFolder("data")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let file = try RunsTestSupport.alpacaFile(in: folder, count: 10, badLine: true)
        var config = RunsTestSupport.runConfig(model: model, data: file)
        let builder = ExampleBuilder(data: config.data, formatter: try RunsTestSupport.formatter(model: model, format: "completion"))
        let data = try TrainingData.load(config: config, builder: builder, vocabSize: 300, maxPositions: 64, padId: 0)
        #expect(data.report.records == 11)
        #expect(data.report.skipped == [RecordProblem(file: "data.jsonl", line: 4, message: "has no 'output' column; map it with data.columns.output")])
        #expect(data.report.trainExamples + data.report.evalExamples == 10)
        #expect(data.report.evalExamples == 2)

        config.data.badRecords = .fail
        #expect(throws: RecordProblem.self) {
            try TrainingData.load(config: config, builder: builder, vocabSize: 300, maxPositions: 64, padId: 0)
        }
    }

    @Test func learningRateSchedulesMatchHuggingFace() {
        let cosine = LearningRateSchedule(peak: 1, schedule: .cosine, warmupSteps: 10, totalSteps: 110)
        #expect(cosine.rate(afterSteps: 0) == 0)
        #expect(abs(cosine.rate(afterSteps: 5) - 0.5) < 1e-12)
        #expect(cosine.rate(afterSteps: 10) == 1)
        #expect(abs(cosine.rate(afterSteps: 60) - 0.5) < 1e-12)
        #expect(abs(cosine.rate(afterSteps: 110)) < 1e-12)
        let linear = LearningRateSchedule(peak: 2, schedule: .linear, warmupSteps: 0, totalSteps: 4)
        #expect([0, 1, 2, 3].map { linear.rate(afterSteps: $0) } == [2, 1.5, 1, 0.5])
        #expect(LearningRateSchedule(peak: 3, schedule: .constant, warmupSteps: 0, totalSteps: 4).rate(afterSteps: 3) == 3)
    }
}

/// A training file cut short loses every record after the cut: loading it stops the run instead of training on
/// what came before in silence.
@Suite struct TruncatedTrainingFileTests {
    @Test func aCutGzipFileStopsTheRun() throws {
        let folder = try RunsTestSupport.temporaryFolder("cut-gzip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try RunsTestSupport.tinyModel(in: folder)
        let plain = try RunsTestSupport.alpacaFile(in: folder, count: 400)
        let gzip = folder.appendingPathComponent("data.jsonl.gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(plain.path)' > '\(gzip.path)'"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "gzip is not available")
        let bytes = try Data(contentsOf: gzip)
        try bytes.prefix(bytes.count * 2 / 3).write(to: gzip)
        let config = RunsTestSupport.runConfig(model: model, data: gzip)
        let builder = ExampleBuilder(data: config.data, formatter: try RunsTestSupport.formatter(model: model, format: "completion"))
        do {
            _ = try TrainingData.load(config: config, builder: builder, vocabSize: 512, maxPositions: 64, padId: 0)
            Issue.record("a truncated gzip file was loaded for training")
        } catch let error as RunFolderError {
            #expect(error.reason.contains("ends early") && error.reason.contains("records could be read"), "\(error)")
        }
    }
}
