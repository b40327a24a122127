import Detector
import Foundation

/// How the Review section scores: a detector method and, for the language-model tier, its model folders
/// (`model` scores; `observer`, when given, is Binoculars' reference or Fast-DetectGPT's sampling model).
struct ReviewMethod: Sendable, Equatable {
    var method: DetectionMethod
    var model: String?
    var observer: String?

    static let modelFree = ReviewMethod(method: .stats)

    /// The method as the overview's title shows it.
    var label: String {
        switch method {
        case .stats: return "model-free"
        case .fastDetectGPT, .binoculars:
            let name = model.map { ($0 as NSString).lastPathComponent } ?? "?"
            return method.rawValue + " · " + name + (observer.map { " + " + ($0 as NSString).lastPathComponent } ?? "")
        }
    }

    /// The name of the raw statistic on the histogram's axis.
    var statisticName: String {
        switch method {
        case .stats: return "logit"
        case .fastDetectGPT: return "D"
        case .binoculars: return "B"
        }
    }

    /// Loads the scorer (a model load for the language-model tier: call it off the UI thread).
    func load() throws -> SharedStatistic {
        switch method {
        case .stats:
            return SharedStatistic(try ModelFreeStatistic(detector: .bundled()))
        case .fastDetectGPT, .binoculars:
            guard let model else {
                throw DetectorError(what: method.rawValue, reason: "needs a model folder: `: method \(method.rawValue) MODEL_DIR`")
            }
            return SharedStatistic(try LanguageModelStatistic(method: method, scoring: model, reference: observer, adapter: nil))
        }
    }
}
