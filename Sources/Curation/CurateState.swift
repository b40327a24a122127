import Foundation
import Support

/// Where a curation run stands, saved atomically at each checkpoint as `curate-state.json` in the output folder so
/// that rerunning the same command continues from there: the records already read, the counts so far, the lengths
/// of the work files at the checkpoint (later bytes are cut off on resume) and the signature runs spilled. The
/// fingerprint (inputs with their sizes and modification times, and every setting) must match for a run to resume.
struct CurateState: Codable, Equatable {
    enum Phase: String, Codable { case filtering, deduplicating, done }

    var version = 1
    var fingerprint: String
    var phase = Phase.filtering
    /// Records read so far, over all inputs (skipped ones included).
    var records = 0
    var summary = CurateSummary()
    /// Documents the filters kept so far (the MinHash index of the next one).
    var pending = 0
    var droppedBytes: UInt64 = 0
    var pendingBytes: UInt64 = 0
    var runs = 0

    static func load(_ url: URL) throws -> CurateState? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data = try Data(contentsOf: url)
        do {
            let state = try JSONDecoder().decode(CurateState.self, from: data)
            guard state.version == 1 else {
                throw CurateError(path: url.path, message: "state version \(state.version) is not one this Loom reads; pass --restart")
            }
            return state
        } catch let error as CurateError {
            throw error
        } catch {
            throw CurateError(path: url.path, message: "is not a curation state file Loom can read (\(error)); pass --restart to start over")
        }
    }

    func save(_ url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url)
    }

    /// The inputs (absolute path, size, modification time) and the settings, as one string.
    static func fingerprint(inputs: [String], settings: String) -> String {
        var parts: [String] = []
        for input in inputs {
            let url = URL(fileURLWithPath: input).standardizedFileURL
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            parts.append("\(url.path) \(size) \(modified)")
        }
        return (parts + [settings]).joined(separator: "\n")
    }
}
