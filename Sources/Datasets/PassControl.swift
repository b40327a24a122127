import Support

/// The life of a background pass over a dataset (search, statistics): the cancel flag the pass polls, how the pass
/// ended, and a signal for callers that wait for the end. Search and statistics share it, so they cancel, fail and
/// finish the same way.
final class PassControl: Sendable {
    /// How a pass ended: the rows it covered (nil when an error stopped it), and why it stopped early.
    struct Ending {
        var rows: Int?
        var isCancelled = false
        var failure: DatasetError?
    }

    private struct Flags: Sendable {
        var cancelRequested = false
        var finished = false
    }

    private let flags = WaitableState(Flags())

    func cancel() {
        flags.withLock { $0.cancelRequested = true }
    }

    var isCancelled: Bool { flags.withLock { $0.cancelRequested } }

    /// Runs `pass` to its end, turning cancellation and read errors into an `Ending` rather than a throw.
    func run(_ pass: RowPass, progress: (Int) -> Void,
             visit: (Int, UnsafeRawBufferPointer?) throws -> Void) -> Ending {
        do {
            switch try pass.run(isCancelled: { isCancelled }, progress: progress, visit: visit) {
            case .finished(let rows): return Ending(rows: rows)
            case .cancelled(let rows): return Ending(rows: rows, isCancelled: true)
            }
        } catch {
            return Ending(rows: nil, failure: error as? DatasetError)
        }
    }

    /// Wakes every caller of `waitUntilFinished`; call once the pass's final state is published.
    func markFinished() {
        flags.update { $0.finished = true }
    }

    /// Blocks until `markFinished` or `timeout` seconds pass.
    func waitUntilFinished(timeout: Double) {
        flags.wait(timeout: timeout) { $0.finished }
    }
}
