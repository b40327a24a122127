import Testing
@testable import Kernels

@Test func clippingScalesByGlobalNorm() {
    var a: [Float] = [3, 0], b: [Float] = [0, 4]
    let norm = a.withUnsafeMutableBufferPointer { pa in
        b.withUnsafeMutableBufferPointer { pb in GradientClipping.clip([pa, pb], maxNorm: 1) }
    }
    #expect(abs(norm - 5) < 1e-12)
    let c = Float(1 / (5 + 1e-6))
    #expect(abs(a[0] - 3 * c) < 1e-6 && abs(b[1] - 4 * c) < 1e-6)
    var small: [Float] = [0.1, 0.2]
    _ = small.withUnsafeMutableBufferPointer { GradientClipping.clip([$0], maxNorm: 1) }
    #expect(small == [0.1, 0.2])
}
