/// Whether a matrix operand of `sgemm` is used as stored or transposed.
public enum Transpose: Sendable {
    case none
    case transposed
}
