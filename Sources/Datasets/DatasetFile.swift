import Support
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for positional reads (`pread`), never memory-mapped: a file truncated while mapped would kill the
/// process with SIGBUS, whereas a short `pread` is an error we can report. Thread-safe: `pread` keeps no cursor.
final class DatasetFile: Sendable {
    let path: String
    let descriptor: Int32
    /// Size when opened; rows are indexed up to this size.
    let sizeAtOpen: UInt64
    private let device: UInt64
    private let inode: UInt64
    /// Whether `path` names a file the user owns (checked for deletion); false for Loom's own temporary files.
    private let watchesPath: Bool

    init(path: String) throws {
        self.path = path
        // Non-blocking, so that a FIFO cannot hang the open (it is refused below as not a regular file).
        // Through `FileName`: a name that is not UTF-8 is opened by its bytes.
        let fd = FileName.withPlatformPath(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw DatasetError(.cannotOpen, path: path, problem: "cannot open the file (\(reason))",
                               remedy: "Check that the path exists and that you may read it.")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw DatasetError(.cannotOpen, path: path, problem: "cannot read the file's size",
                               remedy: "Check that the file is readable.")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw DatasetError(.notAFile, path: path, problem: "not a regular file",
                               remedy: "Open a dataset file, or a folder to list the datasets in it.")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        descriptor = fd
        sizeAtOpen = UInt64(info.st_size)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        watchesPath = true
    }

    /// Wraps a descriptor Loom created itself (e.g. an unlinked temporary file holding decompressed text).
    init(temporaryDescriptor fd: Int32, label: String) {
        path = label
        descriptor = fd
        sizeAtOpen = 0
        device = 0
        inode = 0
        watchesPath = false
    }

    deinit { close(descriptor) }

    /// The file's current size.
    func currentSize() -> UInt64? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return UInt64(info.st_size)
    }

    /// An error when the file at `path` was deleted or replaced since it was opened, else nil.
    func checkStillPresent() -> DatasetError? {
        guard watchesPath else { return nil }
        var info = stat()
        if FileName.withPlatformPath(path, { stat($0, &info) }) != 0 {
            return DatasetError(.deleted, path: path, problem: "the file was deleted while open",
                                remedy: "Restore the file or open another dataset.")
        }
        if UInt64(info.st_dev) != device || UInt64(info.st_ino) != inode {
            return DatasetError(.replaced, path: path, problem: "the file was replaced while open",
                                remedy: "Reopen the dataset to read the new file.")
        }
        return nil
    }

    /// Reads exactly `count` bytes at `offset` into `buffer`, or throws (a short read means the file shrank).
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws {
        var done = 0
        while done < count {
            let result = pread(descriptor, buffer + done, count - done, off_t(offset) + off_t(done))
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw DatasetError(.readFailed, path: path, location: "byte \(offset + UInt64(done))",
                                   problem: "reading failed (\(reason))", remedy: "Check the disk and the file.")
            }
            if result == 0 {
                throw truncatedError(at: offset + UInt64(done))
            }
            done += result
        }
    }

    /// Reads up to `count` bytes at `offset`; returns how many were read (0 at the end of the file).
    func readSome(into buffer: UnsafeMutableRawPointer, count: Int, at offset: UInt64) throws -> Int {
        while true {
            let result = pread(descriptor, buffer, count, off_t(offset))
            if result >= 0 { return result }
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            throw DatasetError(.readFailed, path: path, location: "byte \(offset)",
                               problem: "reading failed (\(reason))", remedy: "Check the disk and the file.")
        }
    }

    func truncatedError(at offset: UInt64) -> DatasetError {
        let now = currentSize().map { "\($0) bytes" } ?? "unknown size"
        return DatasetError(.truncated, path: path, location: "byte \(offset)",
                            problem: "the file was truncated while open (it had \(sizeAtOpen) bytes, now \(now))",
                            remedy: "Reopen the dataset once the file is complete.")
    }

    /// Reads `count` bytes at `offset` into a new array.
    func bytes(at offset: UInt64, count: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress { try read(into: base, count: count, at: offset) }
            initialized = count
        }
    }
}
