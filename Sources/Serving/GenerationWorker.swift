import Foundation
import Support

/// The one thread that runs the engine for the server. The engine's kernels already use every core through one
/// shared thread pool, so sequences are not run side by side; instead the worker takes one token of each waiting
/// job in turn, and concurrent requests all make progress (a long reply does not hold a short one behind it).
/// A job whose client has gone is dropped at its next turn.
public final class GenerationWorker: Sendable {
    private struct State: Sendable {
        var jobs: [GenerationJob] = []
        var stopped = false
        var tokensMade = 0
    }

    private let state = WaitableState(State())

    public init() {
        let state = self.state
        BackgroundThread.start(name: "loom-serve-engine", stackSize: 16 << 20) {
            Self.run(state)
        }
    }

    /// Queues `jobs`; they start at the worker's next round.
    public func submit(_ jobs: [GenerationJob]) {
        state.update { $0.jobs.append(contentsOf: jobs) }
    }

    /// Jobs queued or running now.
    public var activeJobs: Int { state.withLock { $0.jobs.count } }

    /// Ends the thread after its current round; jobs still queued are told they were cancelled.
    public func stop() {
        let left = state.update { state -> [GenerationJob] in
            state.stopped = true
            defer { state.jobs.removeAll() }
            return state.jobs
        }
        for job in left {
            job.emit(.finished(choice: job.choice, reason: .cancelled, promptTokens: job.prompt.count, completionTokens: 0))
        }
    }

    private static func run(_ state: WaitableState<State>) {
        while true {
            var round: [GenerationJob] = []
            state.wait(timeout: .infinity) { state in
                round = state.jobs
                return !state.jobs.isEmpty || state.stopped
            }
            if state.withLock({ $0.stopped }) { return }
            var done: [ObjectIdentifier] = []
            for job in round where !job.step() { done.append(ObjectIdentifier(job)) }
            if !done.isEmpty {
                let finished = Set(done)
                state.withLock { $0.jobs.removeAll { finished.contains(ObjectIdentifier($0)) } }
            }
        }
    }
}
