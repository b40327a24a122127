import Engine
import Foundation
import Support
#if canImport(Glibc)
import Glibc
#endif

/// The folder of one run, as `loom train` and the workbench write it:
///
/// ```
/// <run>/config.toml        the configuration as resolved (absolute paths, every key)
/// <run>/metrics.jsonl      append-only, one JSON object per step, evaluation and sample
/// <run>/status.json        status, step, last loss, process id (small, rewritten atomically)
/// <run>/log.txt            what happened, in words (skipped records, checkpoints, errors)
/// <run>/checkpoints/step-00000100.safetensors   trainable weights + optimizer moments + state
/// <run>/adapter/           the final adapter in PEFT layout (adapter_config.json, adapter_model.safetensors)
/// <run>/model/             the final weights, for full fine-tuning
/// ```
public struct RunFolder: Sendable, Hashable {
    public let url: URL

    /// The folder is kept as an absolute, standardized file URL, so that two `RunFolder`s of the same folder are
    /// equal however their URLs were made (relative to a base, with `..`, or read back from disk).
    public init(url: URL) { self.url = URL(fileURLWithPath: url.absoluteURL.standardizedFileURL.path) }
    public init(path: String) { self.init(url: URL(fileURLWithPath: path)) }

    public var name: String { url.lastPathComponent }
    public var configURL: URL { url.appendingPathComponent("config.toml") }
    public var metricsURL: URL { url.appendingPathComponent("metrics.jsonl") }
    public var statusURL: URL { url.appendingPathComponent("status.json") }
    public var logURL: URL { url.appendingPathComponent("log.txt") }
    public var checkpointsURL: URL { url.appendingPathComponent("checkpoints") }
    public var adapterURL: URL { url.appendingPathComponent("adapter") }
    public var modelURL: URL { url.appendingPathComponent("model") }

    /// True when the folder holds a run (a config.toml).
    public var exists: Bool { FileManager.default.fileExists(atPath: configURL.path) }

    /// The resolved configuration the run was started with.
    public func config() throws -> RunConfig { try RunConfig.load(path: configURL.path) }

    /// The run's state as its status.json holds it, or nil when missing or unreadable.
    public func readStatusFile() -> RunSnapshot? {
        guard let data = try? Data(contentsOf: statusURL) else { return nil }
        return RunSnapshot.decode(data, folder: self)
    }

    /// The run's state, with a run that claims to be active but whose process is gone reported as `interrupted`.
    /// A run trained on another machine (status.json names another host) cannot be checked by its process id;
    /// `isStale` tells when its files stopped changing instead.
    public func status() -> RunSnapshot? {
        guard var file = readStatusFile() else { return nil }
        if file.status.isActive, let pid = file.processId, file.host == nil || file.host == RunFolder.localHost,
           !RunFolder.processIsAlive(pid) {
            file.status = .interrupted
        }
        return file
    }

    /// This machine's name as status.json records it.
    public static let localHost: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return ProcessInfo.processInfo.hostName }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// When the run's files last changed: the newest modification time of status.json and metrics.jsonl.
    public func lastActivity() -> Date? {
        let manager = FileManager.default
        return [statusURL, metricsURL].compactMap {
            (try? manager.attributesOfItem(atPath: $0.path))?[.modificationDate] as? Date
        }.max()
    }

    /// True when the run says it is active but neither status.json nor metrics.jsonl changed for `after` seconds:
    /// a run on another machine whose sync stopped, or whose trainer hung or died without a word.
    public func isStale(_ snapshot: RunSnapshot?, after: TimeInterval, now: Date = Date()) -> Bool {
        guard let snapshot, snapshot.status.isActive, after > 0, let last = lastActivity() else { return false }
        return now.timeIntervalSince(last) > after
    }

    /// Writes status.json atomically, stamped now.
    public func writeStatus(_ status: RunSnapshot) throws {
        var status = status
        status.updated = Date()
        do { try AtomicFile.write(try status.encoded(), to: statusURL) } catch {
            throw RunFolderError(path: statusURL.path, reason: "cannot write the status: \(error)")
        }
    }

    /// Complete checkpoints, oldest first (files being written have a temporary name and are not listed).
    public func checkpoints() -> [CheckpointFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpointsURL.path)) ?? []
        return names.compactMap { name -> CheckpointFile? in
            guard name.hasPrefix("step-"), name.hasSuffix(".safetensors"),
                  let step = Int(name.dropFirst(5).dropLast(12)) else { return nil }
            return CheckpointFile(step: step, url: checkpointsURL.appendingPathComponent(name))
        }.sorted { $0.step < $1.step }
    }

    public var latestCheckpoint: CheckpointFile? { checkpoints().last }

    /// Creates the folder (and `checkpoints/`) for a new run; refuses a folder that already holds a run.
    public static func create(at url: URL) throws -> RunFolder {
        let folder = RunFolder(url: url)
        if folder.exists {
            throw RunFolderError(path: url.path, reason: "already holds a run; use --resume to continue it or choose another --out")
        }
        do {
            try FileManager.default.createDirectory(at: folder.checkpointsURL, withIntermediateDirectories: true)
        } catch {
            throw RunFolderError(path: url.path, reason: "cannot create the run folder: \(error.localizedDescription)")
        }
        return folder
    }

    /// A new folder `<runsFolder>/<name>`, or `<name>-2`, `<name>-3` … when taken.
    public static func createUnique(named name: String, in runsFolder: URL) throws -> RunFolder {
        var candidate = runsFolder.appendingPathComponent(name)
        var n = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = runsFolder.appendingPathComponent("\(name)-\(n)")
            n += 1
        }
        return try create(at: candidate)
    }

    /// Appends a line to `log.txt` (time-stamped).
    public func log(_ message: String) {
        let line = "\(ISO8601DateFormatter().string(from: Date())) \(message)\n"
        if let handle = try? FileHandle(forWritingTo: logURL) {
            handle.seekToEndOfFile()
            handle.write(Data(line.utf8))
            try? handle.close()
        } else {
            try? Data(line.utf8).write(to: logURL)
        }
    }

    /// The runs in a runs folder (sub-folders holding a config.toml), newest first, with their status; for the
    /// workbench's Runs view.
    public static func list(in runsFolder: URL) -> [RunSummary] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: runsFolder.path) else { return [] }
        var out: [RunSummary] = []
        for name in names where !name.hasPrefix(".") {
            let folder = RunFolder(url: runsFolder.appendingPathComponent(name))
            guard folder.exists else { continue }
            let status = folder.status()
            let modified = (try? fm.attributesOfItem(atPath: folder.statusURL.path)[.modificationDate] as? Date)
                ?? (try? fm.attributesOfItem(atPath: folder.configURL.path)[.modificationDate] as? Date) ?? .distantPast
            out.append(RunSummary(folder: folder, status: status, updated: status?.updated ?? modified))
        }
        return out.sorted { $0.updated > $1.updated }
    }

    static func processIsAlive(_ pid: Int32) -> Bool {
        if pid == getpid() { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}

/// A run as the Runs view lists it.
public struct RunSummary: Sendable, Hashable {
    public var folder: RunFolder
    /// Nil when the run has no readable status.json (e.g. created but never started).
    public var status: RunSnapshot?
    public var updated: Date

    public var name: String { folder.name }

    public static func == (a: RunSummary, b: RunSummary) -> Bool { a.folder == b.folder && a.updated == b.updated }
    public func hash(into hasher: inout Hasher) { hasher.combine(folder) }
}

/// A complete checkpoint file of a run.
public struct CheckpointFile: Sendable, Hashable {
    public var step: Int
    public var url: URL

    public init(step: Int, url: URL) {
        self.step = step
        self.url = url
    }
}
