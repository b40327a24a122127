import Testing
@testable import Detector

@Suite struct ClassifierTests {
    @Test func fitsATinySeparableSet() throws {
        // Machine when x0 − x1 > 0; x2 is noise.
        let x: [[Double]] = [[2, 0, 5], [3, 1, 1], [4, 0, 3], [1, 3, 2], [0, 2, 4], [1, 4, 1], [5, 2, 2], [0, 5, 3]]
        let y = [true, true, true, false, false, false, true, false]
        let model = try LogisticRegression.fit(x, y, l2: 0.1)
        for (row, label) in zip(x, y) { #expect((model.logit(row) > 0) == label) }
        #expect(model.weights[0] > 0 && model.weights[1] < 0)
        #expect(abs(model.weights[2]) < abs(model.weights[0]))
    }

    @Test func refusesOneClass() {
        #expect(throws: DetectorError.self) { try LogisticRegression.fit([[1], [2]], [true, true]) }
    }

    @Test func rocFigures() {
        #expect(ROC.auroc(machine: [3, 4], human: [1, 2]) == 1)
        #expect(ROC.auroc(machine: [1, 2], human: [3, 4]) == 0)
        #expect(ROC.auroc(machine: [1, 1], human: [1, 1]) == 0.5)
        #expect(ROC.auroc(machine: [], human: [1]) == nil)
        let human = (0..<100).map(Double.init)
        let t = ROC.threshold(human: human, fpr: 0.01)
        #expect(t == 98)
        #expect(ROC.rate(human, above: t) == 0.01)
        #expect(ROC.tpr(machine: [99.5, 97, 100], human: human, atFPR: 0.01) == 2.0 / 3.0)
    }

    @Test func bundledWeightsLoadAndMatchTheFeatures() throws {
        let classifier = try ModelFreeClassifier.bundled()
        #expect(classifier.features == ModelFreeFeatures.names)
        #expect(classifier.minWords > 0)
        #expect(classifier.thresholdHeldOutFPR <= 0.02)
        let reloaded = try ModelFreeClassifier.load(try classifier.encoded(), source: "round trip")
        #expect(reloaded.weights == classifier.weights && reloaded.threshold == classifier.threshold)
    }

    @Test func refusesWeightsForOtherFeatures() throws {
        var classifier = try ModelFreeClassifier.bundled()
        classifier.features.removeLast()
        #expect(throws: DetectorError.self) { try ModelFreeClassifier.load(try classifier.encoded(), source: "old") }
        #expect(throws: DetectorError.self) { try ModelFreeClassifier.load(Data("{}".utf8), source: "empty") }
    }

    @Test func explanationsRankThePushes() throws {
        let detector = try ModelFreeDetector.bundled()
        let analysis = detector.analyze("We delve into a crucial and intricate tapestry of insights. Moreover, it is essential to navigate this landscape.")
        let explanation = detector.explain(analysis, top: 4)
        #expect(explanation.count == 4)
        #expect(explanation.first?.feature == "chat_vocabulary_rate")
        #expect(explanation.first?.position == "above")
        #expect(zip(explanation, explanation.dropFirst()).allSatisfy { abs($0.push) >= abs($1.push) })
    }
}

import Foundation
