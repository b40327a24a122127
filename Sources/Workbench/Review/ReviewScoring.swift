import Datasets
import Detector
import Foundation
import Support
import Synchronization

/// What the scoring pass publishes for the progress line.
struct ReviewScoringProgress: Sendable, Equatable {
    var phase = "loading the detector"
    var read = 0
    var scored = 0
    var cached = 0
    var skipped = 0
}

/// One record as the scoring pass read it: enough to list, search and sort it without reading the file again (the
/// record pane reads the whole record when it is opened).
struct ReviewReadRecord: Sendable {
    var line: Int
    /// The text's first `ReviewScoring.keptCharacters` characters (for the list's first words and for search).
    var head: String
    var characters: Int
    var words: Int
    /// `ReviewLog.contentHash` of the record, to tell a decision made on other content (nil for malformed rows).
    var contentHash: String?
    /// The record's label read as machine (true) or human (false), when the dataset has a label column.
    var label: Bool?
    var problem: String?
}

/// What the background pass hands to the UI thread; the UI takes it all at each poll.
final class ReviewScoringSink: Sendable {
    struct Batch: Sendable {
        var read: [ReviewReadRecord] = []
        var scored: [(line: Int, scored: ScoredText)] = []
        var skipped: [(line: Int, problem: String)] = []
        var notes: [String] = []
        var statistic: SharedStatistic?
        var simpleEnglish: SimpleEnglishCheck?

        var isEmpty: Bool {
            read.isEmpty && scored.isEmpty && skipped.isEmpty && notes.isEmpty && statistic == nil && simpleEnglish == nil
        }
    }

    private let state = Mutex(Batch())

    func update(_ body: (inout Batch) -> Void) { state.withLock { body(&$0) } }

    /// Everything published since the last call.
    func take() -> Batch {
        state.withLock { batch in
            let taken = batch
            batch = Batch()
            return taken
        }
    }
}

/// Scores one dataset's text column in the background through the detector's `DatasetScorer` (cached statistics are
/// reused, new ones cached beside the dataset), publishing each record and score as it goes, with progress and
/// cancel. A scoring pass never decides anything: thresholds are applied on the UI side, so moving one costs nothing.
final class ReviewScoring {
    /// Characters of each text kept in memory for the list and search.
    static let keptCharacters = 2_000

    let task: BackgroundTask<ReviewScoringProgress, DatasetScorer.Summary>
    let sink: ReviewScoringSink
    let started = Date()

    init(path: String, field: String, labelField: String?, method: ReviewMethod) {
        let sink = ReviewScoringSink()
        self.sink = sink
        task = BackgroundTask(name: "loom.review.score", initial: ReviewScoringProgress()) { context in
            let statistic = try method.load()
            var check = SimpleEnglishCheck(classifier: try statistic.classifier ?? ModelFreeClassifier.bundled())
            sink.update { $0.statistic = statistic }
            var progress = ReviewScoringProgress(phase: "scoring")
            context.report(progress)
            let scorer = DatasetScorer(source: statistic,
                                       rule: DecisionRule.defaultRule(method.method, classifier: statistic.classifier))
            // Small batches for a language model, so that progress moves and cancel answers within seconds.
            scorer.batchSize = statistic.isConcurrent ? 256 : 2
            scorer.shouldStop = { context.isCancelled }
            scorer.onRead = { record in
                let value = record.value
                let hash = value.map { ReviewLog.contentHash(of: Record(row: 0, line: record.line, byteCount: 0,
                                                                         isTruncated: false, content: .value($0))) }
                let text = record.text ?? ""
                if check.wantsMore, record.text != nil { check.add(text) }
                let read = ReviewReadRecord(line: record.line, head: String(text.prefix(Self.keptCharacters)),
                                            characters: text.count, words: Self.wordCount(text), contentHash: hash,
                                            label: labelField.flatMap { DetectInput.label(value?[$0]) },
                                            problem: record.problem)
                sink.update { $0.read.append(read) }
                progress.read += 1
                context.report(progress)
            }
            scorer.onScored = { line, scored in
                sink.update { $0.scored.append((line, scored)) }
                progress.scored += 1
                context.report(progress)
            }
            scorer.onSkipped = { line, problem in
                sink.update { $0.skipped.append((line, problem)) }
                progress.skipped += 1
                context.report(progress)
            }
            let summary = try scorer.run(path: path, field: field, explain: false, useCache: true, output: { _ in },
                                         note: { note in sink.update { $0.notes.append(note) } })
            let finalCheck = check
            sink.update { $0.simpleEnglish = finalCheck }
            progress.cached = summary.cached
            progress.phase = "done"
            context.report(progress)
            return summary
        }
    }

    func cancel() { task.cancel() }

    /// Words as whitespace-separated runs, the count the list shows as a text's length.
    static func wordCount(_ text: String) -> Int {
        var count = 0, inWord = false
        for scalar in text.unicodeScalars {
            let space = scalar.properties.isWhitespace
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }
}
