import Foundation

/// A fine-tuning run on a background thread, commanded and observed from any thread: `start()`, `pause()`,
/// `resume()`, `stop()` (which writes a checkpoint before the run ends), a `snapshot` to draw from, and events to
/// drain at each redraw. `loom train` drives it the same way the workbench does.
///
/// The run's folder is its record: resolved config, append-only metrics, status, log, checkpoints and the final
/// adapter, so that a run can be watched by following its files and continued after a crash with `resume(folder:)`.
public final class TrainingRun: @unchecked Sendable {
    public let folder: RunFolder
    /// The configuration as resolved (absolute paths).
    public let config: RunConfig
    /// True when this run continues from the folder's latest checkpoint.
    public let isResume: Bool

    private let condition = NSCondition()
    private var current: RunSnapshot
    private var queue: [RunEvent] = []
    private var pauseRequested = false
    private var stopRequested = false
    private var started = false
    private var finished = false
    /// Events kept for a slow observer; the oldest metrics are dropped beyond this (metrics.jsonl keeps all).
    public var maxQueuedEvents = 50_000

    private init(config: RunConfig, folder: RunFolder, isResume: Bool) {
        self.config = config
        self.folder = folder
        self.isResume = isResume
        current = RunSnapshot(name: config.name, folder: folder, status: .preparing)
        current.processId = getpid()
        current.activity = "waiting to start"
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
            let runs = URL(fileURLWithPath: (config.runsFolder as NSString).expandingTildeInPath,
                           relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/")).standardizedFileURL
            folder = try RunFolder.createUnique(named: config.name, in: runs)
        }
        var named = resolved
        named.name = folder.name
        do { try named.tomlText().write(to: folder.configURL, atomically: true, encoding: .utf8) } catch {
            throw RunFolderError(path: folder.configURL.path, reason: "cannot write the config: \(error.localizedDescription)")
        }
        let run = TrainingRun(config: named, folder: folder, isResume: false)
        var preparing = RunSnapshot(name: named.name, folder: folder, status: .preparing)
        preparing.processId = getpid()
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
        let config = try folder.config()
        _ = try config.validated(path: folder.configURL.path)
        return TrainingRun(config: config, folder: folder, isResume: true)
    }

    // MARK: Commands

    /// Starts the run on its own thread (once).
    public func start() {
        condition.lock()
        guard !started else { condition.unlock(); return }
        started = true
        condition.unlock()
        let thread = Thread { [self] in
            TrainingLoop(run: self).execute()
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.stackSize = 16 << 20
        thread.name = "loom-train-\(config.name)"
        thread.start()
    }

    /// Pauses after the current step (weights and optimizer state stay in memory).
    public func pause() {
        condition.lock()
        pauseRequested = true
        condition.broadcast()
        condition.unlock()
    }

    public func resume() {
        condition.lock()
        pauseRequested = false
        condition.broadcast()
        condition.unlock()
    }

    /// Ends the run after the current step, writing a checkpoint first so `resume(folder:)` can continue it.
    public func stop() {
        condition.lock()
        stopRequested = true
        condition.broadcast()
        condition.unlock()
    }

    // MARK: Observing

    public var snapshot: RunSnapshot {
        condition.lock()
        defer { condition.unlock() }
        return current
    }

    /// Events since the last call, oldest first.
    public func drainEvents() -> [RunEvent] {
        condition.lock()
        defer { condition.unlock() }
        let out = queue
        queue.removeAll(keepingCapacity: true)
        return out
    }

    public var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }

    /// Blocks until the run's thread ends or `timeout` seconds pass; returns whether it ended.
    @discardableResult
    public func waitUntilFinished(timeout: Double = .infinity) -> Bool {
        let deadline = Date(timeIntervalSinceNow: min(timeout, 1e9))
        condition.lock()
        defer { condition.unlock() }
        while !finished {
            if !condition.wait(until: deadline) { return finished }
        }
        return true
    }

    // MARK: For the loop

    var isStopRequested: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopRequested
    }

    /// Blocks while paused; returns true when a stop was asked for.
    func waitWhilePaused(onPause: () -> Void, onResume: () -> Void) -> Bool {
        condition.lock()
        guard pauseRequested && !stopRequested else {
            let stop = stopRequested
            condition.unlock()
            return stop
        }
        condition.unlock()
        onPause()
        condition.lock()
        while pauseRequested && !stopRequested { condition.wait() }
        let stop = stopRequested
        condition.unlock()
        if !stop { onResume() }
        return stop
    }

    func update(_ change: (inout RunSnapshot) -> Void) {
        condition.lock()
        change(&current)
        condition.unlock()
    }

    func publish(_ event: RunEvent) {
        condition.lock()
        queue.append(event)
        if queue.count > maxQueuedEvents, let drop = queue.firstIndex(where: { if case .metrics = $0 { return true }; return false }) {
            queue.remove(at: drop)
        }
        condition.unlock()
    }
}
