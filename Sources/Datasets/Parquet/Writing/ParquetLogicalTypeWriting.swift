/// Writes a column's logical type into its schema element: the `logicalType` union and, where one exists, the old
/// `converted_type` (readers from before LogicalType still understand the file).
enum ParquetLogicalTypeWriting {
    static func write(_ logical: ParquetLogicalType?, into writer: inout ThriftCompactWriter) {
        guard let logical else { return }
        func unit(_ unit: ParquetLogicalType.TimeUnit) {
            writer.beginStruct(2)
            switch unit {
            case .millis: writer.emptyStruct(1)
            case .micros: writer.emptyStruct(2)
            case .nanos: writer.emptyStruct(3)
            }
            writer.endStruct()
        }
        switch logical {
        case .string: writer.int32(6, 0)
        case .enumeration: writer.int32(6, 4)
        case .decimal(let scale, let precision):
            writer.int32(6, 5)
            writer.int32(7, scale)
            writer.int32(8, precision)
        case .date: writer.int32(6, 6)
        case .time(.millis, _): writer.int32(6, 7)
        case .time(.micros, _): writer.int32(6, 8)
        case .timestamp(.millis, true): writer.int32(6, 9)
        case .timestamp(.micros, true): writer.int32(6, 10)
        case .integer(let width, let signed):
            let widths: [Int8: Int32] = [8: 0, 16: 1, 32: 2, 64: 3]
            if let step = widths[width] { writer.int32(6, (signed ? 15 : 11) + step) }
        case .json: writer.int32(6, 19)
        case .bson: writer.int32(6, 20)
        default: break
        }
        if case .other = logical { return }
        writer.beginStruct(10)
        switch logical {
        case .string: writer.emptyStruct(1)
        case .map: writer.emptyStruct(2)
        case .list: writer.emptyStruct(3)
        case .enumeration: writer.emptyStruct(4)
        case .decimal(let scale, let precision):
            writer.beginStruct(5)
            writer.int32(1, scale)
            writer.int32(2, precision)
            writer.endStruct()
        case .date: writer.emptyStruct(6)
        case .time(let timeUnit, let utc), .timestamp(let timeUnit, let utc):
            if case .time = logical { writer.beginStruct(7) } else { writer.beginStruct(8) }
            writer.bool(1, utc)
            unit(timeUnit)
            writer.endStruct()
        case .integer(let width, let signed):
            writer.beginStruct(10)
            writer.fieldByte(1, width)
            writer.bool(2, signed)
            writer.endStruct()
        case .unknown: writer.emptyStruct(11)
        case .json: writer.emptyStruct(12)
        case .bson: writer.emptyStruct(13)
        case .uuid: writer.emptyStruct(14)
        case .float16: writer.emptyStruct(15)
        case .other: break
        }
        writer.endStruct()
    }
}
