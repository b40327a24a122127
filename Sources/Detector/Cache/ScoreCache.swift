import Foundation
import Support

/// Raw statistics already computed, keyed by the hash of the text, in a Loom folder beside the dataset
/// (`DATASET_DIR/.loom/detect/<method>-<model key>.tsv`, never inside the user's file; one line per text: hash,
/// statistic, truncated, abstain reason), so that rescoring a file that
/// was scored before costs a read. The model key covers the method, the weights or model files and the adapter, so
/// a changed model never reuses old scores. The file is rewritten whole and atomically (`AtomicFile`), so a crash
/// or a second `loom` process leaves either the old cache or the new one. Decisions are not cached: a threshold can
/// change without rescoring.
public final class ScoreCache {
    public let url: URL
    private var entries: [String: ScoredText] = [:]
    private var added = 0

    /// The cache for `dataset` under `key`; reads what an earlier run stored.
    public init(beside dataset: String, method: DetectionMethod, modelKey: String) {
        let folder = URL(fileURLWithPath: dataset).standardizedFileURL.deletingLastPathComponent()
            .appendingPathComponent(".loom/detect", isDirectory: true)
        url = folder.appendingPathComponent("\(method.rawValue)-\(modelKey.prefix(16)).tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 4, let value = Double(parts[1]) else { continue }
            entries[String(parts[0])] = ScoredText(statistic: value, abstainReason: parts[3].isEmpty ? nil : String(parts[3]),
                                                   truncated: parts[2] == "1")
        }
    }

    public var count: Int { entries.count }

    public static func key(_ text: String) -> String { ContentHash.hex(text) }

    public func scored(forKey key: String) -> ScoredText? { entries[key] }

    /// Remembers a score (its explanation is not kept: explaining recomputes).
    public func store(_ scored: ScoredText, forKey key: String) {
        guard scored.statistic.isFinite, entries[key] == nil else { return }
        var kept = scored
        kept.explanation = nil
        entries[key] = kept
        added += 1
    }

    /// Writes the cache if anything was added. Throws when the folder cannot be written (a read-only dataset
    /// folder): the caller says so once and goes on without a cache.
    public func save() throws {
        guard added > 0 else { return }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var text = ""
        text.reserveCapacity(entries.count * 48)
        for (key, value) in entries {
            let reason = (value.abstainReason ?? "").replacingOccurrences(of: "\t", with: " ")
                .replacingOccurrences(of: "\n", with: " ")
            text += "\(key)\t\(value.statistic)\t\(value.truncated ? 1 : 0)\t\(reason)\n"
        }
        try AtomicFile.write(Data(text.utf8), to: url)
        added = 0
    }
}
