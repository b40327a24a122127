import Foundation

/// Where a statistics job stands.
public struct StatisticsProgress: Sendable, Hashable {
    public var rowsScanned: Int
    public var rowsTotal: Int
    public var isComplete: Bool
    public var isCancelled: Bool
    public var failure: DatasetError?

    public var fraction: Double {
        if isComplete { return 1 }
        return rowsTotal == 0 ? 0 : min(1, Double(rowsScanned) / Double(rowsTotal))
    }
}
