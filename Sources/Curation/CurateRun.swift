import Datasets
import Foundation
import Support
#if canImport(Glibc)
import Glibc
#endif

/// `loom curate`: every record of the inputs through the filters, then MinHash deduplication of what they kept,
/// written as kept records (C4's rewritten text; e-mail and public IPv4 addresses masked), dropped records (each with
/// a `_curation` member: filter, rule, value, threshold, record number; duplicates with their cluster and the record
/// kept for it) and a summary (counts per filter and rule in pipeline order, clusters).
///
/// Streaming: records are read one at a time; dropped ones go straight to a work file, kept ones to another with
/// their MinHash signatures held within the memory budget and spilled to sorted runs beyond it. Resumable: every
/// `checkpointSeconds` (and on cancel) the work files are flushed and `curate-state.json` saved; running the same
/// command again continues from the last checkpoint. Deterministic: the same inputs and settings give the same bytes,
/// however the run was interrupted or spilled. The outputs appear in the folder only when the run completes.
public struct CurateRun {
    public enum Phase: String, Sendable { case filtering, deduplicating, writing, done }

    /// What a run has done so far, for a progress line.
    public struct Progress: Sendable, Equatable {
        public var phase: Phase = .filtering
        public var records = 0
        public var documents = 0
        public var kept = 0
        public var dropped = 0
        /// Set when the run continued from a checkpoint, with the records that were already done.
        public var resumedAt: Int?

        public init() {}
    }

    public var config = CurateConfig()
    /// Start over even when the folder holds a checkpoint.
    public var restart = false

    public init(config: CurateConfig = CurateConfig()) { self.config = config }

    public static let stateFileName = "curate-state.json"
    static let workFolderName = ".curate-work"

    /// Runs over `inputs` into `folder` (kept.jsonl, dropped.jsonl, summary.json). `isCancelled` is polled between
    /// records; on cancel the run checkpoints and throws `CancellationError`.
    public func run(inputs: [String], folder: URL, progress: (Progress) -> Void = { _ in },
                    isCancelled: () -> Bool = { false }) throws -> CurateSummary {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        let stateURL = folder.appendingPathComponent(Self.stateFileName)
        let work = folder.appendingPathComponent(Self.workFolderName)
        let fingerprint = CurateState.fingerprint(inputs: inputs, settings: config.text)
        var state = CurateState(fingerprint: fingerprint)
        var report = Progress()
        if !restart, let saved = try CurateState.load(stateURL) {
            guard saved.fingerprint == fingerprint else {
                throw CurateError(path: stateURL.path, message: "was left by a run over other inputs or with other settings; pass --restart to start over, or choose another --out")
            }
            if saved.phase == .done, fileManager.fileExists(atPath: folder.appendingPathComponent("summary.json").path) {
                return saved.summary
            }
            if saved.phase != .done {
                state = saved
                report.resumedAt = saved.records
            }
        }
        if state.records == 0 && state.phase == .filtering {
            try? fileManager.removeItem(at: work)
        }
        try fileManager.createDirectory(at: work, withIntermediateDirectories: true)

        let pipeline = config.pipeline
        let minHash = pipeline.minHash
        let dropped = try AppendingFile(url: work.appendingPathComponent("dropped.partial"), length: state.droppedBytes)
        let pending = try AppendingFile(url: work.appendingPathComponent("pending.partial"), length: state.pendingBytes)
        let store = BandSignatureStore(bands: minHash.bands, hashesPerBand: minHash.hashesPerBand,
                                       folder: work.appendingPathComponent("signatures"),
                                       budgetBytes: config.memoryMegabytes << 20, runs: state.runs)
        var lastCheckpoint = Date()
        func checkpoint() throws {
            try dropped.synchronize()
            try pending.synchronize()
            try store.spill()
            state.droppedBytes = dropped.length
            state.pendingBytes = pending.length
            state.runs = store.runs
            try state.save(stateURL)
            lastCheckpoint = Date()
        }

        if state.phase == .filtering {
            var record = 0
            for input in inputs {
                let dataset = try Dataset.open(path: input)
                try dataset.forEachRecord { item in
                    defer { record += 1 }
                    guard record >= state.records else { return }
                    if isCancelled() {
                        try checkpoint()
                        throw CancellationError()
                    }
                    try self.filter(item, record: record, state: &state, dropped: dropped, pending: pending, store: store)
                    state.records = record + 1
                    if state.records % 256 == 0 {
                        report.records = state.records
                        report.documents = state.summary.documents
                        report.kept = state.pending
                        report.dropped = state.summary.dropped
                        progress(report)
                    }
                    if Date().timeIntervalSince(lastCheckpoint) >= config.checkpointSeconds { try checkpoint() }
                }
            }
            state.phase = .deduplicating
            try checkpoint()
        }

        report.phase = .deduplicating
        report.records = state.records
        report.documents = state.summary.documents
        progress(report)
        var removals: [UInt32: (cluster: Int, kept: UInt32, size: Int)] = [:]
        var clusterCount = 0
        if pipeline.deduplicates {
            var clusters = DuplicateClusters()
            try store.forEachDuplicatePair({ clusters.union($0, $1) }, cancelled: isCancelled)
            removals = clusters.removals()
            clusterCount = clusters.clusterCount
        }
        report.phase = .writing
        progress(report)
        var summary = state.summary
        summary.clusters = clusterCount
        let kept = try AppendingFile(url: work.appendingPathComponent("kept.partial"))
        let masker = PIIMasker()
        let keptRecords = try recordsOfKeptDocuments(Set(removals.values.map(\.kept)), pending: pending.url)
        var index: UInt32 = 0
        try Self.forEachLine(of: pending.url, length: state.pendingBytes) { line in
            defer { index += 1 }
            if index % 4096 == 0, isCancelled() { throw CancellationError() }
            guard let tab = line.firstIndex(of: "\t"), let record = Int(line[..<tab]) else {
                throw CurateError(path: pending.url.path, message: "line \(index + 1) is not a pending record; delete \(work.path) and rerun")
            }
            let value = try JSONParser.parse(String(line[line.index(after: tab)...]))
            if let removal = removals[index] {
                summary.duplicates += 1
                summary.dropped += 1
                summary.count(filter: CurationPipeline.minHashName, rule: "duplicate")
                let why: [JSONMember] = [
                    JSONMember("filter", .string(CurationPipeline.minHashName)), JSONMember("rule", .string("duplicate")),
                    JSONMember("record", .number(String(record))), JSONMember("cluster", .number(String(removal.cluster))),
                    JSONMember("cluster_size", .number(String(removal.size))),
                    JSONMember("duplicate_of", .number(String(keptRecords[removal.kept] ?? -1))),
                ]
                try dropped.append(JSONFormatter.compact(Self.annotated(value, why)))
            } else {
                summary.kept += 1
                var output = value
                if config.masksPII, case .string(let text)? = value[config.field] {
                    output = Self.replacing(config.field, in: value, with: .string(masker.mask(text)))
                }
                try kept.append(JSONFormatter.compact(output))
            }
        }
        summary.emailsMasked = masker.emailsMasked
        summary.ipsMasked = masker.ipsMasked
        try kept.close()
        try dropped.close()
        try Self.move(kept.url, to: folder.appendingPathComponent("kept.jsonl"))
        try Self.move(dropped.url, to: folder.appendingPathComponent("dropped.jsonl"))
        try AtomicFile.write(Data((JSONFormatter.pretty(summary.json) + "\n").utf8), to: folder.appendingPathComponent("summary.json"))
        state.phase = .done
        state.summary = summary
        try state.save(stateURL)
        try? fileManager.removeItem(at: work)
        report.phase = .done
        report.kept = summary.kept
        report.dropped = summary.dropped
        progress(report)
        return summary
    }
}
