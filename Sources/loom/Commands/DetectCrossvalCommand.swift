import ArgumentParser
import Detector
import Foundation

/// `loom detect crossval FILE…`: leave-one-group-out and in-group cross-validated AUROC of the model-free tier.
struct DetectCrossvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossval",
        abstract: "Held-out (leave-one-source-out) and in-source cross-validated AUROC of the model-free tier.",
        discussion: """
            Each group (each file, or each value of --group-field) is held out in turn: a model fitted on the other \
            groups scores it. In-group AUROC is 5-fold cross-validation inside the group. FPR/TPR are at the \
            threshold that flags 1% of all held-out human texts.
            """
    )

    @Argument(help: "Labelled JSONL/CSV/JSON/Parquet files.") var files: [String]
    @Option(name: .long, help: "The field that holds the text.") var field = "text"
    @Option(name: .long, help: "The field that holds the label.") var labelField = "label"
    @Option(name: .long, help: "Group by this field instead of by file.") var groupField: String?
    @Option(name: .long, help: "Texts with fewer words are left out.") var minWords = 100
    @Option(name: .long, help: "L2 penalty on the standardised weights.") var l2 = 1.0
    @Option(name: .long, help: "Also write every text's group, label, word count and features as TSV here.") var dump: String?

    func run() throws {
        do {
            let loaded = try LabeledTexts.load(files, field: field, labelField: labelField,
                                               grouping: groupField.map { .field($0) } ?? .file)
            let start = Date()
            let features = LabeledTexts.features(loaded.texts)
            let seconds = Date().timeIntervalSince(start)
            if let dump {
                var out = "group\tmachine\tgenerator\twords\t" + ModelFreeFeatures.names.joined(separator: "\t") + "\n"
                for (t, f) in zip(loaded.texts, features) {
                    out += "\(t.group)\t\(t.machine ? 1 : 0)\t\(t.generator ?? "")\t\(f.words)\t" + f.values.map { String($0) }.joined(separator: "\t") + "\n"
                }
                try Data(out.utf8).write(to: URL(fileURLWithPath: dump))
            }
            var trainer = ModelFreeTrainer()
            trainer.minWords = minWords
            trainer.l2 = l2
            let evaluation = try trainer.evaluate(loaded.texts, features: features)
            print("\(loaded.texts.count) texts (\(features.filter { $0.words >= minWords }.count) of ≥ \(minWords) words), features in \(String(format: "%.1f", seconds)) s")
            print(pad("held-out group", 48) + " machine  human  AUROC  in-grp    FPR    TPR")
            for g in evaluation.groups {
                print(pad(String(g.group.suffix(48)), 48) + " " + pad(String(g.machine), 7, right: true) + " "
                      + pad(String(g.human), 6, right: true) + "  " + format(g.heldOutAUROC ?? .nan) + "   "
                      + format(g.inGroupAUROC ?? .nan) + "  " + format(g.heldOutFPR) + "  " + format(g.heldOutTPR))
            }
            // Held-out AUROC by length: where the model-free tier stops being worth a decision (min_words).
            let buckets = [(minWords, 25), (25, 50), (50, 100), (100, 200), (200, Int.max)].filter { $0.1 > minWords }
            for (low, high) in buckets {
                let members = loaded.texts.indices.filter { features[$0].words >= max(low, minWords) && features[$0].words < high && evaluation.heldOutLogits[$0].isFinite }
                let machine = members.filter { loaded.texts[$0].machine }.map { evaluation.heldOutLogits[$0] }
                let human = members.filter { !loaded.texts[$0].machine }.map { evaluation.heldOutLogits[$0] }
                print("words \(max(low, minWords))–\(high == Int.max ? "" : String(high - 1)): \(machine.count) machine, \(human.count) human, held-out AUROC \(format(ROC.auroc(machine: machine, human: human) ?? .nan)), FPR \(format(ROC.rate(human, above: evaluation.threshold)))")
            }
            print("pooled held-out AUROC \(format(evaluation.pooledAUROC ?? .nan)); at logit \(format(evaluation.threshold)): FPR \(format(evaluation.pooledFPR)), TPR \(format(evaluation.pooledTPR))")
        } catch let error as DetectorError {
            throw error
        }
    }
}

/// `s` padded with spaces to `width` characters (on the left when `right`).
func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return right ? fill + s : s + fill
}
