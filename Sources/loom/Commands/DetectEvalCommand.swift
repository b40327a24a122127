import ArgumentParser
import Detector
import Foundation

/// `loom detect eval FILE --label-field label`: how well the detector separates labelled texts.
struct DetectEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Print AUROC, TPR at 1% FPR and FPR at the default threshold on labelled texts.",
        discussion: """
            Labels: "machine"/"ai"/1/true and "human"/0/false. Abstained texts (too short) are counted and left out \
            of the figures. Figures are broken down by `generator` (its machine texts against all human texts) and \
            by `domain` when the records have them.
            """
    )

    @Argument(help: "Labelled JSONL/CSV/JSON/Parquet files.") var files: [String]
    @Option(name: .long, help: "The field that holds the text.") var field = "text"
    @Option(name: .long, help: "The field that holds the label.") var labelField = "label"
    @OptionGroup var methodOptions: DetectMethodOptions

    func run() throws {
        let (source, classifier) = try methodOptions.statistic()
        let rule = DecisionRule.defaultRule(source.method, classifier: classifier)
        let loaded: (texts: [LabeledText], skipped: Int)
        do { loaded = try LabeledTexts.load(files, field: field, labelField: labelField) } catch let error as DetectorError {
            throw error
        }
        var rows: [(text: LabeledText, machineward: Double)] = []
        var abstained = 0, failed = 0
        var results = [ScoredText?](repeating: nil, count: loaded.texts.count)
        let texts = loaded.texts
        if source.isConcurrent {
            results.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress!
                DispatchQueue.concurrentPerform(iterations: texts.count) { i in base[i] = try? source.score(texts[i].text, explain: false) }
            }
        } else {
            for i in texts.indices { results[i] = try? source.score(texts[i].text, explain: false) }
        }
        for (text, result) in zip(texts, results) {
            guard let result else { failed += 1; continue }
            if result.abstainReason != nil || !result.statistic.isFinite { abstained += 1; continue }
            rows.append((text, source.method.direction * result.statistic))
        }
        let threshold = source.method.direction * rule.threshold
        print("method \(source.method.rawValue): \(rows.count) texts scored, \(abstained) abstained, \(failed) failed, \(loaded.skipped) without text or label")
        func report(_ name: String, machine: [Double], human: [Double]) {
            let auroc = ROC.auroc(machine: machine, human: human)
            let tpr = human.isEmpty || machine.isEmpty ? Double.nan : ROC.tpr(machine: machine, human: human, atFPR: 0.01)
            print(pad(String(name.prefix(44)), 44) + " machine " + pad(String(machine.count), 5, right: true)
                  + " human " + pad(String(human.count), 5, right: true) + "  AUROC " + format(auroc ?? .nan)
                  + "  TPR@1%FPR " + format(tpr) + "  FPR@default " + format(ROC.rate(human, above: threshold))
                  + "  TPR@default " + format(ROC.rate(machine, above: threshold)))
        }
        let allHuman = rows.filter { !$0.text.machine }.map(\.machineward)
        report("all", machine: rows.filter(\.text.machine).map(\.machineward), human: allHuman)
        let generators = Set(rows.filter(\.text.machine).compactMap(\.text.generator)).sorted()
        for g in generators {
            report("generator \(g)", machine: rows.filter { $0.text.machine && $0.text.generator == g }.map(\.machineward), human: allHuman)
        }
        for d in Set(rows.compactMap(\.text.domain)).sorted() {
            let inDomain = rows.filter { $0.text.domain == d }
            report("domain \(d)", machine: inDomain.filter(\.text.machine).map(\.machineward),
                   human: inDomain.filter { !$0.text.machine }.map(\.machineward))
        }
    }
}

func format(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "  -  " }
