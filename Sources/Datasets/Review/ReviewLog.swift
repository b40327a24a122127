import Foundation
import Support
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The review decisions about one dataset: an append-only JSON-lines log in Loom's folder beside the dataset
/// (`DIR/.loom/review/NAME.decisions.jsonl`), never inside the user's file. Each decision is one `write` of one whole
/// line with O_APPEND, so a crash leaves complete lines (a partial last line is skipped on reading). The current
/// state is the last entry of each line; undo appends the previous state again, so the log keeps every step.
public final class ReviewLog: Sendable {
    public let datasetPath: String
    public let url: URL
    private let state: Mutex<[ReviewDecision]>

    /// Where the log of the dataset at `path` lives.
    public static func url(forDataset path: String) -> URL {
        let source = URL(fileURLWithPath: path).standardizedFileURL
        return source.deletingLastPathComponent().appendingPathComponent(".loom/review", isDirectory: true)
            .appendingPathComponent(source.lastPathComponent + ".decisions.jsonl")
    }

    /// Opens (and reads) the log of the dataset at `path`; a missing log is an empty one.
    public init(datasetPath path: String) throws {
        datasetPath = path
        url = Self.url(forDataset: path)
        var entries: [ReviewDecision] = []
        if FileManager.default.fileExists(atPath: url.path) {
            let data = try RegularFile.read(url.path)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                if let entry = try? decoder.decode(ReviewDecision.self, from: Data(line)) { entries.append(entry) }
            }
        }
        state = Mutex(entries)
    }

    /// Every entry, oldest first.
    public var entries: [ReviewDecision] { state.withLock { $0 } }

    /// The latest entry of each line that has one (an `undecided` one included).
    public var latest: [Int: ReviewDecision] {
        state.withLock { entries in
            var out: [Int: ReviewDecision] = [:]
            for entry in entries { out[entry.line] = entry }
            return out
        }
    }

    /// Appends a decision to the file, then to the log in memory.
    public func append(_ decision: ReviewDecision) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var line = try encoder.encode(decision)
        line.append(UInt8(ascii: "\n"))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try state.withLock { entries in
            let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw RegularFileError(path: url.path, reason: "cannot open the review log (\(String(cString: strerror(errno))))") }
            defer { close(fd) }
            var written = 0
            while written < line.count {
                let n = line.withUnsafeBytes { write(fd, $0.baseAddress! + written, line.count - written) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw RegularFileError(path: url.path, reason: "cannot append a decision; is the disk full?") }
                written += n
            }
            entries.append(decision)
        }
    }

    /// A stable identity of a record's content (FNV-1a 64 of its compact JSON, or of its text when malformed), so
    /// that a decision made on one version of a record is known not to apply to another.
    public static func contentHash(of record: Record) -> String {
        let text: String
        switch record.content {
        case .value(let value): text = JSONFormatter.compact(value)
        case .malformed(let raw, _): text = raw
        }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
