/// The levels and values a row's entries live in, for building the row: the arrays of a decoded page (or of a
/// sequentially decoded chunk) and the range of level entries that are the row. Arrays are shared, not copied.
struct ParquetLevelSlice {
    var values: ParquetColumnValues
    /// Empty when the column has no definition levels (every entry is a value).
    var definitionLevels: [UInt8]
    /// Empty when the column does not repeat.
    var repetitionLevels: [UInt8]
    /// Per entry, its value's index in `values` or -1 (when there are definition levels).
    var valueIndex: [Int32]
    var levels: Range<Int>

    func definition(_ entry: Int) -> Int { definitionLevels.isEmpty ? 0 : Int(definitionLevels[entry]) }
    func repetition(_ entry: Int) -> Int { repetitionLevels.isEmpty ? 0 : Int(repetitionLevels[entry]) }

    /// The value index of entry `entry`, or nil when it is null.
    func valueIndex(of entry: Int) -> Int? {
        if definitionLevels.isEmpty { return entry }
        let index = Int(valueIndex[entry])
        return index >= 0 ? index : nil
    }

    /// Per entry value indexes for `definition` levels whose values start at `firstValue`.
    static func valueIndexes(_ definition: [UInt8], maximum: Int, firstValue: Int) -> [Int32] {
        var indexes: [Int32] = []
        indexes.reserveCapacity(definition.count)
        let top = UInt8(maximum)
        var next = Int32(firstValue)
        for level in definition {
            if level == top {
                indexes.append(next)
                next += 1
            } else {
                indexes.append(-1)
            }
        }
        return indexes
    }
}
