/// One entry of the footer's flattened schema (depth-first; groups say how many children follow).
struct ParquetSchemaElement: Sendable {
    var name = ""
    /// Nil for groups.
    var type: ParquetPhysicalType?
    var typeLength: Int32 = 0
    var repetition: ParquetRepetition = .required
    var childCount = 0
    /// The logical type (from `logicalType`, else from `converted_type`).
    var logical: ParquetLogicalType?
    /// True when the schema says `MAP_KEY_VALUE` (an old map annotation on the repeated key/value group).
    var isMapKeyValue = false

    static func read(_ reader: inout ThriftCompactReader) throws -> ParquetSchemaElement {
        var element = ParquetSchemaElement()
        var converted: Int32?
        var scale: Int32 = 0, precision: Int32 = 0
        var logical: ParquetLogicalType?
        try reader.readStruct { reader, field in
            switch field.id {
            case 1:
                let raw = try reader.int32(field.type)
                guard let type = ParquetPhysicalType(rawValue: raw) else {
                    throw ParquetDecodeError("invalid physical type \(raw) in the schema")
                }
                element.type = type
            case 2: element.typeLength = try reader.int32(field.type)
            case 3:
                let raw = try reader.int32(field.type)
                guard let repetition = ParquetRepetition(rawValue: raw) else {
                    throw ParquetDecodeError("invalid repetition \(raw) in the schema")
                }
                element.repetition = repetition
            case 4: element.name = try reader.string(field.type)
            case 5:
                let count = try reader.int32(field.type)
                guard count >= 0 else { throw ParquetDecodeError("negative child count \(count) in the schema") }
                element.childCount = Int(count)
            case 6: converted = try reader.int32(field.type)
            case 7: scale = try reader.int32(field.type)
            case 8: precision = try reader.int32(field.type)
            case 10: logical = try ParquetLogicalType.read(&reader)
            default: try reader.skip(field.type)
            }
        }
        element.isMapKeyValue = converted == 2
        element.logical = logical ?? converted.flatMap { ParquetLogicalType.converted($0, scale: scale, precision: precision) }
        if case .decimal(let s, let p)? = element.logical, s == 0, p == 0, scale != 0 {
            element.logical = .decimal(scale: scale, precision: precision)
        }
        return element
    }
}
