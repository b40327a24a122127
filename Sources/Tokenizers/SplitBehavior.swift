/// How a split keeps the parts that matched its pattern (Hugging Face's `SplitDelimiterBehavior`).
public enum SplitBehavior: String, Sendable {
    case isolated = "Isolated"
    case removed = "Removed"
    case mergedWithPrevious = "MergedWithPrevious"
    case mergedWithNext = "MergedWithNext"
    case contiguous = "Contiguous"
}
