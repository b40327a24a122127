import Foundation
import Support

/// Writes a GGUF file (version 3, little-endian) as llama.cpp's loader reads it: the header, the metadata in the
/// order it was set, the tensor infos, then each tensor's data at an offset that is a multiple of the alignment
/// (`general.alignment`, written when it is not the default 32), contiguous in tensor-info order.
public struct GGUFWriter: Sendable {
    public static let magic: [UInt8] = Array("GGUF".utf8)
    public static let version: UInt32 = 3
    public static let defaultAlignment = 32
    /// ggml's GGML_MAX_NAME counts the terminating NUL.
    public static let maxNameBytes = 63

    public private(set) var metadata: [(key: String, value: GGUFMetadataValue)] = []
    public private(set) var tensors: [GGUFTensor] = []
    public let alignment: Int

    public init(alignment: Int = GGUFWriter.defaultAlignment) {
        self.alignment = alignment
        if alignment != Self.defaultAlignment { set("general.alignment", .uint32(UInt32(alignment))) }
    }

    /// Sets a key (replacing an earlier value of the same key, keeping its place).
    public mutating func set(_ key: String, _ value: GGUFMetadataValue) {
        if let index = metadata.firstIndex(where: { $0.key == key }) {
            metadata[index].value = value
        } else {
            metadata.append((key, value))
        }
    }

    public func value(_ key: String) -> GGUFMetadataValue? { metadata.first { $0.key == key }?.value }

    public mutating func add(_ tensor: GGUFTensor) throws {
        guard tensor.name.utf8.count <= Self.maxNameBytes else {
            throw GGUFExportError(path: tensor.name, reason: "tensor name is \(tensor.name.utf8.count) bytes; ggml allows \(Self.maxNameBytes)")
        }
        guard !tensors.contains(where: { $0.name == tensor.name }) else {
            throw GGUFExportError(path: tensor.name, reason: "tensor name is used twice")
        }
        guard !tensor.dimensions.isEmpty, tensor.dimensions.count <= 4, tensor.dimensions.allSatisfy({ $0 > 0 }) else {
            throw GGUFExportError(path: tensor.name, reason: "dimensions \(tensor.dimensions) are not 1 to 4 positive counts")
        }
        guard tensor.type.canStore(rowLength: tensor.dimensions[0]) else {
            throw GGUFExportError(path: tensor.name, reason: "a row of \(tensor.dimensions[0]) values is not whole \(tensor.type) blocks")
        }
        tensors.append(tensor)
    }

    /// Each tensor's offset from the start of the data section.
    public var tensorOffsets: [Int] {
        var offsets: [Int] = [], offset = 0
        for tensor in tensors {
            offsets.append(offset)
            offset += aligned(tensor.byteCount)
        }
        return offsets
    }

    private func aligned(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }

    /// The whole file. Tensor values are produced and encoded one tensor at a time.
    public func encoded() throws -> Data {
        var header = LittleEndianBytes()
        header.bytes.append(contentsOf: Self.magic)
        header.append(Self.version)
        header.append(UInt64(tensors.count))
        header.append(UInt64(metadata.count))
        for (key, value) in metadata {
            header.appendString(key)
            value.encode(into: &header)
        }
        for (tensor, offset) in zip(tensors, tensorOffsets) {
            header.appendString(tensor.name)
            header.append(UInt32(tensor.dimensions.count))
            for d in tensor.dimensions { header.append(UInt64(d)) }
            header.append(tensor.type.rawValue)
            header.append(UInt64(offset))
        }
        header.pad(to: alignment)
        let dataBytes = tensors.reduce(0) { $0 + aligned($1.byteCount) }
        var file = Data(capacity: header.bytes.count + dataBytes)
        file.append(contentsOf: header.bytes)
        for tensor in tensors {
            let values = tensor.values()
            guard values.count == tensor.elementCount else {
                throw GGUFExportError(path: tensor.name, reason: "has \(values.count) values for dimensions \(tensor.dimensions)")
            }
            var chunk = LittleEndianBytes(capacity: aligned(tensor.byteCount))
            values.withUnsafeBufferPointer { tensor.type.encode($0, into: &chunk) }
            chunk.pad(to: alignment)
            file.append(contentsOf: chunk.bytes)
        }
        return file
    }

    /// Writes the file atomically: readers see the old file or the whole new one.
    public func write(to url: URL) throws {
        try AtomicFile.write(try encoded(), to: url)
    }
}
