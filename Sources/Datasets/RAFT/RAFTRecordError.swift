/// Why one row of a RAFT file could not be read as a RAFT record: what is wrong, on which line of which file, in
/// which field. The row stays in the report (as `unreadable`) and in the inspector; nothing is dropped silently.
public struct RAFTRecordError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, when known.
    public var path: String?
    /// 1-based line where the row starts.
    public var line: Int
    /// The field at fault (`context.sentences`), or nil when the row as a whole is.
    public var field: String?
    public var problem: String

    public init(path: String? = nil, line: Int, field: String? = nil, problem: String) {
        self.path = path
        self.line = line
        self.field = field
        self.problem = problem
    }

    public var description: String {
        var text = path.map { "\($0):\(line)" } ?? "line \(line)"
        if let field { text += ", field \(field)" }
        return text + ": " + problem
    }
}
