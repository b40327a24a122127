import Foundation
import Runs

/// A run as the workbench knows it: its folder, its metrics so far, and — when it was launched from this workbench —
/// the in-process `TrainingRun` to command. Runs trained elsewhere (`loom train` in another terminal) are watched by
/// following their `metrics.jsonl` and `status.json`.
final class RunEntry {
    let folder: RunFolder
    private(set) var live: TrainingRun?
    private var follower: MetricsFollower
    private(set) var trainRecords: [MetricsRecord] = []
    private(set) var evalRecords: [MetricsRecord] = []
    private(set) var samples: [MetricsRecord] = []
    /// The detector's score of each evaluation's samples (kind `detect`), when the run's config names a detector.
    private(set) var detectRecords: [MetricsRecord] = []
    /// The run's state as its folder's status.json last said.
    private(set) var recorded: RunSnapshot?
    private var lastStatusRead = Date.distantPast
    /// Seconds without a change to the folder's files after which a run that says it is active is stale.
    let staleAfter: TimeInterval
    /// True when the run says it is active but its files stopped changing (a synced cluster run whose sync or
    /// trainer stopped); checked when status.json is read.
    private(set) var isStale = false

    init(folder: RunFolder, live: TrainingRun? = nil, staleAfter: TimeInterval = RunsCatalogue.defaultStaleAfter) {
        self.folder = folder
        self.live = live
        self.staleAfter = staleAfter
        follower = MetricsFollower(url: folder.metricsURL)
        recorded = folder.status()
    }

    var name: String { folder.name }

    /// Where the run stands, read in one place: the live run's snapshot when it is in this process, else the one
    /// its folder's status.json holds (same type, same fields).
    var snapshot: RunSnapshot? { live?.snapshot ?? recorded }

    var status: RunStatus? { snapshot?.status }
    var step: Int { snapshot?.step ?? trainRecords.last?.step ?? 0 }
    var totalSteps: Int { snapshot?.totalSteps ?? 0 }

    /// Adopts a run started (or resumed) in this process.
    func attach(_ run: TrainingRun) {
        live = run
    }

    /// Reads what is new: metrics lines appended since the last poll, and status.json at most twice a second.
    /// Returns true when anything changed.
    func poll() -> Bool {
        var changed = false
        if let live {
            // Drain events so the run's queue stays short; the metrics themselves are read from the file, one path
            // for runs in this process and runs trained elsewhere.
            if !live.drainEvents().isEmpty { changed = true }
        }
        let records = follower.poll()
        if follower.didRestart {
            trainRecords.removeAll()
            evalRecords.removeAll()
            samples.removeAll()
            detectRecords.removeAll()
        }
        for record in records {
            switch record.kind {
            case .train: trainRecords.append(record)
            case .eval: evalRecords.append(record)
            case .sample: samples.append(record)
            case .detect: detectRecords.append(record)
            case .resume:
                // Steps after the checkpoint a run resumed from were redone: drop the superseded ones.
                trainRecords.removeAll { $0.step > record.step }
                evalRecords.removeAll { $0.step > record.step }
                samples.removeAll { $0.step > record.step }
                detectRecords.removeAll { $0.step > record.step }
            }
        }
        if !records.isEmpty { changed = true }
        if Date().timeIntervalSince(lastStatusRead) > 0.5 {
            lastStatusRead = Date()
            let status = folder.status()
            if status != recorded {
                recorded = status
                changed = true
            }
            let stale = live == nil && folder.isStale(status, after: staleAfter)
            if stale != isStale {
                isStale = stale
                changed = true
            }
        }
        return changed
    }
}
