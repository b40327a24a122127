import Foundation

/// SiLU (swish) activation, `silu(x) = x * sigmoid(x)`, elementwise over `count` contiguous values.
public enum SiLU {
    /// `y = silu(x)`; `y` may equal `x`.
    public static func forward(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            for i in range { let v = x[i]; y[i] = v / (1 + expf(-v)) }
        }
    }

    /// `dx = dy * silu'(x)` with `silu'(x) = s * (1 + x * (1 - s))`, `s = sigmoid(x)`; `dx` may equal `dy`.
    public static func backward(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
                                count: Int) {
        ThreadPool.shared.parallelFor(count, grain: 1 << 15) { range in
            for i in range {
                let v = x[i], s = 1 / (1 + expf(-v))
                dx[i] = dy[i] * s * (1 + v * (1 - s))
            }
        }
    }
}
