/// One tensor of a GGUF file: its name, its dimensions as ggml counts them (innermost first: a PyTorch
/// `[out, in]` weight is `[in, out]`), the type it is stored in, and its values in row-major order, produced only
/// when the file is written so that an export holds one converted tensor at a time.
public struct GGUFTensor: Sendable {
    public let name: String
    public let dimensions: [Int]
    public let type: GGUFTensorType
    public let values: @Sendable () -> [Float]

    public init(name: String, dimensions: [Int], type: GGUFTensorType, values: @escaping @Sendable () -> [Float]) {
        self.name = name
        self.dimensions = dimensions
        self.type = type
        self.values = values
    }

    public var elementCount: Int { dimensions.reduce(1, *) }
    public var byteCount: Int { type.byteCount(elements: elementCount) }
}
