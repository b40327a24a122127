import Datasets
import Foundation
import Runs
import Support
import Synchronization

/// The token-count columns of the table: for every row, how many tokens the record becomes under one run config and
/// how many of them carry loss after the cut at the config's sequence length. Counted in the background with the
/// functions the trainer uses (`TrainingData.example` → `TrainedRecord.make`), so the numbers are what a run trains
/// on; rows appear as they are counted. A row that is not an example of the config's format counts as invalid.
final class TokenCounts: Sendable {
    /// Per row: tokens and trained tokens; `unknown` until counted, `invalid` when the record does not fit the format.
    struct Count: Sendable, Equatable {
        var tokens: Int32
        var trained: Int32
        static let unknown = Count(tokens: -1, trained: -1)
        static let invalid = Count(tokens: -2, trained: -2)
    }

    private struct State: Sendable {
        var counts: [Count] = []
        var counted = 0
        var rowCount = 0
        var totalTokens = 0
        var totalTrained = 0
        var invalid = 0
        var failure: String?
        var finished = false
    }

    let configName: String
    private let state = Mutex(State())
    private let cancelled = Mutex(false)

    /// Starts counting `dataset`'s rows under `config` (named `configName` in the header).
    init(dataset: Dataset, config: RunConfig, configName: String) {
        self.configName = configName
        BackgroundThread.start(name: "loom-token-counts", stackSize: 16 << 20) { [self] in
            do {
                try count(dataset: dataset, config: config)
            } catch {
                state.withLock {
                    $0.failure = error is CancellationError ? "stopped" : "\(error)"
                    $0.finished = true
                }
            }
        }
    }

    private func count(dataset: Dataset, config: RunConfig) throws {
        let builder = ExampleBuilder(data: config.data, formatter: try ExampleBuilder.formatter(
            promptFormat: config.data.promptFormat, tokenizerFolder: config.tokenizerFolderURL))
        _ = dataset.waitUntilIndexed()
        let rows = dataset.rowCount
        state.withLock {
            $0.counts = [Count](repeating: .unknown, count: rows)
            $0.rowCount = rows
        }
        var batch: [(Int, Count)] = []
        func flush() {
            state.withLock { s in
                for (row, count) in batch {
                    s.counts[row] = count
                    if count == .invalid { s.invalid += 1 } else {
                        s.totalTokens += Int(count.tokens)
                        s.totalTrained += Int(count.trained)
                    }
                }
                s.counted += batch.count
            }
            batch.removeAll(keepingCapacity: true)
        }
        for row in 0..<rows {
            if row % 64 == 0 {
                if cancelled.withLock({ $0 }) { throw CancellationError() }
                flush()
            }
            var count = Count.invalid
            if let record = try? dataset.record(at: row),
               let example = try? TrainingData.example(from: record, builder: builder) {
                let trained = TrainedRecord.make(example: example, builder: builder, withText: false)
                count = Count(tokens: Int32(clamping: trained.tokens.count), trained: Int32(clamping: trained.trainedCount))
            }
            batch.append((row, count))
        }
        flush()
        state.withLock { $0.finished = true }
    }

    func cancel() { cancelled.withLock { $0 = true } }

    /// The count of a dataset row, `unknown` while it has not been counted.
    func count(row: Int) -> Count {
        state.withLock { $0.counts.indices.contains(row) ? $0.counts[row] : .unknown }
    }

    /// One line for the table's status: progress while counting, totals when done, or why it stopped.
    var summary: String {
        state.withLock { s in
            if let failure = s.failure { return "token counts (\(configName)): \(failure)" }
            let totals = "\(s.totalTokens) tokens, \(s.totalTrained) trained" + (s.invalid > 0 ? ", \(s.invalid) rows not examples" : "")
            if !s.finished {
                let percent = s.rowCount > 0 ? 100 * s.counted / s.rowCount : 0
                return "counting tokens (\(configName)) \(percent)%: \(totals) so far"
            }
            return "\(configName): \(totals)"
        }
    }

    var isFinished: Bool { state.withLock { $0.finished } }

    /// The cell text of a count: the number, `…` until counted, `—` for a row that is not an example.
    static func text(_ value: Int32) -> String {
        switch value {
        case -1: return "…"
        case -2: return "—"
        default: return String(value)
        }
    }
}
