import Engine
import Foundation
import Testing
@testable import Runs

@Suite struct CheckpointTests {
    func optimizer(seed: UInt64) -> Optimizer {
        let parameters = [ParameterTensor(name: "a.weight", shape: [3, 4]), ParameterTensor(name: "b.weight", shape: [5])]
        var generator = SeededGenerator(seed: seed)
        for p in parameters {
            p.setTrainable(true)
            for i in 0..<p.count { p.value[i] = generator.nextNormal(); p.gradient![i] = generator.nextNormal() }
        }
        let optimizer = Optimizer(parameters: parameters, settings: .init(learningRate: 0.1), maxGradientNorm: 1)
        optimizer.step(learningRate: 0.1)
        return optimizer
    }

    func state(step: Int) -> CheckpointState {
        CheckpointState(step: step, microBatch: step * 2, seed: 9, bestEvalLoss: 1.25, evaluationsWithoutImprovement: 1,
                        tokens: 100, elapsedSeconds: 3.5, trainSequences: 7, lastLoss: 2, lastEvalLoss: nil)
    }

    @Test func weightsMomentsAndStateRoundTripExactly() throws {
        let folder = RunFolder(url: try RunsTestSupport.temporaryFolder("ckpt"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let saved = optimizer(seed: 1)
        let file = try Checkpoint.write(state: state(step: 5), optimizer: saved, folder: folder, keep: 2)
        let restored = optimizer(seed: 2)
        let back = try Checkpoint.restore(file, into: restored)
        #expect(back == state(step: 5))
        #expect(restored.stepCount == 5)
        for (a, b) in zip(saved.parameters, restored.parameters) { #expect(a.value.array == b.value.array) }
        for i in 0..<2 {
            #expect(saved.firstMoments[i].array == restored.firstMoments[i].array)
            #expect(saved.secondMoments[i].array == restored.secondMoments[i].array)
        }
    }

    @Test func aTruncatedNewestCheckpointFallsBackToTheOneBefore() throws {
        let folder = RunFolder(url: try RunsTestSupport.temporaryFolder("ckpt-fallback"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let older = optimizer(seed: 1)
        try Checkpoint.write(state: state(step: 4), optimizer: older, folder: folder, keep: 3)
        let newest = try Checkpoint.write(state: state(step: 8), optimizer: optimizer(seed: 3), folder: folder, keep: 3)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: newest.url.path)[.size] as? Int)
        let handle = try FileHandle(forWritingTo: newest.url)
        try handle.truncate(atOffset: UInt64(size - 10))  // inside the data: several tensors now overrun the end
        try handle.close()
        let restored = optimizer(seed: 2)
        var skipped: [Int] = []
        let result = try #require(try Checkpoint.restoreNewestReadable(in: folder, into: restored) { file, _ in skipped.append(file.step) })
        #expect(result.file.step == 4 && result.state == state(step: 4))
        #expect(skipped == [8])
        for (a, b) in zip(older.parameters, restored.parameters) { #expect(a.value.array == b.value.array) }
        // The message names the same problem on every attempt.
        var messages: Set<String> = []
        for _ in 0..<5 {
            do { _ = try Checkpoint.restore(newest, into: optimizer(seed: 2)) } catch { messages.insert("\(error)") }
        }
        #expect(messages.count == 1)
    }

    @Test func onlyCompleteFilesCountAndOldOnesArePruned() throws {
        let folder = RunFolder(url: try RunsTestSupport.temporaryFolder("ckpt"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let opt = optimizer(seed: 1)
        for step in [2, 4, 6] { try Checkpoint.write(state: state(step: step), optimizer: opt, folder: folder, keep: 2) }
        #expect(folder.checkpoints().map(\.step) == [4, 6])
        // A write killed midway leaves only a temporary file, which is never taken for a checkpoint.
        try Data(repeating: 7, count: 100).write(to: folder.checkpointsURL.appendingPathComponent(".step-00000008.safetensors.tmp-123"))
        #expect(folder.latestCheckpoint?.step == 6)
        _ = try Checkpoint.readState(try #require(folder.latestCheckpoint))
    }

    @Test func aDamagedCheckpointIsAnErrorNamingTheFile() throws {
        let folder = RunFolder(url: try RunsTestSupport.temporaryFolder("ckpt"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let file = try Checkpoint.write(state: state(step: 1), optimizer: optimizer(seed: 1), folder: folder, keep: 2)
        let bytes = try Data(contentsOf: file.url)
        try bytes.prefix(bytes.count - 10).write(to: file.url)
        do {
            _ = try Checkpoint.restore(file, into: optimizer(seed: 2))
            Issue.record("a truncated checkpoint was accepted")
        } catch let error as RunFolderError {
            #expect(error.path == file.url.path)
        }
    }

    @Test func aRunFolderIsTheSameHoweverItsURLWasMade() {
        let base = URL(fileURLWithPath: "/tmp/runs/")
        let relative = RunFolder(url: URL(fileURLWithPath: "a", relativeTo: base))
        #expect(relative == RunFolder(path: "/tmp/runs/a"))
        #expect(RunFolder(path: "/tmp/runs/x/../a") == RunFolder(path: "/tmp/runs/a"))
        #expect(relative.url.path == "/tmp/runs/a")
    }
}
