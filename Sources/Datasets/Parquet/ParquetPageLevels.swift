/// A decoded data page's levels: definition levels (empty when the column has none), repetition levels (empty when
/// it does not repeat), the number of level entries, and where its values start in the values they were added to.
struct ParquetPageLevels {
    var definition: [UInt8]
    var repetition: [UInt8]
    var count: Int
    var firstValue: Int
}
