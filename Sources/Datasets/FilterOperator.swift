/// How `:filter COLUMN OP VALUE` compares a cell with a value. Comparisons are numeric when both sides are
/// numbers, else on the text; a missing cell matches only `!=`.
public enum FilterOperator: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case less = "<"
    case greater = ">"
    /// The cell's text contains a match of a regular expression.
    case matches = "~"
}
