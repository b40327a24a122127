import Foundation
import Support

/// What a column holds, VisiData's Describe and Frequency in one: kinds of value, nulls, distinct values, numeric
/// range and mean, string lengths, and the most frequent values. A partial summary is available while it is
/// being computed.
public struct ColumnSummary: Sendable, Hashable {
    public struct Numbers: Sendable, Hashable {
        public var count: Int
        public var minimum: Double
        public var maximum: Double
        public var mean: Double
        public var standardDeviation: Double
    }

    /// A histogram of string lengths (in characters): bins `[lower, upper]`, inclusive, growing in powers of two.
    public struct LengthBin: Sendable, Hashable {
        public var lower: Int
        public var upper: Int
        public var count: Int
    }

    public struct Lengths: Sendable, Hashable {
        public var minimum: Int
        public var maximum: Int
        public var mean: Double
        public var bins: [LengthBin]
    }

    public struct ValueCount: Sendable, Hashable {
        /// The value as a table cell shows it (cut to 200 bytes).
        public var value: String
        public var count: Int
    }

    public var column: String
    /// Rows looked at (malformed rows included).
    public var rowsScanned: Int
    /// Rows whose record lacks this column altogether.
    public var missing: Int
    /// Rows that are malformed (no value to look at).
    public var malformed: Int
    /// How many values of each kind (`null` counts nulls).
    public var kindCounts: [JSONKind: Int]
    public var nulls: Int { kindCounts[.null] ?? 0 }
    public var emptyStrings: Int
    /// Distinct non-missing values: exact up to `ColumnStatistics.exactDistinctLimit`, then estimated.
    public var distinct: Int
    public var distinctIsEstimate: Bool
    public var numbers: Numbers?
    public var lengths: Lengths?
    /// The most frequent values, most frequent first.
    public var topValues: [ValueCount]
    /// True when there were too many distinct values to count all exactly; rare values were then forgotten and
    /// the counts of frequent ones may be slightly low.
    public var topValuesAreApproximate: Bool
}
