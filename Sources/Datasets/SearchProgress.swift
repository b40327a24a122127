import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a background search stands: rows searched, matches found so far, and whether it has finished.
public struct SearchProgress: Sendable, Hashable {
    public var rowsSearched: Int
    /// Rows in the dataset as far as known (grows while the dataset is still being indexed).
    public var rowsTotal: Int
    public var matchCount: Int
    public var isComplete: Bool
    public var isCancelled: Bool
    /// A problem that stopped the search (e.g. the file was truncated); matches so far remain.
    public var failure: DatasetError?

    public var fraction: Double {
        if isComplete { return 1 }
        return rowsTotal == 0 ? 0 : min(1, Double(rowsSearched) / Double(rowsTotal))
    }
}
