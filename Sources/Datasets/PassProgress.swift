/// Where a background sort, filter or frequency count stands: rows read of the rows known, and how it ended.
public struct PassProgress: Sendable, Hashable {
    public var rowsDone: Int
    /// Rows in the dataset as far as known (grows while the dataset is still being indexed).
    public var rowsTotal: Int
    public var isComplete: Bool
    public var isCancelled: Bool
    /// A problem that stopped the pass (the file was truncated); what was found before it remains.
    public var failure: DatasetError?

    public init(rowsDone: Int = 0, rowsTotal: Int, isComplete: Bool = false, isCancelled: Bool = false,
                failure: DatasetError? = nil) {
        self.rowsDone = rowsDone
        self.rowsTotal = rowsTotal
        self.isComplete = isComplete
        self.isCancelled = isCancelled
        self.failure = failure
    }

    public var fraction: Double {
        if isComplete { return 1 }
        return rowsTotal == 0 ? 0 : min(1, Double(rowsDone) / Double(rowsTotal))
    }

    /// "42%" while running, "" once done.
    public var percentText: String { isComplete ? "" : "\(Int(fraction * 100))%" }
}
