#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File names are bytes, and on Linux they need not be UTF-8 (a file copied from an old Latin-1 system, a name
/// mangled by an archive). Swift strings cannot hold such bytes: `CommandLine.arguments` and `FileManager` turn
/// them into U+FFFD or drop the entry, and the file can then not be opened. Loom keeps paths as strings in which
/// each byte that is not part of valid UTF-8 is one scalar of the Supplementary Private Use Area-B,
/// U+10FC00 + byte (U+10FC80…U+10FCFF), and turns them back into the byte whenever it hands a path to the system.
/// TerminalCore's `SafeText` shows such a scalar as `\xFF`. (A name that really holds one of these 128 private-use
/// characters is read as the byte: none is assigned, and no real file name uses them.)
public enum FileName {
    /// The first scalar of the range that stands for bytes (the byte is added to it).
    static let base: UInt32 = 0x10FC00

    /// A string for raw file-name bytes: valid UTF-8 as is, every other byte as its stand-in scalar.
    public static func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let bytes = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                scalars.append(Unicode.UTF8.decode(encoded))
                offset += encoded.count
            case .error(let length):
                // The parser says how many bytes do not form a scalar: each keeps its own stand-in.
                for byte in bytes[offset..<offset + length] {
                    scalars.append(Unicode.Scalar(base + UInt32(byte))!)
                }
                offset += length
            case .emptyInput:
                return String(scalars)
            }
        }
    }

    /// A C string argument of a system call for `path`: each stand-in scalar becomes its byte again.
    public static func withPlatformPath<R>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        guard path.unicodeScalars.contains(where: { byte(standingFor: $0) != nil }) else {
            return try path.withCString(body)
        }
        var bytes: [CChar] = []
        bytes.reserveCapacity(path.utf8.count + 1)
        for scalar in path.unicodeScalars {
            if let byte = byte(standingFor: scalar) {
                bytes.append(CChar(bitPattern: byte))
            } else {
                for unit in String(scalar).utf8 { bytes.append(CChar(bitPattern: unit)) }
            }
        }
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// The byte a stand-in scalar keeps, else nil.
    @inline(__always) public static func byte(standingFor scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        guard value >= base + 0x80 && value <= base + 0xFF else { return nil }
        return UInt8(value - base)
    }

    /// The command line as strings that keep every byte (`CommandLine.arguments` replaces bytes that are not
    /// UTF-8 with U+FFFD), without the program's own name.
    public static func arguments() -> [String] {
        (1..<Int(CommandLine.argc)).compactMap { index in
            CommandLine.unsafeArgv[index].map { pointer in
                decode(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                                           count: strlen(pointer)))
            }
        }
    }

    /// What a path names: a regular file, a folder, something else, or nothing (symbolic links followed).
    public enum Kind: Sendable { case file, folder, other }

    public static func kind(of path: String) -> Kind? {
        var info = stat()
        guard withPlatformPath(path, { stat($0, &info) }) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .other
        }
    }

    /// The size of the file at `path`, or nil when it cannot be read.
    public static func size(of path: String) -> UInt64? {
        var info = stat()
        guard withPlatformPath(path, { stat($0, &info) }) == 0 else { return nil }
        return UInt64(info.st_size)
    }

    /// The names in a folder (not `.` and `..`), each decoded as above; nil when the folder cannot be read.
    public static func contents(ofFolder path: String) -> [String]? {
        guard let folder = withPlatformPath(path, { opendir($0) }) else { return nil }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return decode(UnsafeBufferPointer(rebasing: bytes[0..<length]))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
