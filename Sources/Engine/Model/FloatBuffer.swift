/// A fixed-size block of `Float`s owned by one object and freed with it.
///
/// Weights, gradients, optimizer moments and activations live in these rather than in `[Float]` so that kernels get
/// stable pointers without copy-on-write or exclusivity checks in the hot loops.
public final class FloatBuffer: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    /// A zero-filled buffer of `count` floats.
    public init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { pointer.deallocate() }

    public func zero() { pointer.update(repeating: 0, count: count) }

    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    public subscript(index: Int) -> Float {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }
}
