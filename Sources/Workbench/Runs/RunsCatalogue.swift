import Foundation
import Runs

/// The runs in the runs folders, listed once for every section that shows runs: Runs watches and commands them, Chat
/// talks to the adapters of finished ones. One list means one rescan of the folders, one `RunEntry` per run (so a run
/// launched in Runs is the same object Chat sees), and one answer to "is anything training?" when quitting.
public final class RunsCatalogue {
    let folders: [URL]
    /// Seconds without a change to an active run's status.json or metrics.jsonl after which it is shown as stale
    /// (`loom --stale-after`); 0 turns the mark off.
    let staleAfter: TimeInterval
    /// Ten minutes: longer than a slow evaluation or checkpoint on a cluster plus an rsync period.
    public static let defaultStaleAfter: TimeInterval = 600
    /// Oldest first as found at start, then in the order they appeared; the order never changes under the user.
    private(set) var runs: [RunEntry] = []
    /// Counts changes to `runs`, so that each section can tell whether the list moved since it last looked.
    private(set) var generation = 0
    private var lastRescan = Date.distantPast

    /// How often the folders are listed again for runs launched elsewhere (`loom train` in another terminal).
    static let rescanInterval: TimeInterval = 2

    init(folders: [URL], staleAfter: TimeInterval = RunsCatalogue.defaultStaleAfter) {
        self.folders = folders
        self.staleAfter = staleAfter
        rescan()
    }

    /// Lists the folders again when the last listing is older than `rescanInterval`; whichever section asks first
    /// does it, the others see the result.
    func refresh() {
        if Date().timeIntervalSince(lastRescan) > Self.rescanInterval { rescan() }
    }

    /// Adds runs that appeared in the runs folders, keeping the order stable.
    private func rescan() {
        lastRescan = Date()
        // Compare by path: a folder made from a relative URL and the same folder listed from disk are not `==`.
        let known = Set(runs.map { $0.folder.url.standardizedFileURL.path })
        var added = false
        for folder in folders {
            for summary in RunFolder.list(in: folder).reversed()
            where !known.contains(summary.folder.url.standardizedFileURL.path) {
                runs.append(RunEntry(folder: summary.folder, staleAfter: staleAfter))
                added = true
            }
        }
        if added { generation += 1 }
    }

    /// Adopts a run launched in this process; returns its index in `runs`.
    @discardableResult
    func add(_ entry: RunEntry) -> Int {
        runs.append(entry)
        generation += 1
        return runs.count - 1
    }

    /// Runs training in this process right now.
    var activeRuns: [RunEntry] { runs.filter { $0.live != nil && $0.live?.isFinished == false } }

    /// Stops every run training in this process (each writes a checkpoint) and waits for them.
    func stopAllAndWait(timeout: Double = 120) {
        let active = activeRuns
        for run in active { run.live?.stop() }
        for run in active { _ = run.live?.waitUntilFinished(timeout: timeout) }
    }
}
