import ArgumentParser
import Detector
import Foundation
import Support

/// `loom detect calibrate HUMAN.jsonl --fpr 0.01`: a threshold fitted on the user's own known-human texts.
struct DetectCalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the decision threshold on known-human texts for a target false-positive rate.",
        discussion: """
            Every text in the file is taken to be human-written. Prints the threshold, the false-positive rate it \
            has on these texts and its 95% Clopper-Pearson interval from their count, and writes them (--out) for \
            `loom detect score --calibration`. Abstained (too short) texts are left out.
            """
    )

    @Argument(help: "Known-human texts (JSONL/CSV/JSON/Parquet).") var file: String
    @Option(name: .long, help: "Target false-positive rate.") var fpr = 0.01
    @Option(name: .long, help: "The field that holds the text.") var field = "text"
    @Option(name: .long, help: "Where to write the calibration (JSON).") var out: String?
    @OptionGroup var methodOptions: DetectMethodOptions

    func validate() throws {
        if !(fpr > 0 && fpr < 1) { throw ValidationError("--fpr must be between 0 and 1") }
    }

    func run() throws {
        let (source, _) = try methodOptions.statistic()
        var statistics: [Double] = []
        var abstained = 0, skipped = 0
        let scorer = DatasetScorer(source: source, rule: DecisionRule.defaultRule(source.method, classifier: nil))
        // Scores through the same path as `score` (cache included), keeping the exact statistics.
        scorer.onScored = { _, scored in
            if scored.abstainReason != nil || !scored.statistic.isFinite { abstained += 1 } else { statistics.append(scored.statistic) }
        }
        do {
            let summary = try scorer.run(path: file, field: field, explain: false, useCache: true, output: { _ in }, note: printError)
            skipped = summary.skipped
            let calibration = try ThresholdCalibration.fit(method: source.method, modelKey: source.modelKey,
                                                           humanStatistics: statistics, targetFPR: fpr)
            let text = String(decoding: try calibration.encoded(), as: UTF8.self)
            print(text)
            printError("\(calibration.humanTexts) human texts (\(abstained) too short, \(skipped) unreadable): threshold \(format(calibration.threshold)) flags \(calibration.flagged), FPR \(format(calibration.fpr)) (95% CI \(format(calibration.fprLower))–\(format(calibration.fprUpper)))")
            if calibration.humanTexts < Int((3 / fpr).rounded(.up)) {
                printError("few texts for this rate: the interval is wide; \(Int((3 / fpr).rounded(.up))) or more human texts pin a \(fpr) rate down better")
            }
            if let out { try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: out)) }
        } catch let error as DetectorError {
            throw error
        }
    }
}
