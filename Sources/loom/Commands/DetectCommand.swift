import ArgumentParser
import Detector
import Foundation

/// `loom detect …`: the machine-generated-text detector, headless (score, eval, train, calibrate, crossval).
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Score texts for machine generation, evaluate, train and calibrate the detector.",
        subcommands: [DetectScoreCommand.self, DetectEvalCommand.self, DetectTrainCommand.self,
                      DetectCalibrateCommand.self, DetectCrossvalCommand.self]
    )
}

/// The method and model options shared by `detect score`, `eval` and `calibrate`.
struct DetectMethodOptions: ParsableArguments {
    @Option(name: .long, help: "stats (model-free), fast-detectgpt or binoculars.")
    var method: String = "stats"

    @Option(name: .long, help: "A model folder: Fast-DetectGPT white-box (one model for both roles).")
    var model: String?

    @Option(name: .long, help: "A PEFT adapter folder applied to the scoring model.")
    var adapter: String?

    @Option(name: .long, help: "The observer (reference / sampling) model folder.")
    var observer: String?

    @Option(name: .long, help: "The performer (scoring) model folder.")
    var performer: String?

    @Option(name: .long, help: "Model-free weights (a `loom detect train --out` file) instead of the bundled ones.")
    var weights: String?

    var parsedMethod: DetectionMethod {
        get throws {
            guard let m = DetectionMethod(rawValue: method) else {
                throw ValidationError("--method must be one of: \(DetectionMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return m
        }
    }

    /// The scorer the options describe, and the bundled classifier (for the model-free default threshold).
    func statistic() throws -> (any TextStatistic, ModelFreeClassifier?) {
        do {
            let method = try parsedMethod
            if method == .stats {
                if model != nil || observer != nil || performer != nil || adapter != nil {
                    throw ValidationError("--model, --observer, --performer and --adapter are for --method fast-detectgpt or binoculars")
                }
                let classifier = try weights.map(ModelFreeClassifier.load(path:)) ?? ModelFreeClassifier.bundled()
                return (try ModelFreeStatistic(detector: ModelFreeDetector(classifier: classifier)), classifier)
            }
            let scoring: String, reference: String?
            if let performer {
                guard let observer else { throw ValidationError("--performer needs --observer") }
                scoring = performer
                reference = observer
            } else if let model {
                scoring = model
                reference = observer
            } else {
                throw ValidationError("--method \(method.rawValue) needs --model DIR, or --observer DIR --performer DIR")
            }
            if weights != nil { throw ValidationError("--weights is for --method stats") }
            return (try LanguageModelStatistic(method: method, scoring: scoring, reference: reference, adapter: adapter), nil)
        } catch let error as DetectorError {
            throw error
        }
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
