import Foundation

/// Trains the model-free classifier and measures it honestly: the default threshold is chosen on held-out scores
/// (each group's texts scored by a model fitted without that group), never on the texts a model was fitted on, and
/// the held-out AUROC of every group is what the README reports.
public struct ModelFreeTrainer {
    public var l2 = 1.0
    /// Texts shorter than this are left out of training and evaluation (they are abstained on).
    public var minWords = 100
    public var targetFPR = 0.01

    public init() {}

    public struct GroupFigures: Sendable {
        public var group: String
        public var machine: Int, human: Int
        /// AUROC of the group's texts under a model trained on every other group.
        public var heldOutAUROC: Double?
        /// Mean AUROC of 5-fold cross-validation inside the group.
        public var inGroupAUROC: Double?
        /// Share of the group's human texts flagged at the global held-out threshold.
        public var heldOutFPR: Double
        public var heldOutTPR: Double
    }

    public struct Evaluation: Sendable {
        public var groups: [GroupFigures]
        /// Every text's held-out logit (scored by the model that did not see its group).
        public var heldOutLogits: [Double]
        public var threshold: Double
        public var pooledAUROC: Double?
        public var pooledFPR: Double
        public var pooledTPR: Double
    }

    /// Leave-one-group-out (and in-group 5-fold) evaluation of texts with at least `minWords` words.
    public func evaluate(_ texts: [LabeledText], features: [(values: [Double], words: Int)],
                         inGroupFolds: Int = 5) throws -> Evaluation {
        let keep = texts.indices.filter { features[$0].words >= minWords }
        let groups = Array(Set(keep.map { texts[$0].group })).sorted()
        var logits = [Double](repeating: .nan, count: texts.count)
        var figures: [GroupFigures] = []
        for group in groups {
            let train = keep.filter { texts[$0].group != group }, test = keep.filter { texts[$0].group == group }
            var heldOut: Double?
            if !train.isEmpty, Set(train.map { texts[$0].machine }).count == 2 {
                let model = try LogisticRegression.fit(train.map { features[$0].values }, train.map { texts[$0].machine }, l2: l2)
                for i in test { logits[i] = model.logit(features[i].values) }
                heldOut = ROC.auroc(machine: test.filter { texts[$0].machine }.map { logits[$0] },
                                    human: test.filter { !texts[$0].machine }.map { logits[$0] })
            }
            // In-group k-fold: folds by position (the group's texts in file order, pairs kept together).
            var inGroup: [Double] = []
            for fold in 0..<inGroupFolds {
                let foldTest = test.enumerated().filter { ($0.offset * inGroupFolds / max(test.count, 1)) == fold }.map(\.element)
                let foldSet = Set(foldTest)
                let foldTrain = test.filter { !foldSet.contains($0) }
                guard Set(foldTrain.map { texts[$0].machine }).count == 2 else { continue }
                let model = try LogisticRegression.fit(foldTrain.map { features[$0].values }, foldTrain.map { texts[$0].machine }, l2: l2)
                if let a = ROC.auroc(machine: foldTest.filter { texts[$0].machine }.map { model.logit(features[$0].values) },
                                     human: foldTest.filter { !texts[$0].machine }.map { model.logit(features[$0].values) }) {
                    inGroup.append(a)
                }
            }
            figures.append(GroupFigures(group: group, machine: test.filter { texts[$0].machine }.count,
                                        human: test.filter { !texts[$0].machine }.count, heldOutAUROC: heldOut,
                                        inGroupAUROC: inGroup.isEmpty ? nil : inGroup.reduce(0, +) / Double(inGroup.count),
                                        heldOutFPR: .nan, heldOutTPR: .nan))
        }
        let scoredIdx = keep.filter { logits[$0].isFinite }
        let human = scoredIdx.filter { !texts[$0].machine }.map { logits[$0] }
        let machine = scoredIdx.filter { texts[$0].machine }.map { logits[$0] }
        let threshold = ROC.threshold(human: human, fpr: targetFPR)
        for k in figures.indices {
            let members = scoredIdx.filter { texts[$0].group == figures[k].group }
            figures[k].heldOutFPR = ROC.rate(members.filter { !texts[$0].machine }.map { logits[$0] }, above: threshold)
            figures[k].heldOutTPR = ROC.rate(members.filter { texts[$0].machine }.map { logits[$0] }, above: threshold)
        }
        return Evaluation(groups: figures, heldOutLogits: logits, threshold: threshold,
                          pooledAUROC: ROC.auroc(machine: machine, human: human),
                          pooledFPR: ROC.rate(human, above: threshold), pooledTPR: ROC.rate(machine, above: threshold))
    }

    /// Fits the shipped classifier on every text of at least `minWords` words; the threshold is the held-out one.
    public func train(_ texts: [LabeledText], features: [(values: [Double], words: Int)], command: String,
                      trainedOn: String) throws -> (ModelFreeClassifier, Evaluation) {
        let evaluation = try evaluate(texts, features: features, inGroupFolds: 0)
        let keep = texts.indices.filter { features[$0].words >= minWords }
        let model = try LogisticRegression.fit(keep.map { features[$0].values }, keep.map { texts[$0].machine }, l2: l2)
        let human = keep.filter { !texts[$0].machine }.map { features[$0].values }
        var low: [Double] = [], high: [Double] = []
        for j in 0..<ModelFreeFeatures.names.count {
            let column = human.map { $0[j] }.sorted()
            low.append(column.isEmpty ? 0 : column[Int(Double(column.count - 1) * 0.05)])
            high.append(column.isEmpty ? 0 : column[Int(Double(column.count - 1) * 0.95)])
        }
        let classifier = ModelFreeClassifier(command: command, trainedOn: trainedOn, regression: model, humanLow: low,
                                             humanHigh: high, threshold: evaluation.threshold, targetFPR: targetFPR,
                                             heldOutFPR: evaluation.pooledFPR, heldOutTPR: evaluation.pooledTPR,
                                             minWords: minWords)
        return (classifier, evaluation)
    }
}
