import Foundation

/// Scores every record of a dataset and writes one JSON line per record, in file order:
/// `{"line": N, "score": P_machine, "statistic": raw, "decision": …, "method": …}` plus `"reason"` when abstaining,
/// `"truncated": true` when only the start was scored, and `"explain"` when asked. A record that cannot be scored is
/// written as `{"line": N, "error": …}` and skipped. Model-free scoring runs records in parallel, a batch at a time;
/// cached statistics (`ScoreCache`) are reused.
public final class DatasetScorer {
    public let source: any TextStatistic
    public let rule: DecisionRule
    public var batchSize = 512
    /// Called with each scored record's line and exact result (the JSON lines round the statistic).
    public var onScored: ((Int, ScoredText) -> Void)?
    /// Called with every record as it is read, in file order (one call per row), before it is scored.
    public var onRead: ((DetectRecord) -> Void)?
    /// Called with the line of each record that could not be scored and why (no such field, binary text, …).
    public var onSkipped: ((Int, String) -> Void)?
    /// Asked before each record is read: true stops the pass (what was scored so far is still cached), and `run`
    /// throws `DatasetScorer.Stopped`. For a workbench's cancel key.
    public var shouldStop: (() -> Bool)?

    /// Thrown by `run` when `shouldStop` asked it to stop.
    public struct Stopped: Error, Sendable {}

    public struct Summary: Sendable {
        public var scored = 0, cached = 0, skipped = 0
        public var machine = 0, human = 0, abstained = 0
    }

    public init(source: any TextStatistic, rule: DecisionRule) {
        self.source = source
        self.rule = rule
    }

    public func decision(_ scored: ScoredText) -> Decision {
        if scored.abstainReason != nil || !scored.statistic.isFinite { return .abstain }
        return rule.isMachine(scored.statistic) ? .machine : .human
    }

    /// The JSON line of one scored text.
    public func line(_ n: Int, _ scored: ScoredText) -> String {
        var out = JSONLine()
        out.add("line", n)
        let valid = scored.statistic.isFinite
        out.add("score", valid ? rule.probability(scored.statistic) : nil)
        out.add("statistic", valid ? scored.statistic : nil)
        let verdict = decision(scored)
        out.add("decision", verdict.rawValue)
        out.add("method", source.method.rawValue)
        if verdict == .abstain { out.add("reason", scored.abstainReason ?? "no statistic") }
        if scored.truncated { out.add("truncated", true) }
        if let explanation = scored.explanation { out.add("explain", raw: explanation) }
        return out.text
    }

    public static func errorLine(_ n: Int, _ problem: String) -> String {
        var out = JSONLine()
        out.add("line", n)
        out.add("error", problem)
        return out.text
    }

    /// Scores `path`'s `field`; `output` receives each line; `note` receives messages for the user (a cache that
    /// cannot be written). Throws only when the file cannot be read at all.
    @discardableResult
    public func run(path: String, field: String, explain: Bool, useCache: Bool,
                    output: (String) -> Void, note: (String) -> Void) throws -> Summary {
        let cache = useCache ? ScoreCache(beside: path, method: source.method, modelKey: source.modelKey) : nil
        var summary = Summary()
        var batch: [DetectRecord] = []
        func flush() {
            var results = [Result<ScoredText, Error>?](repeating: nil, count: batch.count)
            var keys = [String](repeating: "", count: batch.count)
            var todo: [Int] = []
            for (i, record) in batch.enumerated() {
                guard let text = record.text else { continue }
                keys[i] = source.method.rawValue + ScoreCache.key(text)
                if !explain, let hit = cache?.scored(forKey: keys[i]) {
                    results[i] = .success(hit)
                    summary.cached += 1
                } else {
                    todo.append(i)
                }
            }
            let records = batch, scorer = source
            if source.isConcurrent && todo.count > 1 {
                results.withUnsafeMutableBufferPointer { out in
                    let base = out.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: todo.count) { j in
                        let i = todo[j]
                        base[i] = Result { try scorer.score(records[i].text!, explain: explain) }
                    }
                }
            } else {
                for i in todo { results[i] = Result { try scorer.score(records[i].text!, explain: explain) } }
            }
            for (i, record) in batch.enumerated() {
                guard let result = results[i] else {
                    onSkipped?(record.line, record.problem ?? "no text")
                    output(Self.errorLine(record.line, record.problem ?? "no text"))
                    summary.skipped += 1
                    continue
                }
                switch result {
                case .success(let scored):
                    cache?.store(scored, forKey: keys[i])
                    onScored?(record.line, scored)
                    summary.scored += 1
                    switch decision(scored) {
                    case .abstain: summary.abstained += 1
                    case .machine: summary.machine += 1
                    case .human: summary.human += 1
                    }
                    output(line(record.line, scored))
                case .failure(let error):
                    onSkipped?(record.line, "\(error)")
                    output(Self.errorLine(record.line, "\(error)"))
                    summary.skipped += 1
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
        func saveCache() {
            guard let cache else { return }
            do { try cache.save() } catch {
                note("scores not cached: cannot write \(cache.url.path) (\(error))")
            }
        }
        do {
            try DetectInput.forEach(path: path, field: field) { record in
                if let shouldStop, shouldStop() { throw Stopped() }
                onRead?(record)
                batch.append(record)
                if batch.count >= batchSize { flush() }
            }
        } catch let stopped as Stopped {
            saveCache()
            throw stopped
        }
        flush()
        saveCache()
        return summary
    }
}
