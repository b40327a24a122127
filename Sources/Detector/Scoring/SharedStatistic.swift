import Foundation

/// A text statistic that several threads may hold at once: a scoring pass in the background and the explanations a
/// reviewer asks for while it runs. A method that is not safe to call concurrently (the language-model tier: one
/// model, one KV cache) is called under a lock; the model-free tier is called freely. Everything mutable sits
/// behind that lock, which is why the `@unchecked` is sound.
public final class SharedStatistic: TextStatistic, @unchecked Sendable {
    public let base: any TextStatistic
    private let lock = NSLock()

    public init(_ base: any TextStatistic) { self.base = base }

    public var method: DetectionMethod { base.method }
    public var modelKey: String { base.modelKey }
    public var isConcurrent: Bool { base.isConcurrent }

    public func score(_ text: String, explain: Bool) throws -> ScoredText {
        try guarded { try base.score(text, explain: explain) }
    }

    /// Why `text` scored as it did, as structured values (the `explain` JSON of `score` is for files).
    public func explanation(_ text: String) throws -> TextExplanation {
        try guarded {
            if let modelFree = base as? ModelFreeStatistic {
                let analysis = modelFree.detector.analyze(text)
                return .features(modelFree.detector.explain(analysis), words: analysis.words)
            }
            if let languageModel = base as? LanguageModelStatistic {
                return .tokens(try languageModel.surprises(text))
            }
            return .unavailable
        }
    }

    /// The statistic's own model-free classifier, when it has one (for its default threshold and human ranges).
    public var classifier: ModelFreeClassifier? { (base as? ModelFreeStatistic)?.detector.classifier }

    private func guarded<T>(_ body: () throws -> T) rethrows -> T {
        if base.isConcurrent { return try body() }
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
