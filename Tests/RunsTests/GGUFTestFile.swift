import Foundation

/// A GGUF reader written for the tests from the format's description, independent of the writer: it parses a file
/// and summarises it as Scripts/export/check_gguf.py's goldens do (arrays and tensor data as FNV-1a 64 digests).
struct GGUFTestFile {
    enum Value: Equatable {
        case uint(UInt64), int(Int64), float(Double), bool(Bool), string(String)
        case array(type: UInt32, count: Int, fnv: String, strings: [String], ints: [Int64])
    }

    struct TensorInfo {
        let name: String
        let dims: [Int]
        let type: UInt32
        let offset: Int
    }

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    let version: UInt32
    let metadata: [(key: String, type: UInt32, value: Value)]
    let tensors: [TensorInfo]
    let dataStart: Int
    let bytes: [UInt8]

    static let typeNames = ["UINT8", "INT8", "UINT16", "INT16", "UINT32", "INT32", "FLOAT32", "BOOL", "STRING", "ARRAY",
                            "UINT64", "INT64", "FLOAT64"]
    static let tensorTypeNames: [UInt32: String] = [0: "F32", 1: "F16", 8: "Q8_0"]

    static func fnv<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        self.bytes = bytes
        var at = 0
        func take(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n >= 0, at + n <= bytes.count else { throw Malformed(description: "truncated at \(at)") }
            defer { at += n }
            return bytes[at..<at + n]
        }
        func u(_ n: Int) throws -> UInt64 {
            try take(n).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        func string() throws -> String {
            let n = Int(try u(8))
            guard let s = String(bytes: try take(n), encoding: .utf8) else { throw Malformed(description: "bad UTF-8 at \(at)") }
            return s
        }
        func scalar(_ type: UInt32) throws -> Value {
            switch type {
            case 0, 2, 4, 10: return .uint(try u([0: 1, 2: 2, 4: 4, 10: 8][type]!))
            case 1: return .int(Int64(Int8(truncatingIfNeeded: try u(1))))
            case 3: return .int(Int64(Int16(truncatingIfNeeded: try u(2))))
            case 5: return .int(Int64(Int32(truncatingIfNeeded: try u(4))))
            case 11: return .int(Int64(bitPattern: try u(8)))
            case 6: return .float(Double(Float(bitPattern: UInt32(try u(4)))))
            case 12: return .float(Double(bitPattern: try u(8)))
            case 7: return .bool(try u(1) != 0)
            case 8: return .string(try string())
            default: throw Malformed(description: "value type \(type) at \(at)")
            }
        }
        guard try Array(take(4)) == Array("GGUF".utf8) else { throw Malformed(description: "no GGUF magic") }
        version = UInt32(try u(4))
        let tensorCount = Int(try u(8)), keyCount = Int(try u(8))
        var metadata: [(String, UInt32, Value)] = []
        for _ in 0..<keyCount {
            let key = try string()
            let type = UInt32(try u(4))
            if type == 9 {
                let element = UInt32(try u(4)), count = Int(try u(8))
                var strings: [String] = [], ints: [Int64] = [], digest: [UInt8] = []
                for _ in 0..<count {
                    switch try scalar(element) {
                    case .string(let s): strings.append(s); digest += Array(s.utf8) + [0]
                    case .int(let v): ints.append(v); withUnsafeBytes(of: Int32(v).littleEndian) { digest += $0 }
                    default: throw Malformed(description: "array of type \(element) in \(key)")
                    }
                }
                metadata.append((key, type, .array(type: element, count: count, fnv: Self.fnv(digest), strings: strings, ints: ints)))
            } else {
                metadata.append((key, type, try scalar(type)))
            }
        }
        var tensors: [TensorInfo] = []
        for _ in 0..<tensorCount {
            let name = try string()
            let n = Int(try u(4))
            let dims = try (0..<n).map { _ in Int(try u(8)) }
            tensors.append(TensorInfo(name: name, dims: dims, type: UInt32(try u(4)), offset: Int(try u(8))))
        }
        self.metadata = metadata
        self.tensors = tensors
        var alignment = 32
        if case .uint(let a)? = metadata.first(where: { $0.0 == "general.alignment" })?.2 { alignment = Int(a) }
        dataStart = (at + alignment - 1) / alignment * alignment
    }

    func value(_ key: String) -> Value? { metadata.first { $0.key == key }?.value }

    func byteCount(_ tensor: TensorInfo) -> Int {
        let n = tensor.dims.reduce(1, *)
        switch tensor.type {
        case 0: return n * 4
        case 1: return n * 2
        default: return n / 32 * 34
        }
    }

    func data(_ tensor: TensorInfo) -> ArraySlice<UInt8> {
        bytes[(dataStart + tensor.offset)..<(dataStart + tensor.offset + byteCount(tensor))]
    }
}
