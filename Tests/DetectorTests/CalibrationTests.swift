import Testing
@testable import Detector

@Suite struct CalibrationTests {
    @Test func clopperPearsonMatchesKnownValues() {
        // k = 0 of 100: the upper bound is 1 − 0.025^(1/100).
        let none = BinomialInterval.clopperPearson(successes: 0, trials: 100)
        #expect(none.lower == 0)
        #expect(abs(none.upper - 0.036217) < 1e-5)
        // k = 5 of 100 (R: binom.test(5, 100)$conf.int = 0.01643 0.11284).
        let five = BinomialInterval.clopperPearson(successes: 5, trials: 100)
        #expect(abs(five.lower - 0.016431) < 1e-5)
        #expect(abs(five.upper - 0.112837) < 1e-5)
        let wilson = BinomialInterval.wilson(successes: 5, trials: 100)
        #expect(abs(wilson.lower - 0.021543) < 1e-5 && abs(wilson.upper - 0.111750) < 1e-5)
        #expect(five.lower < wilson.lower && five.upper > wilson.upper - 0.01)
    }

    @Test func thresholdForATargetFPR() throws {
        let human = (0..<300).map { Double($0) / 100 }
        let fitted = try ThresholdCalibration.fit(method: .stats, modelKey: "k", humanStatistics: human, targetFPR: 0.01)
        #expect(fitted.flagged == 3 && fitted.humanTexts == 300)
        #expect(abs(fitted.fpr - 0.01) < 1e-12)
        #expect(fitted.fprLower < 0.01 && fitted.fprUpper > 0.02 && fitted.fprUpper < 0.04)
        // Binoculars: low = machine, so the threshold sits at the low end.
        let binoculars = try ThresholdCalibration.fit(method: .binoculars, modelKey: "k", humanStatistics: human, targetFPR: 0.01)
        #expect(binoculars.threshold == 0.03)
        let rule = DecisionRule(method: .binoculars, centre: 0.9, scale: 0.05, threshold: binoculars.threshold)
        #expect(rule.isMachine(0.02) && !rule.isMachine(0.03))
        #expect(throws: DetectorError.self) {
            try ThresholdCalibration.fit(method: .stats, modelKey: "k", humanStatistics: [], targetFPR: 0.01)
        }
    }

    @Test func probabilityAndThresholdAgree() {
        for method in DetectionMethod.allCases {
            let rule = DecisionRule(method: method, centre: 1, scale: 0.5, threshold: 1)
            let t = rule.statistic(probability: 0.8)
            #expect(abs(rule.probability(t) - 0.8) < 1e-9)
            #expect(rule.probability(1) == 0.5)
        }
        let binoculars = DecisionRule.defaultRule(.binoculars, classifier: nil)
        #expect(binoculars.probability(0.7) > 0.5 && binoculars.probability(1.1) < 0.5)
    }
}
