import Support

/// One row of a dataset as read from its file. A line that is not valid JSON is still a row, shown in place as
/// malformed with its line number, so that nothing in the user's data is silently dropped.
public struct Record: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        /// A parsed row (JSON value; CSV rows are objects of header → cell).
        case value(JSONValue)
        /// A row that could not be parsed: its text (invalid UTF-8 as U+FFFD, cut when a preview) and why.
        case malformed(text: String, problem: String)
    }

    /// 0-based row number in the dataset.
    public var row: Int
    /// 1-based line in the source file where the row starts.
    public var line: Int
    /// Size of the row in the file, in bytes (for a gzip file, in the decompressed text).
    public var byteCount: Int
    /// True when this is a preview: the row was read or parsed only in part (see `Dataset.record(at:maxBytes:)`).
    public var isTruncated: Bool
    public var content: Content
    /// In a preview: which values are shown in part (strings cut to the preview's length), by column path, so that
    /// a view can say so where it shows them. Every key of the row is still there.
    public var cuts: [JSONCut]

    public init(row: Int, line: Int, byteCount: Int, isTruncated: Bool, content: Content, cuts: [JSONCut] = []) {
        self.row = row
        self.line = line
        self.byteCount = byteCount
        self.isTruncated = isTruncated
        self.content = content
        self.cuts = cuts
    }

    /// The cut of the value at `path` (a table column), or nil when that value is shown whole. A value cut below
    /// `path` (inside a nested object) counts: the column shows it in part.
    public func cut(at path: [String]) -> JSONCut? {
        cuts.first { $0.path.count >= path.count && Array($0.path.prefix(path.count)) == path }
    }

    /// The parsed value, or nil when the row is malformed.
    public var value: JSONValue? {
        if case .value(let value) = content { return value }
        return nil
    }

    public var isMalformed: Bool {
        if case .malformed = content { return true }
        return false
    }
}
