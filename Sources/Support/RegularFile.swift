import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a user's path cannot be read as a file.
public struct RegularFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}

/// Opening a user's path safely: `open` on a FIFO blocks until a writer appears (the program hangs), and a device
/// such as /dev/zero never ends, so a path is opened without blocking and refused unless it is a regular file.
public enum RegularFile {
    /// A descriptor of the regular file at `path` (blocking reads, close-on-exec); the caller closes it.
    public static func open(_ path: String) throws -> (descriptor: Int32, size: Int) {
        let fd = FileName.withPlatformPath(path) { Glibc.open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else {
            throw RegularFileError(path: path, reason: "cannot open the file (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            close(fd)
            throw RegularFileError(path: path, reason: "cannot read the file's size (\(String(cString: strerror(errno))))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw RegularFileError(path: path, reason: "not a regular file (\(kind(info.st_mode))); give a file")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (fd, Int(info.st_size))
    }

    /// The whole file, refused when it is not a regular file or is larger than `limit` bytes.
    public static func read(_ path: String, limit: Int = 1 << 30) throws -> Data {
        let (fd, size) = try open(path)
        defer { close(fd) }
        guard size <= limit else {
            throw RegularFileError(path: path, reason: "is \(size) bytes, more than the \(limit) this file may have")
        }
        var data = Data(count: size)
        var done = 0
        while done < size {
            let n = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, size - done, off_t(done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw RegularFileError(path: path, reason: "shrank while it was read") }
            done += n
        }
        return data
    }

    /// The file as UTF-8 text.
    public static func readText(_ path: String, limit: Int = 1 << 30) throws -> String {
        let data = try read(path, limit: limit)
        guard let text = String(data: data, encoding: .utf8) else {
            throw RegularFileError(path: path, reason: "is not UTF-8 text")
        }
        return text
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a folder"
        default: return "a special file"
        }
    }
}
