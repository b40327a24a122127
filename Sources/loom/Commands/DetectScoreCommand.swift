import ArgumentParser
import Detector
import Foundation

/// `loom detect score FILE`: one JSON line per record with the probability of machine, the raw statistic and the
/// decision.
struct DetectScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score each record of a JSONL/CSV/JSON/Parquet file for machine generation.",
        discussion: """
            Writes {"line": N, "score": P_machine, "statistic": raw, "decision": machine|human|abstain, \
            "method": …} per record ("reason" when abstaining, "explain" with --explain). A record without the \
            field, or with empty, binary or undecodable text, is written as {"line": N, "error": …} and skipped. \
            Statistics are cached by content hash in .loom/detect/ beside the file. --threshold is a probability \
            of machine (0–1); --calibration a file from `loom detect calibrate`.
            """
    )

    @Argument(help: "A JSONL, JSON or CSV file.") var file: String
    @Option(name: .long, help: "The field that holds the text.") var field = "text"
    @OptionGroup var methodOptions: DetectMethodOptions
    @Option(name: .long, help: "Decision threshold on the probability of machine.") var threshold: Double?
    @Option(name: .long, help: "A calibration file from `loom detect calibrate`.") var calibration: String?
    @Flag(name: .long, help: "Explain each score (features, or per-token surprise and sentences).") var explain = false
    @Flag(name: .long, help: "Do not read or write the score cache.") var noCache = false

    func validate() throws {
        if threshold != nil && calibration != nil { throw ValidationError("give --threshold or --calibration, not both") }
        if let threshold, !(threshold > 0 && threshold < 1) { throw ValidationError("--threshold must be between 0 and 1") }
    }

    func run() throws {
        let (source, classifier) = try methodOptions.statistic()
        let rule = try Self.rule(for: source, classifier: classifier, threshold: threshold, calibration: calibration)
        let scorer = DatasetScorer(source: source, rule: rule)
        let summary: DatasetScorer.Summary
        do {
            summary = try scorer.run(path: file, field: field, explain: explain, useCache: !noCache,
                                     output: { print($0) }, note: printError)
        } catch let error as DetectorError {
            throw error
        }
        printError("\(summary.scored) scored (\(summary.cached) from cache): \(summary.machine) machine, \(summary.human) human, \(summary.abstained) abstained; \(summary.skipped) skipped")
    }

    static func rule(for source: any TextStatistic, classifier: ModelFreeClassifier?, threshold: Double?,
                     calibration: String?) throws -> DecisionRule {
        var rule = DecisionRule.defaultRule(source.method, classifier: classifier)
        if let threshold { rule.threshold = rule.statistic(probability: threshold) }
        if let calibration {
            let fitted: ThresholdCalibration
            do { fitted = try ThresholdCalibration.load(path: calibration) } catch let error as DetectorError {
                throw error
            }
            guard fitted.method == source.method, fitted.modelKey == source.modelKey else {
                throw ValidationError("\(calibration) was fitted for \(fitted.method.rawValue) with another model or weights; recalibrate")
            }
            rule.threshold = fitted.threshold
        }
        return rule
    }
}
