import Datasets
import Detector
import Foundation
import Support

/// One dataset under review: its records as the scoring pass reads them, the detector's statistics, the threshold,
/// the person's decisions (through the dataset's `ReviewLog`, the same log `loom review` exports), the filtered list
/// and the undo history. No drawing here: the overview and the record pane read it.
final class ReviewSession {
    let path: String
    let name: String
    let dataset: Dataset
    let log: ReviewLog
    private(set) var field: String
    /// The column read as human/machine labels (`label` when the file has one), for the FPR measured on this file.
    private(set) var labelField: String?
    private(set) var method: ReviewMethod

    private(set) var items: [ReviewItem] = []
    private var indexOfLine: [Int: Int] = [:]
    /// The latest decision of each line, as the log holds it.
    private(set) var decisions: [Int: ReviewDecision]
    private(set) var statistic: SharedStatistic?
    /// The threshold and the map to probabilities; nil until the detector is loaded.
    private(set) var rule: DecisionRule?
    private(set) var defaultThreshold: Double?
    private(set) var calibration: (threshold: ThresholdCalibration, path: String)?
    private(set) var scoring: ReviewScoring?
    private(set) var progress = ReviewScoringProgress()
    private(set) var summary: DatasetScorer.Summary?
    private(set) var scoringError: String?
    private(set) var simpleEnglish: SimpleEnglishCheck?
    /// Messages for the status bar (a cache that could not be written).
    var notes: [String] = []

    var filter = ReviewFilter() { didSet { listIsStale = true } }
    private var listCache: [Int] = []
    private var listIsStale = true
    var position = ScrollPosition()
    /// Decisions this session made, newest last: `z` takes them back one at a time.
    private var undoHistory: [(line: Int, previous: ReviewDecision?)] = []

    /// Opens `path` for review of `field` (nil: `text` when the records have it, else their longest text column).
    init(path: String, field: String?, method: ReviewMethod = .modelFree) throws {
        self.path = path
        name = (path as NSString).lastPathComponent
        let source = try Dataset.open(path: path)
        dataset = source
        let opened = try ReviewLog(datasetPath: path)
        log = opened
        decisions = opened.latest
        self.method = method
        let columns = Self.textColumns(of: source)
        self.field = field ?? (columns.contains("text") ? "text" : columns.first ?? "text")
        labelField = Self.labelColumn(of: source)
    }

    deinit { scoring?.cancel() }

    /// The top-level string columns of the first records, longest texts first.
    static func textColumns(of dataset: Dataset) -> [String] {
        _ = dataset.waitForRows(20, timeout: 2)
        var lengths: [String: Int] = [:]
        var order: [String] = []
        for row in 0..<min(20, dataset.rowCount) {
            guard let record = try? dataset.record(at: row, maxBytes: 1 << 20), case .object(let members)? = record.value
            else { continue }
            for member in members {
                guard case .string(let text) = member.value else { continue }
                if lengths[member.key] == nil { order.append(member.key) }
                lengths[member.key, default: 0] += text.count
            }
        }
        return order.sorted { lengths[$0]! > lengths[$1]! }
    }

    /// A column named `label` (or `source`/`author` holding human/machine values) in the first record.
    static func labelColumn(of dataset: Dataset) -> String? {
        guard dataset.rowCount > 0, let value = try? dataset.record(at: 0, maxBytes: 1 << 20).value else { return nil }
        return ["label", "labels", "source", "author"].first { DetectInput.label(value[$0]) != nil }
    }

    // MARK: Scoring

    /// Starts (or restarts) scoring; statistics already cached beside the dataset are read, not recomputed.
    func startScoring() {
        scoring?.cancel()
        items = []
        indexOfLine = [:]
        summary = nil
        scoringError = nil
        simpleEnglish = nil
        progress = ReviewScoringProgress()
        listIsStale = true
        scoring = ReviewScoring(path: path, field: field, labelField: labelField, method: method)
    }

    var isScoring: Bool { scoring.map { !$0.task.isFinished } ?? false }

    func cancelScoring() { scoring?.cancel() }

    func change(field newField: String) {
        field = newField
        startScoring()
    }

    func change(method newMethod: ReviewMethod) {
        method = newMethod
        statistic = nil
        rule = nil
        calibration = nil
        startScoring()
    }

    func change(labelField newField: String?) {
        labelField = newField
        startScoring()
    }

    /// Takes what the scoring pass published; true when anything changed.
    func poll() -> Bool {
        guard let scoring else { return false }
        let batch = scoring.sink.take()
        let newProgress = scoring.task.progress
        var changed = !batch.isEmpty || newProgress != progress
        progress = newProgress
        if let loaded = batch.statistic {
            statistic = loaded
            let fresh = DecisionRule.defaultRule(loaded.method, classifier: loaded.classifier)
            defaultThreshold = fresh.threshold
            rule = fresh
        }
        for read in batch.read {
            indexOfLine[read.line] = items.count
            items.append(ReviewItem(record: read))
        }
        for (line, scored) in batch.scored {
            guard let i = indexOfLine[line] else { continue }
            items[i].statistic = scored.statistic
            items[i].abstainReason = scored.abstainReason
            items[i].truncated = scored.truncated
        }
        for (line, problem) in batch.skipped {
            guard let i = indexOfLine[line] else { continue }
            items[i].skipped = problem
        }
        if let check = batch.simpleEnglish { simpleEnglish = check }
        notes += batch.notes
        if let result = scoring.task.result, summary == nil, scoringError == nil {
            switch result {
            case .success(let done): summary = done
            case .failure(let error) where error is DatasetScorer.Stopped: scoringError = "scoring cancelled"
            case .failure(let error): scoringError = "\(error)"
            }
            changed = true
        }
        if changed { listIsStale = true }
        return changed
    }

    /// Seconds left at the rate so far, while scoring.
    var secondsLeft: Double? {
        guard let scoring, isScoring, progress.scored > 0 else { return nil }
        let total = max(dataset.rowCount, progress.read)
        let rate = Double(progress.scored + progress.skipped) / Date().timeIntervalSince(scoring.started)
        return rate > 0 ? Double(total - progress.scored - progress.skipped) / rate : nil
    }

    // MARK: Decisions

    /// The decision that applies to `item` now: a decision made on other content is stale and does not apply.
    func verdict(of item: ReviewItem) -> (verdict: ReviewDecision.Verdict, decision: ReviewDecision?, stale: Bool) {
        guard let decision = decisions[item.line], decision.verdict != .undecided else { return (.undecided, nil, false) }
        if let hash = item.record.contentHash, hash != decision.contentHash { return (.undecided, decision, true) }
        return (decision.verdict, decision, false)
    }

    /// Records `verdict` (and a note) for the item at `index` in the log.
    func decide(_ verdict: ReviewDecision.Verdict, index: Int, note: String? = nil) throws {
        guard items.indices.contains(index) else { return }
        let item = items[index]
        let record = try dataset.record(at: index)
        let entry = ReviewDecision(line: item.line, contentHash: ReviewLog.contentHash(of: record), verdict: verdict,
                                   score: item.probability(under: rule), method: item.statistic == nil ? nil : method.method.rawValue,
                                   note: note)
        try log.append(entry)
        undoHistory.append((item.line, decisions[item.line]))
        decisions[item.line] = entry
        listIsStale = true
    }

    /// Takes back the newest decision of this session: the line's state before it is appended to the log again.
    /// Returns the line, or nil when there is nothing to undo.
    func undo() throws -> Int? {
        guard let last = undoHistory.last, let i = indexOfLine[last.line] else { return nil }
        var restored: ReviewDecision
        if var previous = last.previous {
            previous.time = Date()
            restored = previous
        } else {
            let hash = try ReviewLog.contentHash(of: dataset.record(at: i))
            restored = ReviewDecision(line: last.line, contentHash: hash, verdict: .undecided)
        }
        try log.append(restored)
        undoHistory.removeLast()
        decisions[last.line] = restored
        listIsStale = true
        return last.line
    }

    var canUndo: Bool { !undoHistory.isEmpty }

    // MARK: Threshold

    /// Moves the threshold on the statistic (the histogram, counts and list follow).
    func setThreshold(statistic value: Double) {
        guard rule != nil, value.isFinite else { return }
        rule!.threshold = value
        listIsStale = true
    }

    func setThreshold(probability p: Double) {
        guard let rule else { return }
        setThreshold(statistic: rule.statistic(probability: p))
    }

    func resetThreshold() {
        if let calibration { setThreshold(statistic: calibration.threshold.threshold) }
        else if let defaultThreshold { setThreshold(statistic: defaultThreshold) }
    }

    /// Uses a threshold from `loom detect calibrate` (refused when fitted for another method or model).
    func loadCalibration(path calibrationPath: String) throws {
        let fitted = try ThresholdCalibration.load(path: calibrationPath)
        guard let statistic else { throw DetectorError(what: calibrationPath, reason: "the detector is still loading") }
        guard fitted.method == statistic.method, fitted.modelKey == statistic.modelKey else {
            throw DetectorError(what: calibrationPath, reason: "fitted for \(fitted.method.rawValue) with another model or weights")
        }
        calibration = (fitted, calibrationPath)
        setThreshold(statistic: fitted.threshold)
    }

    /// The range the histogram spans: the finite statistics of judged records and the threshold.
    var statisticRange: ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        for item in items where item.abstainReason == nil {
            guard let s = item.statistic, s.isFinite else { continue }
            low = min(low, s)
            high = max(high, s)
        }
        guard low <= high else { return nil }
        if let t = rule?.threshold { low = min(low, t); high = max(high, t) }
        let pad = max((high - low) * 0.04, 0.05)
        return (low - pad)...(high + pad)
    }

    /// Counts of judged records per bin over `range`.
    func histogram(bins: Int, range: ClosedRange<Double>) -> [Int] {
        var counts = [Int](repeating: 0, count: max(1, bins))
        let width = (range.upperBound - range.lowerBound) / Double(counts.count)
        for item in items where item.abstainReason == nil {
            guard let s = item.statistic, s.isFinite else { continue }
            let bin = min(counts.count - 1, max(0, Int((s - range.lowerBound) / width)))
            counts[bin] += 1
        }
        return counts
    }

    // MARK: Counts

    struct Counts: Equatable {
        var flagged = 0, human = 0, abstained = 0, skipped = 0, pending = 0
        var keep = 0, drop = 0, unsure = 0, stale = 0
        /// Human- and machine-labelled judged records, and how many of each are flagged.
        var labelledHuman = 0, labelledHumanFlagged = 0, labelledMachine = 0, labelledMachineFlagged = 0
    }

    var counts: Counts {
        var c = Counts()
        for item in items {
            let standing = item.standing(under: rule)
            switch standing {
            case .flagged: c.flagged += 1
            case .human: c.human += 1
            case .abstained: c.abstained += 1
            case .skipped: c.skipped += 1
            case .pending: c.pending += 1
            }
            if standing == .flagged || standing == .human, let label = item.record.label {
                if label {
                    c.labelledMachine += 1
                    if standing == .flagged { c.labelledMachineFlagged += 1 }
                } else {
                    c.labelledHuman += 1
                    if standing == .flagged { c.labelledHumanFlagged += 1 }
                }
            }
            let v = verdict(of: item)
            if v.stale { c.stale += 1 }
            switch v.verdict {
            case .keep: c.keep += 1
            case .drop: c.drop += 1
            case .unsure: c.unsure += 1
            case .undecided: break
            }
        }
        return c
    }

    /// What is known of the false-positive rate at the current threshold, most direct evidence first.
    var falsePositiveText: String {
        guard let rule else { return "" }
        let c = counts
        if c.labelledHuman > 0 {
            let interval = BinomialInterval.clopperPearson(successes: c.labelledHumanFlagged, trials: c.labelledHuman)
            var text = "FPR \(ReviewFormat.percent(Double(c.labelledHumanFlagged) / Double(c.labelledHuman))) "
                + "[95% CI \(ReviewFormat.percent(interval.lower))–\(ReviewFormat.percent(interval.upper))] "
                + "on \(c.labelledHuman) human-labelled"
            if c.labelledMachine > 0 { text += " · flags \(c.labelledMachineFlagged)/\(c.labelledMachine) machine-labelled" }
            return text
        }
        if let calibration, calibration.threshold.threshold == rule.threshold {
            let fit = calibration.threshold
            return "FPR \(ReviewFormat.percent(fit.fpr)) (95% CI \(ReviewFormat.percent(fit.fprLower))–\(ReviewFormat.percent(fit.fprUpper))) "
                + "on \(fit.humanTexts) human texts (\((calibration.path as NSString).lastPathComponent))"
        }
        if let classifier = statistic?.classifier, rule.threshold == defaultThreshold {
            return "held-out FPR \(ReviewFormat.percent(classifier.thresholdHeldOutFPR)) at this default threshold (dev data)"
        }
        return "FPR not calibrated at this threshold: `loom detect calibrate HUMAN.jsonl`, then `: calibration FILE`"
    }

    // MARK: The list

    /// Item indices that pass the filter, highest score first (records not judged last, in file order).
    var list: [Int] {
        if listIsStale {
            let rule = self.rule
            var keyed: [(index: Int, p: Double)] = []
            for (index, item) in items.enumerated() {
                let v = verdict(of: item)
                let p = item.probability(under: rule)
                let standing = item.standing(under: rule)
                guard filter.matches(item, standing: standing, probability: p, verdict: v.verdict, stale: v.stale)
                else { continue }
                // Judged records by score; abstained, skipped and pending ones after them, in file order.
                keyed.append((index, standing == .flagged || standing == .human ? p ?? -1 : -1))
            }
            keyed.sort { $0.p != $1.p ? $0.p > $1.p : $0.index < $1.index }
            listCache = keyed.map(\.index)
            listIsStale = false
        }
        return listCache
    }

    /// The item index under the list's selection.
    var selectedIndex: Int? {
        let shown = list
        return shown.indices.contains(position.selected) ? shown[position.selected] : nil
    }

    /// Selects the item at `index` when the list shows it.
    func select(index: Int, visibleRows: Int) {
        let shown = list
        if let at = shown.firstIndex(of: index) { position.select(at, count: shown.count, visibleRows: visibleRows) }
    }

    /// The next (or previous) listed record nobody decided, wrapping around; nil when there is none.
    func nextUndecided(forward: Bool) -> Int? {
        let shown = list
        guard !shown.isEmpty else { return nil }
        for step in 1...shown.count {
            let at = ((position.selected + (forward ? step : -step)) % shown.count + shown.count) % shown.count
            if verdict(of: items[shown[at]]).verdict == .undecided { return at }
        }
        return nil
    }

    // MARK: Export

    /// Lines scored on the human side of the threshold that nobody decided: what "kept + unflagged" adds.
    var unflaggedLines: Set<Int> {
        Set(items.filter { $0.standing(under: rule) == .human }.map(\.line))
    }
}
