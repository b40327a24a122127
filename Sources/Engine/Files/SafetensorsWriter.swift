import Kernels
import Foundation
import Support
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a safetensors file atomically: the bytes go to a temporary file beside the target, are flushed to disk,
/// and the temporary file is renamed over the target, so a crash never leaves a half-written adapter or checkpoint.
public struct SafetensorsWriter {
    /// One tensor to write: values in `Float`, stored as `dtype` (F32, BF16 or F16).
    public struct Tensor {
        public var name: String
        public var shape: [Int]
        public var values: [Float]
        public var dtype: TensorDType

        public init(name: String, shape: [Int], values: [Float], dtype: TensorDType = .f32) {
            self.name = name
            self.shape = shape
            self.values = values
            self.dtype = dtype
        }
    }

    public var tensors: [Tensor] = []
    public var metadata: [String: String] = [:]

    public init(tensors: [Tensor] = [], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The file's bytes: header length, JSON header (sorted names, padded to 8 bytes), then the data in name order.
    public func encoded() throws -> Data {
        var seen = Set<String>()
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let ordered = tensors.sorted { $0.name < $1.name }
        for tensor in ordered {
            guard seen.insert(tensor.name).inserted else {
                throw SafetensorsError(path: "(writing)", tensor: tensor.name, reason: "name used twice")
            }
            guard [.f32, .bf16, .f16].contains(tensor.dtype) else {
                throw SafetensorsError(path: "(writing)", tensor: tensor.name, field: "dtype",
                                       reason: "only F32, BF16 and F16 can be written")
            }
            guard tensor.shape.allSatisfy({ $0 >= 0 }), tensor.shape.reduce(1, *) == tensor.values.count else {
                throw SafetensorsError(path: "(writing)", tensor: tensor.name, field: "shape",
                                       reason: "shape \(tensor.shape) does not match \(tensor.values.count) values")
            }
            let bytes = tensor.values.count * tensor.dtype.byteSize
            header[tensor.name] = ["dtype": tensor.dtype.rawValue, "shape": tensor.shape,
                                   "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }
        var out = Data(capacity: 8 + json.count + offset)
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(json)
        for tensor in ordered {
            switch tensor.dtype {
            case .f32:
                tensor.values.withUnsafeBufferPointer { values in
                    var words = [UInt32](repeating: 0, count: values.count)
                    for i in 0..<values.count { words[i] = values[i].bitPattern.littleEndian }
                    words.withUnsafeBytes { out.append(contentsOf: $0) }
                }
            case .bf16, .f16:
                var halves = [UInt16](repeating: 0, count: tensor.values.count)
                for i in 0..<halves.count {
                    let v = tensor.values[i]
                    halves[i] = (tensor.dtype == .bf16 ? Conversion.bf16Bits(v) : Conversion.f16Bits(v)).littleEndian
                }
                halves.withUnsafeBytes { out.append(contentsOf: $0) }
            default:
                break
            }
        }
        return out
    }

    /// Writes the file to `url` atomically (temporary file, fsync, rename, fsync of the folder).
    /// A failed write throws `SafetensorsError`, as reading does, so callers (checkpoints) catch one type.
    public func write(to url: URL) throws {
        let data = try encoded()
        do {
            try AtomicFile.write(data, to: url)
        } catch let error as AtomicFileError {
            throw SafetensorsError(path: error.path, reason: error.reason)
        }
    }
}
