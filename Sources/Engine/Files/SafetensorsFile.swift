import Kernels
import Foundation

/// One tensor's entry in a safetensors header, already checked against the file.
public struct TensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: TensorDType
    public let shape: [Int]
    /// Byte range in the file (absolute, header included).
    public let byteRange: Range<Int>

    /// Number of elements (the product of `shape`; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }
}

/// A safetensors file, memory-mapped and validated when opened.
///
/// Opening checks everything a hostile or truncated file could get wrong before any tensor is read: the header
/// length against the file size and a cap, the JSON shape of every entry, dtype names, shape products against byte
/// counts (with overflow checks), and that data ranges lie inside the file without overlapping. Reading a tensor
/// then only converts bytes that are known to be there.
public final class SafetensorsFile: @unchecked Sendable {
    /// Largest header accepted, as in the reference implementation: a bigger one is not a real checkpoint.
    public static let maxHeaderBytes = 100_000_000

    public let path: String
    /// Tensors in the order of their data in the file.
    public let tensors: [TensorInfo]
    /// The optional `__metadata__` string map.
    public let metadata: [String: String]
    private let index: [String: Int]
    private let file: MappedFile

    public convenience init(url: URL) throws {
        try self.init(path: url.path)
    }

    public init(path: String) throws {
        let file = try MappedFile(path: path)
        self.file = file
        self.path = path
        let fileSize = file.byteCount
        guard fileSize >= 8 else {
            throw SafetensorsError(path: path, field: "header length",
                                   reason: "file is \(fileSize) bytes, too short to hold the 8-byte header length; the file is truncated or not safetensors")
        }
        let headerLength = file.withBytes(0..<8) { bytes -> UInt64 in
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(bytes[i]) << (8 * UInt64(i)) }
            return value
        }
        guard headerLength <= UInt64(Self.maxHeaderBytes) else {
            throw SafetensorsError(path: path, field: "header length",
                                   reason: "header claims \(headerLength) bytes, over the \(Self.maxHeaderBytes)-byte cap; the file is corrupt or not safetensors")
        }
        guard headerLength >= 2, Int(headerLength) <= fileSize - 8 else {
            throw SafetensorsError(path: path, field: "header length",
                                   reason: "header claims \(headerLength) bytes but the file has \(fileSize - 8) after the length; the file is truncated or not safetensors")
        }
        let dataStart = 8 + Int(headerLength)
        let headerData = file.withBytes(8..<dataStart) { Data($0) }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: headerData)
        } catch {
            throw SafetensorsError(path: path, field: "header",
                                   reason: "header is not valid JSON (\(error.localizedDescription)); the file is corrupt")
        }
        guard let object = json as? [String: Any] else {
            throw SafetensorsError(path: path, field: "header", reason: "header is not a JSON object")
        }
        let dataSize = fileSize - dataStart
        var metadata: [String: String] = [:]
        var tensors: [TensorInfo] = []
        tensors.reserveCapacity(object.count)
        // In name order, so that the first problem reported is the same on every attempt (a dictionary's order is not).
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else {
                    throw SafetensorsError(path: path, field: "__metadata__", reason: "must be a map of strings")
                }
                for (key, item) in map.sorted(by: { $0.key < $1.key }) {
                    guard let text = item as? String else {
                        throw SafetensorsError(path: path, field: "__metadata__.\(key)", reason: "must be a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            tensors.append(try Self.parseEntry(name: name, value: value, path: path,
                                               dataStart: dataStart, dataSize: dataSize))
        }
        tensors.sort { ($0.byteRange.lowerBound, $0.byteRange.upperBound, $0.name) < ($1.byteRange.lowerBound, $1.byteRange.upperBound, $1.name) }
        var previous: TensorInfo?
        for tensor in tensors {
            if let previous, tensor.byteRange.lowerBound < previous.byteRange.upperBound, !tensor.byteRange.isEmpty {
                throw SafetensorsError(path: path, tensor: tensor.name, field: "data_offsets",
                                       reason: "overlaps tensor '\(previous.name)'; the file is corrupt")
            }
            if !tensor.byteRange.isEmpty { previous = tensor }
        }
        self.tensors = tensors
        self.metadata = metadata
        var index: [String: Int] = [:]
        for (position, tensor) in tensors.enumerated() { index[tensor.name] = position }
        self.index = index
    }

    private static func parseEntry(name: String, value: Any, path: String,
                                   dataStart: Int, dataSize: Int) throws -> TensorInfo {
        guard let entry = value as? [String: Any] else {
            throw SafetensorsError(path: path, tensor: name, reason: "entry is not a JSON object")
        }
        guard let dtypeName = entry["dtype"] as? String else {
            throw SafetensorsError(path: path, tensor: name, field: "dtype", reason: "missing or not a string")
        }
        guard let dtype = TensorDType(rawValue: dtypeName) else {
            throw SafetensorsError(path: path, tensor: name, field: "dtype", reason: "unknown dtype '\(dtypeName)'")
        }
        guard let shapeValues = entry["shape"] as? [Any] else {
            throw SafetensorsError(path: path, tensor: name, field: "shape", reason: "missing or not an array")
        }
        var shape: [Int] = []
        var elements = 1
        for item in shapeValues {
            guard let number = item as? NSNumber, let dimension = exactInt(number), dimension >= 0 else {
                throw SafetensorsError(path: path, tensor: name, field: "shape",
                                       reason: "dimension \(item) is not a non-negative integer")
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= dataSize else {
                throw SafetensorsError(path: path, tensor: name, field: "shape",
                                       reason: "shape \(shapeValues) has more elements than the file has bytes")
            }
            elements = product
            shape.append(dimension)
        }
        guard let offsets = entry["data_offsets"] as? [Any], offsets.count == 2,
              let beginNumber = offsets[0] as? NSNumber, let endNumber = offsets[1] as? NSNumber,
              let begin = exactInt(beginNumber), let end = exactInt(endNumber) else {
            throw SafetensorsError(path: path, tensor: name, field: "data_offsets",
                                   reason: "must be an array of two integers [begin, end]")
        }
        guard begin >= 0, begin <= end, end <= dataSize else {
            throw SafetensorsError(path: path, tensor: name, field: "data_offsets",
                                   reason: "[\(begin), \(end)] does not lie inside the \(dataSize) data bytes; the file is truncated or corrupt")
        }
        let expected = elements * dtype.byteSize
        guard end - begin == expected else {
            throw SafetensorsError(path: path, tensor: name, field: "data_offsets",
                                   reason: "covers \(end - begin) bytes but shape \(shape) of \(dtype.rawValue) needs \(expected)")
        }
        return TensorInfo(name: name, dtype: dtype, shape: shape, byteRange: (dataStart + begin)..<(dataStart + end))
    }

    private static func exactInt(_ number: NSNumber) -> Int? {
        let double = number.doubleValue
        guard double.isFinite, double.rounded() == double, abs(double) < 9.0e15 else { return nil }
        return number.intValue
    }

    /// The tensor named `name`, or nil.
    public func info(_ name: String) -> TensorInfo? {
        index[name].map { tensors[$0] }
    }

    /// Whether the file holds a tensor of this name.
    public func contains(_ name: String) -> Bool { index[name] != nil }

    /// Names of all tensors, sorted.
    public var names: [String] { tensors.map(\.name).sorted() }

    /// The tensor's values converted to `Float`. When `shape` is given the stored shape must equal it.
    public func floats(_ name: String, shape expected: [Int]? = nil) throws -> [Float] {
        guard let info = info(name) else {
            throw SafetensorsError(path: path, tensor: name, reason: "no such tensor in the file")
        }
        if let expected, expected != info.shape {
            throw SafetensorsError(path: path, tensor: name, field: "shape",
                                   reason: "is \(info.shape) but the model needs \(expected)")
        }
        var out = [Float](repeating: 0, count: info.elementCount)
        try out.withUnsafeMutableBufferPointer { try read(info, into: $0) }
        return out
    }

    /// Converts the tensor's values into `destination`, which must hold exactly its element count.
    public func read(_ info: TensorInfo, into destination: UnsafeMutableBufferPointer<Float>) throws {
        guard destination.count == info.elementCount else {
            throw SafetensorsError(path: path, tensor: info.name, field: "shape",
                                   reason: "holds \(info.elementCount) elements but \(destination.count) were asked for")
        }
        let count = info.elementCount
        try file.withBytes(info.byteRange) { bytes in
            switch info.dtype {
            case .f32:
                for i in 0..<count { destination[i] = Float(bitPattern: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian) }
            case .bf16:
                for i in 0..<count { destination[i] = Float(bitPattern: UInt32(bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian) << 16) }
            case .f16:
                for i in 0..<count { destination[i] = Conversion.f16Value(bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian) }
            case .f64:
                for i in 0..<count { destination[i] = Float(Double(bitPattern: bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian)) }
            default:
                throw SafetensorsError(path: path, tensor: info.name, field: "dtype",
                                       reason: "\(info.dtype.rawValue) cannot be used as a floating-point weight; expected F32, BF16 or F16")
            }
        }
    }
}
