/// What a column's values mean beyond their storage type: Parquet's `LogicalType` union, with the older
/// `ConvertedType` annotations mapped onto it, so that value formatting has one source of truth.
enum ParquetLogicalType: Sendable, Equatable {
    enum TimeUnit: Sendable, Equatable {
        case millis, micros, nanos

        /// Digits of a second's fraction the unit carries.
        var fractionDigits: Int {
            switch self {
            case .millis: return 3
            case .micros: return 6
            case .nanos: return 9
            }
        }

        var perSecond: Int64 {
            switch self {
            case .millis: return 1_000
            case .micros: return 1_000_000
            case .nanos: return 1_000_000_000
            }
        }
    }

    case string
    case map
    case list
    case enumeration
    case decimal(scale: Int32, precision: Int32)
    case date
    case time(unit: TimeUnit, utc: Bool)
    case timestamp(unit: TimeUnit, utc: Bool)
    case integer(bitWidth: Int8, signed: Bool)
    case unknown
    case json
    case bson
    case uuid
    case float16
    /// A logical type this reader does not interpret (values shown by their storage type).
    case other(Int16)

    /// The Thrift `LogicalType` union (one field set).
    static func read(_ reader: inout ThriftCompactReader) throws -> ParquetLogicalType? {
        var result: ParquetLogicalType?
        try reader.readStruct { reader, field in
            switch field.id {
            case 1: result = .string; try reader.skip(field.type)
            case 2: result = .map; try reader.skip(field.type)
            case 3: result = .list; try reader.skip(field.type)
            case 4: result = .enumeration; try reader.skip(field.type)
            case 5:
                var scale: Int32 = 0, precision: Int32 = 0
                try reader.readStruct { reader, inner in
                    switch inner.id {
                    case 1: scale = try reader.int32(inner.type)
                    case 2: precision = try reader.int32(inner.type)
                    default: try reader.skip(inner.type)
                    }
                }
                result = .decimal(scale: scale, precision: precision)
            case 6: result = .date; try reader.skip(field.type)
            case 7, 8:
                var utc = false
                var unit = TimeUnit.millis
                try reader.readStruct { reader, inner in
                    switch inner.id {
                    case 1: utc = try reader.bool(inner.type)
                    case 2: unit = try readUnit(&reader)
                    default: try reader.skip(inner.type)
                    }
                }
                result = field.id == 7 ? .time(unit: unit, utc: utc) : .timestamp(unit: unit, utc: utc)
            case 10:
                var width: Int8 = 64, signed = true
                try reader.readStruct { reader, inner in
                    switch inner.id {
                    case 1: width = Int8(truncatingIfNeeded: try reader.int(inner.type))
                    case 2: signed = try reader.bool(inner.type)
                    default: try reader.skip(inner.type)
                    }
                }
                result = .integer(bitWidth: width, signed: signed)
            case 11: result = .unknown; try reader.skip(field.type)
            case 12: result = .json; try reader.skip(field.type)
            case 13: result = .bson; try reader.skip(field.type)
            case 14: result = .uuid; try reader.skip(field.type)
            case 15: result = .float16; try reader.skip(field.type)
            default: result = .other(field.id); try reader.skip(field.type)
            }
        }
        return result
    }

    private static func readUnit(_ reader: inout ThriftCompactReader) throws -> TimeUnit {
        var unit = TimeUnit.millis
        try reader.readStruct { reader, field in
            switch field.id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: break
            }
            try reader.skip(field.type)
        }
        return unit
    }

    /// The logical type an old `ConvertedType` annotation stands for.
    static func converted(_ raw: Int32, scale: Int32, precision: Int32) -> ParquetLogicalType? {
        switch raw {
        case 0: return .string
        case 1, 2: return .map
        case 3: return .list
        case 4: return .enumeration
        case 5: return .decimal(scale: scale, precision: precision)
        case 6: return .date
        case 7: return .time(unit: .millis, utc: true)
        case 8: return .time(unit: .micros, utc: true)
        case 9: return .timestamp(unit: .millis, utc: true)
        case 10: return .timestamp(unit: .micros, utc: true)
        case 11: return .integer(bitWidth: 8, signed: false)
        case 12: return .integer(bitWidth: 16, signed: false)
        case 13: return .integer(bitWidth: 32, signed: false)
        case 14: return .integer(bitWidth: 64, signed: false)
        case 15: return .integer(bitWidth: 8, signed: true)
        case 16: return .integer(bitWidth: 16, signed: true)
        case 17: return .integer(bitWidth: 32, signed: true)
        case 18: return .integer(bitWidth: 64, signed: true)
        case 19: return .json
        case 20: return .bson
        default: return nil
        }
    }
}
