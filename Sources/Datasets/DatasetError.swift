/// Why a dataset could not be opened or read: what went wrong, in which file, where in it, and what to do.
/// Every reader reports problems with this type so that the workbench can show one clear message.
public struct DatasetError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case cannotOpen, notAFile, empty, binary, unsupportedFormat, unknownFormat, truncated, deleted, replaced,
             readFailed, compression, malformedHeader, rowOutOfRange,
             /// A binary file's structure is damaged (a Parquet footer or page that does not decode).
             corrupt
    }

    public var kind: Kind
    /// The file's path as given by the user.
    public var path: String
    /// Where in the file, when known (e.g. "byte 1048576", "line 12").
    public var location: String?
    /// What went wrong, in words.
    public var problem: String
    /// What the user can do about it.
    public var remedy: String

    public init(_ kind: Kind, path: String, location: String? = nil, problem: String, remedy: String) {
        self.kind = kind
        self.path = path
        self.location = location
        self.problem = problem
        self.remedy = remedy
    }

    public var description: String {
        var text = "\(path)"
        if let location { text += " (\(location))" }
        text += ": \(problem). \(remedy)"
        return text
    }
}
