import Foundation

/// The life of a background pass over a dataset (search, statistics): the cancel flag the pass polls, how the pass
/// ended, and a signal for callers that wait for the end. Search and statistics share it, so they cancel, fail and
/// finish the same way.
final class PassControl: @unchecked Sendable {
    /// How a pass ended: the rows it covered (nil when an error stopped it), and why it stopped early.
    struct Ending {
        var rows: Int?
        var isCancelled = false
        var failure: DatasetError?
    }

    private let lock = NSLock()
    private var cancelRequested = false
    private var finished = false
    private let done = NSCondition()

    func cancel() {
        lock.lock()
        cancelRequested = true
        lock.unlock()
    }

    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelRequested
    }

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
        done.lock()
        finished = true
        done.broadcast()
        done.unlock()
    }

    /// Blocks until `markFinished` or `timeout` seconds pass.
    func waitUntilFinished(timeout: Double) {
        let deadline = Date(timeIntervalSinceNow: timeout.isFinite ? min(timeout, 1e9) : 1e9)
        done.lock()
        defer { done.unlock() }
        while !finished {
            if !done.wait(until: deadline) { break }
        }
    }
}
