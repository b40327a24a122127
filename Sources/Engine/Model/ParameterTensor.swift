/// One named weight of a model, with its gradient when it is trainable (its AdamW moments live in the `Optimizer`).
///
/// A frozen weight has no gradient and no optimizer state at all, so LoRA training of a large model only pays
/// memory for the adapter. The name is the Hugging Face (or PEFT) name, which makes loading, saving and comparing
/// with reference gradients a lookup.
public final class ParameterTensor: @unchecked Sendable {
    public let name: String
    public let shape: [Int]
    public let value: FloatBuffer
    public private(set) var gradient: FloatBuffer?
    /// Whether AdamW applies weight decay to it.
    public var decays = true

    public init(name: String, shape: [Int], value: FloatBuffer) {
        precondition(shape.reduce(1, *) == value.count, "shape \(shape) does not match \(value.count) values")
        self.name = name
        self.shape = shape
        self.value = value
    }

    public convenience init(name: String, shape: [Int]) {
        self.init(name: name, shape: shape, value: FloatBuffer(count: shape.reduce(1, *)))
    }

    public var count: Int { value.count }
    public var isTrainable: Bool { gradient != nil }

    /// Makes the weight trainable (allocating a zero gradient) or frozen (releasing the gradient).
    public func setTrainable(_ trainable: Bool) {
        if trainable {
            if gradient == nil { gradient = FloatBuffer(count: count) }
        } else {
            gradient = nil
        }
    }

    /// The gradient pointer when trainable, for kernels that take an optional destination.
    var gradientPointer: UnsafeMutablePointer<Float>? { gradient?.pointer }
}
