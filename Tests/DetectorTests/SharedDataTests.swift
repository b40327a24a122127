import Foundation
import Testing
@testable import Detector

/// Checks on the project's shared dev data (../shared/data/detect); skipped with a message when it is absent.
@Suite struct SharedDataTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/detect")
    static var available: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent("imbd_generation_xsum.jsonl").path) }

    @Test(.enabled(if: available, "../shared/data/detect is absent: clone the project's shared data beside the repository"))
    func bundledModelSeparatesAKnownSource() throws {
        let loaded = try LabeledTexts.load([Self.folder.appendingPathComponent("imbd_generation_xsum.jsonl").path])
        #expect(loaded.texts.count == 1800 && loaded.skipped == 0)
        let detector = try ModelFreeDetector.bundled()
        var machine: [Double] = [], human: [Double] = []
        for text in loaded.texts {
            let analysis = detector.analyze(text.text)
            guard analysis.words >= detector.classifier.minWords else { continue }
            if text.machine { machine.append(analysis.logit) } else { human.append(analysis.logit) }
        }
        // In-distribution figures (this source is in the training set): a regression check, not a quality claim.
        #expect((ROC.auroc(machine: machine, human: human) ?? 0) > 0.95)
        #expect(ROC.rate(human, above: detector.classifier.threshold) <= 0.02)
    }

    @Test(.enabled(if: available, "../shared/data/detect is absent: clone the project's shared data beside the repository"))
    func heldOutEvaluationRuns() throws {
        let loaded = try LabeledTexts.load([Self.folder.appendingPathComponent("binoculars_pubmed_falcon7b.jsonl").path,
                                            Self.folder.appendingPathComponent("imbd_generation_xsum.jsonl").path])
        let evaluation = try ModelFreeTrainer().evaluate(loaded.texts, features: LabeledTexts.features(loaded.texts), inGroupFolds: 2)
        #expect(evaluation.groups.count == 2)
        #expect(evaluation.groups.allSatisfy { $0.heldOutAUROC != nil && $0.inGroupAUROC != nil })
    }
}
