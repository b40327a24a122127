import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The append-only `metrics.jsonl` of a run: each record is one `write` of one whole line with `O_APPEND`, so a
/// reader (or a crash) sees complete lines plus at most one partial last line, which `MetricsFollower` skips.
public final class MetricsLog: Sendable {
    public let url: URL
    private let descriptor: Int32
    /// One appender at a time, so lines never interleave.
    private let appending = Mutex(())

    public init(url: URL) throws {
        self.url = url
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { throw RunFolderError(path: url.path, reason: "cannot open for appending (errno \(errno))") }
    }

    deinit { close(descriptor) }

    public func append(_ record: MetricsRecord) throws {
        try append(line: record.jsonLine())
    }

    func append(line: String) throws {
        try appending.withLock { _ in try appendLocked(line) }
    }

    private func appendLocked(_ line: String) throws {
        // A crash mid-write can leave a partial line; start on a fresh line so the next record stays readable.
        var bytes = Array((line + "\n").utf8)
        let end = lseek(descriptor, 0, SEEK_END)
        if end > 0 {
            var last: UInt8 = 0
            let reader = open(url.path, O_RDONLY)
            if reader >= 0 {
                if pread(reader, &last, 1, end - 1) == 1, last != UInt8(ascii: "\n") { bytes.insert(UInt8(ascii: "\n"), at: 0) }
                close(reader)
            }
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw RunFolderError(path: url.path, reason: "cannot append a metrics line (errno \(errno)); is the disk full?")
            }
            written += n
        }
    }
}
