import Foundation

/// Follows a growing `metrics.jsonl` (a run trained headless or in this process): each `poll()` reads only the bytes
/// added since the last one and returns the complete new lines as records. A partial last line waits for its
/// newline; a line that does not parse is counted and skipped; a file that shrank or was replaced is read again
/// from the start (`didRestart` tells the observer to drop what it had).
public struct MetricsFollower: Sendable {
    public let url: URL
    /// Bytes consumed so far (complete lines only).
    public private(set) var offset: UInt64 = 0
    /// Lines that were not metrics records.
    public private(set) var malformedLines = 0
    /// True after a poll that found the file shorter than before and started over.
    public private(set) var didRestart = false
    private var identity: UInt64?
    /// The most a poll reads, so a huge log is taken in bounded pieces.
    public var maxBytesPerPoll = 8 << 20

    public init(url: URL) { self.url = url }

    /// New complete records since the last poll (empty when the file does not exist yet).
    public mutating func poll() -> [MetricsRecord] {
        didRestart = false
        guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let size = (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
        let inode = (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value
        if size < offset || (identity != nil && inode != identity) {
            offset = 0
            didRestart = true
        }
        identity = inode
        guard size > offset else { return [] }
        do { try handle.seek(toOffset: offset) } catch { return [] }
        let wanted = Int(min(UInt64(maxBytesPerPoll), size - offset))
        guard let data = try? handle.read(upToCount: wanted), !data.isEmpty else { return [] }
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else {
            // One line longer than a poll's worth: skip it rather than wait forever.
            if data.count == maxBytesPerPoll { offset += UInt64(data.count); malformedLines += 1 }
            return []
        }
        let complete = data[data.startIndex...lastNewline]
        offset += UInt64(complete.count)
        var records: [MetricsRecord] = []
        for line in complete.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let text = String(decoding: line, as: UTF8.self)
            if let record = MetricsRecord(jsonLine: Substring(text)) { records.append(record) } else { malformedLines += 1 }
        }
        return records
    }

    /// Every record in the file now, superseded ones dropped (for a one-shot read, e.g. a finished run).
    public static func readAll(url: URL) -> [MetricsRecord] {
        var follower = MetricsFollower(url: url)
        follower.maxBytesPerPoll = Int.max / 2
        var all: [MetricsRecord] = []
        while true {
            let batch = follower.poll()
            if batch.isEmpty { break }
            all += batch
        }
        return MetricsRecord.effective(all)
    }
}
