/// The schema as a tree, built from the footer's flattened list, with each leaf column's maximum definition and
/// repetition levels (what the level streams of its pages count up to).
struct ParquetSchema: Sendable {
    /// The top-level fields, in schema order (the record's columns).
    let fields: [ParquetSchemaNode]
    let leaves: [ParquetLeafColumn]

    /// Levels are kept as bytes; no real schema nests this deep.
    static let maxLevel = 250

    init(elements: [ParquetSchemaElement]) throws {
        guard let root = elements.first else { throw ParquetDecodeError("the schema is empty") }
        var position = 1
        var leafCount = 0
        func build(_ count: Int, definition: Int, repetition: Int, path: [String], depth: Int) throws -> [ParquetSchemaNode] {
            guard depth < 100 else { throw ParquetDecodeError("the schema nests deeper than 100 levels") }
            var nodes: [ParquetSchemaNode] = []
            for _ in 0..<count {
                guard position < elements.count else {
                    throw ParquetDecodeError("the schema declares more children than it has elements (\(elements.count))")
                }
                let element = elements[position]
                position += 1
                let definitionLevel = definition + (element.repetition == .required ? 0 : 1)
                let repetitionLevel = repetition + (element.repetition == .repeated ? 1 : 0)
                guard definitionLevel <= ParquetSchema.maxLevel, repetitionLevel <= ParquetSchema.maxLevel else {
                    throw ParquetDecodeError("the schema nests deeper than \(ParquetSchema.maxLevel) levels")
                }
                let childPath = path + [element.name]
                if element.childCount == 0 {
                    guard element.type != nil else {
                        throw ParquetDecodeError("schema field '\(childPath.joined(separator: "."))' has neither a type nor children")
                    }
                    nodes.append(ParquetSchemaNode(element: element, children: [], definitionLevel: definitionLevel,
                                                   repetitionLevel: repetitionLevel, leafIndex: leafCount))
                    leafCount += 1
                } else {
                    let children = try build(element.childCount, definition: definitionLevel, repetition: repetitionLevel,
                                             path: childPath, depth: depth + 1)
                    nodes.append(ParquetSchemaNode(element: element, children: children, definitionLevel: definitionLevel,
                                                   repetitionLevel: repetitionLevel, leafIndex: nil))
                }
            }
            return nodes
        }
        let fields = try build(root.childCount, definition: 0, repetition: 0, path: [], depth: 0)
        guard position == elements.count else {
            throw ParquetDecodeError("the schema has \(elements.count - position) elements outside the tree")
        }
        // Leaves in depth-first order, which is the order their chunks appear in each row group.
        var leaves: [ParquetLeafColumn] = []
        func collect(_ node: ParquetSchemaNode, chain: [ParquetSchemaNode]) {
            let chain = chain + [node]
            if let type = node.element.type, node.children.isEmpty {
                leaves.append(ParquetLeafColumn(path: chain.map(\.name), element: node.element, type: type,
                                                maxDefinitionLevel: node.definitionLevel,
                                                maxRepetitionLevel: node.repetitionLevel, chain: chain))
            }
            for child in node.children { collect(child, chain: chain) }
        }
        for field in fields { collect(field, chain: []) }
        self.fields = fields
        self.leaves = leaves
    }
}
