/// A value of a GGUF key. llama.cpp reads each key as one exact type and rejects the file when the stored type
/// differs (a count written as INT32 where it expects UINT32 is a load error), so the type is part of the value.
public enum GGUFMetadataValue: Sendable, Equatable {
    case uint32(UInt32)
    case int32(Int32)
    case float32(Float)
    case bool(Bool)
    case string(String)
    case stringArray([String])
    case int32Array([Int32])
    case float32Array([Float])

    /// GGUF's value type codes (gguf.h `gguf_type`).
    public enum TypeCode: UInt32, Sendable {
        case uint8 = 0, int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64, float64
    }

    /// The stored type; for arrays, `.array` (the element type follows it in the file).
    public var typeCode: TypeCode {
        switch self {
        case .uint32: .uint32
        case .int32: .int32
        case .float32: .float32
        case .bool: .bool
        case .string: .string
        case .stringArray, .int32Array, .float32Array: .array
        }
    }

    /// Appends the type code and the value, as a key's value is laid out after the key.
    func encode(into out: inout LittleEndianBytes) {
        out.append(typeCode.rawValue)
        switch self {
        case .uint32(let v): out.append(v)
        case .int32(let v): out.append(v)
        case .float32(let v): out.append(v)
        case .bool(let v): out.append(UInt8(v ? 1 : 0))
        case .string(let v): out.appendString(v)
        case .stringArray(let list):
            out.append(TypeCode.string.rawValue)
            out.append(UInt64(list.count))
            for s in list { out.appendString(s) }
        case .int32Array(let list):
            out.append(TypeCode.int32.rawValue)
            out.append(UInt64(list.count))
            for v in list { out.append(v) }
        case .float32Array(let list):
            out.append(TypeCode.float32.rawValue)
            out.append(UInt64(list.count))
            for v in list { out.append(v) }
        }
    }
}
