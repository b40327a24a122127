import Support

/// Rebuilds nested values from leaf columns' repetition and definition levels (the Dremel scheme), then shows them
/// as JSON the way the schema means them: LIST-annotated groups as arrays (three-level and the older two-level
/// layouts), MAP-annotated groups as objects (keys as text), other groups as objects in schema order, repeated
/// fields without annotation as arrays.
enum ParquetRecordAssembler {
    /// What one leaf says about one row: its raw value for the top-level field.
    static func raw(leaf: ParquetLeafColumn, slice: ParquetLevelSlice, maxBytes: Int?) -> ParquetRawNode {
        guard !slice.levels.isEmpty else { return .null }
        return build(0, slice.levels, leaf: leaf, cursor: slice, maxBytes: maxBytes)
    }

    private static func definition(_ cursor: ParquetLevelSlice, _ index: Int) -> Int { cursor.definition(index) }

    private static func repetition(_ cursor: ParquetLevelSlice, _ index: Int) -> Int { cursor.repetition(index) }

    /// The value of chain node `depth` within one instance of its parent (the level entries `levels`).
    private static func build(_ depth: Int, _ levels: Range<Int>, leaf: ParquetLeafColumn, cursor: ParquetLevelSlice,
                              maxBytes: Int?) -> ParquetRawNode {
        let node = leaf.chain[depth]
        guard node.element.repetition == .repeated else {
            return element(depth, levels, leaf: leaf, cursor: cursor, maxBytes: maxBytes)
        }
        if definition(cursor, levels.lowerBound) < node.definitionLevel { return .list([]) }
        var elements: [ParquetRawNode] = []
        var start = levels.lowerBound
        var index = levels.lowerBound + 1
        while index < levels.upperBound {
            if repetition(cursor, index) <= node.repetitionLevel {
                elements.append(element(depth, start..<index, leaf: leaf, cursor: cursor, maxBytes: maxBytes))
                start = index
            }
            index += 1
        }
        elements.append(element(depth, start..<levels.upperBound, leaf: leaf, cursor: cursor, maxBytes: maxBytes))
        return .list(elements)
    }

    /// One instance of chain node `depth`: null, the leaf's value, or a group holding the next node down.
    private static func element(_ depth: Int, _ levels: Range<Int>, leaf: ParquetLeafColumn, cursor: ParquetLevelSlice,
                                maxBytes: Int?) -> ParquetRawNode {
        let node = leaf.chain[depth]
        let first = levels.lowerBound
        if definition(cursor, first) < node.definitionLevel { return .null }
        if depth == leaf.chain.count - 1 {
            guard let index = cursor.valueIndex(of: first) else { return .null }
            return .value(ParquetValueFormatter.json(cursor.values, at: index, leaf: leaf, maxBytes: maxBytes))
        }
        return .group([(leaf.chain[depth + 1].name, build(depth + 1, levels, leaf: leaf, cursor: cursor, maxBytes: maxBytes))])
    }

    // MARK: JSON

    /// The JSON value of a top-level (or any) field from its raw node.
    static func json(_ raw: ParquetRawNode, node: ParquetSchemaNode) -> JSONValue {
        if node.element.repetition == .repeated {
            guard case .list(let elements) = raw else { return instance(raw, node: node) }
            return .array(elements.map { instance($0, node: node) })
        }
        return instance(raw, node: node)
    }

    private static func instance(_ raw: ParquetRawNode, node: ParquetSchemaNode) -> JSONValue {
        switch raw {
        case .null: return .null
        case .value(let value): return value
        case .list(let elements): return .array(elements.map { instance($0, node: node) })
        case .group(let members):
            func child(_ name: String) -> ParquetRawNode { members.first { $0.name == name }?.node ?? .null }
            if node.children.count == 1, node.children[0].element.repetition == .repeated {
                let repeated = node.children[0]
                let isMap = node.element.logical == .map || repeated.element.isMapKeyValue
                if isMap, repeated.children.count == 2, case .list(let entries) = child(repeated.name) {
                    return .object(entries.map { entry in
                        guard case .group(let pair) = entry else { return JSONMember("", .null) }
                        func part(_ index: Int) -> JSONValue {
                            let schema = repeated.children[index]
                            return json(pair.first { $0.name == schema.name }?.node ?? .null, node: schema)
                        }
                        return JSONMember(keyText(part(0)), part(1))
                    })
                }
                if node.element.logical == .list, case .list(let entries) = child(repeated.name) {
                    // Three-level lists: repeated group `list` { element }. Older writers used the repeated node
                    // itself as the element (a one-field group named `array` or `<name>_tuple` is such a struct).
                    let wrapsElement = repeated.children.count == 1 && repeated.name != "array"
                        && repeated.name != node.name + "_tuple"
                    return .array(entries.map { entry in
                        if wrapsElement, case .group(let inner) = entry {
                            let schema = repeated.children[0]
                            return json(inner.first { $0.name == schema.name }?.node ?? .null, node: schema)
                        }
                        if wrapsElement, case .null = entry { return .null }
                        return instance(entry, node: repeated)
                    })
                }
            }
            return .object(node.children.map { JSONMember($0.name, json(child($0.name), node: $0)) })
        }
    }

    /// A map key as object-key text.
    static func keyText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        default: return JSONFormatter.compact(value)
        }
    }
}
