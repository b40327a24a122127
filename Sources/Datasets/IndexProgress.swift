/// A snapshot of a background row index being built, for a progress bar and a row count that grows.
public struct IndexProgress: Sendable, Hashable {
    /// Bytes of the file scanned so far (for gzip: compressed bytes read).
    public var bytesDone: UInt64
    /// Bytes to scan in all (the file's size when opened).
    public var bytesTotal: UInt64
    /// Rows found so far; all of them can be read already.
    public var rows: Int
    /// True once the whole file is indexed (or indexing stopped: see `failure` and `isCancelled`).
    public var isComplete: Bool
    public var isCancelled: Bool
    /// Why indexing stopped early (e.g. the file was truncated); the rows found before remain readable.
    public var failure: DatasetError?

    public init(bytesDone: UInt64 = 0, bytesTotal: UInt64 = 0, rows: Int = 0, isComplete: Bool = false,
                isCancelled: Bool = false, failure: DatasetError? = nil) {
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.rows = rows
        self.isComplete = isComplete
        self.isCancelled = isCancelled
        self.failure = failure
    }

    /// Fraction done, 0…1.
    public var fraction: Double {
        if isComplete { return 1 }
        return bytesTotal == 0 ? 0 : min(1, Double(bytesDone) / Double(bytesTotal))
    }
}
