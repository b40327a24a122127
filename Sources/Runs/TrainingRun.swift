import Foundation
import Support

/// A fine-tuning run on a background thread, commanded and observed from any thread: `start()`, `pause()`,
/// `resume()`, `stop()` (which writes a checkpoint before the run ends), a `snapshot` to draw from, and events to
/// drain at each redraw. `loom train` drives it the same way the workbench does.
///
/// The run's folder is its record: resolved config, append-only metrics, status, log, checkpoints and the final
/// adapter, so that a run can be watched by following its files and continued after a crash with `resume(folder:)`.
public final class TrainingRun: Sendable {
    public let folder: RunFolder
    /// The configuration as resolved (absolute paths).
    public let config: RunConfig
    /// True when this run continues from the folder's latest checkpoint.
    public let isResume: Bool

    /// Everything commands and observers share with the run's thread, behind one lock that can be waited on.
    private struct State {
        var current: RunSnapshot
        var queue: [RunEvent] = []
        var pauseRequested = false
        var stopRequested = false
        var started = false
        var finished = false
    }
    private let state: WaitableState<State>
    /// Events kept for a slow observer; the oldest metrics are dropped beyond this (metrics.jsonl keeps all).
    public let maxQueuedEvents = 50_000

    private init(config: RunConfig, folder: RunFolder, isResume: Bool) {
        self.config = config
        self.folder = folder
        self.isResume = isResume
        var current = RunSnapshot(name: config.name, folder: folder, status: .preparing)
        current.processId = getpid()
        current.host = RunFolder.localHost
        current.activity = "waiting to start"
        state = WaitableState(State(current: current))
    }

    /// Validates `config` and creates its run folder: `out` when given, else `<runs_folder>/<name>` (made unique),
    /// with the resolved config.toml written. The run starts with `start()`.
    public static func create(config: RunConfig, out: URL? = nil, configPath: String = "(run config)") throws -> TrainingRun {
        _ = try config.validated(path: configPath)
        let resolved = config.resolved()
        let folder: RunFolder
        if let out {
            folder = try RunFolder.create(at: out)
        } else {
            folder = try RunFolder.createUnique(named: config.name, in: config.runsFolderURL)
        }
        var named = resolved
        named.name = folder.name
        do { try named.tomlText().write(to: folder.configURL, atomically: true, encoding: .utf8) } catch {
            throw RunFolderError(path: folder.configURL.path, reason: "cannot write the config: \(error.localizedDescription)")
        }
        let run = TrainingRun(config: named, folder: folder, isResume: false)
        var preparing = RunSnapshot(name: named.name, folder: folder, status: .preparing)
        preparing.processId = getpid()
        preparing.host = RunFolder.localHost
        try folder.writeStatus(preparing)
        return run
    }

    /// Continues a stopped, failed or crashed run from its latest checkpoint (from the start when it has none).
    public static func resume(folder: RunFolder) throws -> TrainingRun {
        guard folder.exists else { throw RunFolderError(path: folder.url.path, reason: "is not a run folder (no config.toml)") }
        if let status = folder.status(), status.status.isActive, status.processId != getpid() {
            throw RunFolderError(path: folder.url.path,
                                 reason: "is being trained by process \(status.processId ?? 0); stop it before resuming")
        }
        if folder.status()?.status == .completed {
            throw RunFolderError(path: folder.url.path, reason: "completed already; its adapter is in \(folder.adapterURL.path) (export another checkpoint with loom export)")
        }
        let config = try folder.config()
        _ = try config.validated(path: folder.configURL.path)
        return TrainingRun(config: config, folder: folder, isResume: true)
    }

    // MARK: Commands

    /// Starts the run on its own thread (once).
    public func start() {
        let first = state.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        BackgroundThread.start(name: "loom-train", stackSize: 16 << 20) { [self] in
            TrainingLoop(run: self).execute()
            state.update { $0.finished = true }
        }
    }

    /// Pauses after the current step (weights and optimizer state stay in memory).
    public func pause() { state.update { $0.pauseRequested = true } }

    public func resume() { state.update { $0.pauseRequested = false } }

    /// Ends the run after the current step, writing a checkpoint first so `resume(folder:)` can continue it.
    public func stop() { state.update { $0.stopRequested = true } }

    // MARK: Observing

    public var snapshot: RunSnapshot { state.withLock { $0.current } }

    /// Events since the last call, oldest first.
    public func drainEvents() -> [RunEvent] {
        state.withLock { state in
            defer { state.queue.removeAll(keepingCapacity: true) }
            return state.queue
        }
    }

    public var isFinished: Bool { state.withLock { $0.finished } }

    /// Blocks until the run's thread ends or `timeout` seconds pass; returns whether it ended.
    @discardableResult
    public func waitUntilFinished(timeout: Double = .infinity) -> Bool {
        state.wait(timeout: timeout) { $0.finished }
    }

    // MARK: For the loop

    var isStopRequested: Bool { state.withLock { $0.stopRequested } }

    /// Blocks while paused; returns true when a stop was asked for.
    func waitWhilePaused(onPause: () -> Void, onResume: () -> Void) -> Bool {
        let paused = state.withLock { $0.pauseRequested && !$0.stopRequested }
        guard paused else { return isStopRequested }
        onPause()
        state.wait(timeout: .infinity) { !$0.pauseRequested || $0.stopRequested }
        let stop = isStopRequested
        if !stop { onResume() }
        return stop
    }

    func update(_ change: (inout RunSnapshot) -> Void) {
        state.withLock { change(&$0.current) }
    }

    func publish(_ event: RunEvent) {
        let limit = maxQueuedEvents
        state.withLock { state in
            state.queue.append(event)
            if state.queue.count > limit,
               let drop = state.queue.firstIndex(where: { if case .metrics = $0 { return true }; return false }) {
                state.queue.remove(at: drop)
            }
        }
    }
}
