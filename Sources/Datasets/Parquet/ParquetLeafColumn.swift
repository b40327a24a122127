/// A leaf (primitive) column: the unit pages are stored in.
struct ParquetLeafColumn: Sendable {
    var path: [String]
    var element: ParquetSchemaElement
    var type: ParquetPhysicalType
    var maxDefinitionLevel: Int
    var maxRepetitionLevel: Int
    /// The nodes from the top-level field down to this leaf.
    var chain: [ParquetSchemaNode]

    var dottedPath: String { path.joined(separator: ".") }
}
