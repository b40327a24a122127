/// How a field repeats: required (always one), optional (zero or one), repeated (zero or more).
enum ParquetRepetition: Int32, Sendable {
    case required = 0, optional = 1, repeated = 2
}
