#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why `AtomicFile` could not write a file: which file, which step, and the system's reason. The target file is
/// unchanged whenever this is thrown.
public struct AtomicFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The step that failed.
    public enum Operation: String, Sendable, Hashable {
        case create, write, rename
    }

    /// The file at fault (the temporary file for `create`, the target otherwise).
    public var path: String
    public var operation: Operation
    /// The `errno` value.
    public var code: Int32

    public init(path: String, operation: Operation, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    /// What went wrong and what to check, without the path.
    public var reason: String {
        let system = String(cString: strerror(code))
        switch operation {
        case .create: return "cannot create the file (\(system)); check that the folder exists and is writable"
        case .write: return "writing failed (\(system)); is the disk full?"
        case .rename: return "cannot move the finished file into place (\(system))"
        }
    }

    public var description: String { "\(path): \(reason)" }
}
