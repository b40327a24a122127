import Foundation

/// A work file a curation run appends lines to, buffered, that can be cut back to a length recorded at a
/// checkpoint (so a resumed run continues exactly where the checkpoint left it) and is flushed to disk before the
/// checkpoint is recorded.
final class AppendingFile {
    let url: URL
    private let handle: FileHandle
    private var buffer = Data()
    /// Bytes written so far, buffered ones included.
    private(set) var length: UInt64

    /// Opens `url` (created when missing) cut back to `length` bytes (0: empty).
    init(url: URL, length: UInt64 = 0) throws {
        self.url = url
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CurateError(path: url.path, message: "cannot create the file")
            }
        }
        handle = try FileHandle(forUpdating: url)
        let size = try handle.seekToEnd()
        guard size >= length else {
            throw CurateError(path: url.path, message: "is \(size) bytes, shorter than the \(length) the checkpoint recorded; delete the output folder's work files and rerun")
        }
        try handle.truncate(atOffset: length)
        try handle.seek(toOffset: length)
        self.length = length
    }

    func append(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        length += UInt64(line.utf8.count + 1)
        if buffer.count >= 1 << 20 { try flushBuffer() }
    }

    private func flushBuffer() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the buffer and asks the system to put the bytes on disk.
    func synchronize() throws {
        try flushBuffer()
        try handle.synchronize()
    }

    func close() throws {
        try synchronize()
        try handle.close()
    }
}
