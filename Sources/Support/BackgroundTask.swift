/// Work on a background thread whose progress, result and cancellation the caller (usually the UI thread, at each
/// redraw) reads without ever waiting: a model load, a measured training step, a scoring pass. The work gets a
/// `Context` to publish progress and to poll for cancellation; callers read `progress` and `result`, may `cancel()`,
/// and may `wait` (tests, headless commands).
public final class BackgroundTask<Progress: Sendable, Value: Sendable>: Sendable {
    private struct State: Sendable {
        var progress: Progress
        var result: Result<Value, any Error>?
        var cancelRequested = false
    }
    private let state: WaitableState<State>

    /// What the work sees of its task.
    public struct Context: Sendable {
        fileprivate let task: BackgroundTask

        /// True once `cancel()` was called: the work should stop soon (throwing `CancellationError` is fine).
        public var isCancelled: Bool { task.isCancelled }

        /// Publishes progress for the caller's next look.
        public func report(_ progress: Progress) { task.state.withLock { $0.progress = progress } }
    }

    /// Starts `work` at once on its own thread (16 MiB of stack: engine work runs deep).
    public init(name: String, initial: Progress, stackSize: Int = 16 << 20,
                _ work: @escaping @Sendable (Context) throws -> Value) {
        state = WaitableState(State(progress: initial))
        BackgroundThread.start(name: name, stackSize: stackSize) { [self] in
            let result = Result { try work(Context(task: self)) }
            state.update { $0.result = result }
        }
    }

    public var progress: Progress { state.withLock { $0.progress } }

    /// The outcome once the work has ended, else nil.
    public var result: Result<Value, any Error>? { state.withLock { $0.result } }

    public var isFinished: Bool { result != nil }

    public var isCancelled: Bool { state.withLock { $0.cancelRequested } }

    public func cancel() { state.withLock { $0.cancelRequested = true } }

    /// Blocks until the work ends or `timeout` seconds pass; returns whether it ended.
    @discardableResult
    public func wait(timeout: Double = .infinity) -> Bool {
        state.wait(timeout: timeout) { $0.result != nil }
    }
}

extension BackgroundTask where Progress == Void {
    /// A task that reports no progress.
    public convenience init(name: String, stackSize: Int = 16 << 20, _ work: @escaping @Sendable (Context) throws -> Value) {
        self.init(name: name, initial: (), stackSize: stackSize, work)
    }
}
