import Support
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file, unmapped when the last reference goes away.
///
/// Weights are read through the mapping so that opening a multi-gigabyte checkpoint costs no copy until a tensor is
/// asked for, and frozen weights can be converted straight from the page cache.
final class MappedFile: @unchecked Sendable {
    let path: String
    let byteCount: Int
    private let base: UnsafeRawPointer?

    init(path: String) throws {
        self.path = path
        // Non-blocking, so that a FIFO cannot hang the open (it is refused below as not a regular file).
        let fd = FileName.withPlatformPath(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else {
            throw SafetensorsError(path: path, reason: "cannot open the file (errno \(errno)); check that it exists and is readable")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw SafetensorsError(path: path, reason: "cannot read the file's size (errno \(errno))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw SafetensorsError(path: path, reason: "not a regular file")
        }
        byteCount = Int(info.st_size)
        if byteCount == 0 {
            base = nil
            return
        }
        guard let pointer = mmap(nil, byteCount, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else {
            throw SafetensorsError(path: path, reason: "cannot memory-map the file (errno \(errno))")
        }
        base = UnsafeRawPointer(pointer)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), byteCount) }
    }

    /// Calls `body` with the bytes in `range`, which the caller has checked lies inside the file.
    func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        precondition(range.lowerBound >= 0 && range.upperBound <= byteCount, "range checked by the caller")
        guard let base else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
    }
}
