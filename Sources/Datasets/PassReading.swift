/// How background passes (sort, filter, frequency) read a row they are handed by `RowPass`: from the row's bytes
/// when the reader has text rows, parsing only the cell asked for, else through the dataset.
extension Dataset {
    func passCell(row: Int, bytes: UnsafeRawBufferPointer?, column: Column) throws -> CellLookup {
        if let bytes, let text = reader as? TextRecordReader, column.path != ["value"] {
            return try text.cell(in: bytes, path: column.path)
        }
        return try cell(at: row, column: column)
    }

    /// The whole row, parsed (for tests on every value).
    func passContent(row: Int, bytes: UnsafeRawBufferPointer?) throws -> Record.Content {
        if let bytes, let text = reader as? TextRecordReader {
            return try text.decode(bytes, cut: false, maxBytes: nil).0
        }
        return try record(at: row).content
    }
}
