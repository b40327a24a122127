/// A node of the schema tree: a group or a leaf, with the definition and repetition levels at which it is present.
final class ParquetSchemaNode: Sendable {
    let element: ParquetSchemaElement
    let children: [ParquetSchemaNode]
    /// The definition level at which this node is present (counts optional and repeated nodes from the root down).
    let definitionLevel: Int
    /// The repetition level of this node's repeats (counts repeated nodes from the root down).
    let repetitionLevel: Int
    /// The leaf's index among the leaf columns, for leaves.
    let leafIndex: Int?

    init(element: ParquetSchemaElement, children: [ParquetSchemaNode], definitionLevel: Int, repetitionLevel: Int,
         leafIndex: Int?) {
        self.element = element
        self.children = children
        self.definitionLevel = definitionLevel
        self.repetitionLevel = repetitionLevel
        self.leafIndex = leafIndex
    }

    var name: String { element.name }
    var isLeaf: Bool { element.type != nil && children.isEmpty }
}
