import Testing
@testable import Kernels

/// A small seeded generator (SplitMix64) so every test draws the same numbers on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomFloats(_ count: Int, _ rng: inout SeededGenerator, range: ClosedRange<Float> = -1...1) -> [Float] {
    (0..<count).map { _ in Float.random(in: range, using: &rng) }
}

/// Central finite differences of a scalar function of `x`, in Double.
func numericalGradient(_ x: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
    var g = [Double](repeating: 0, count: x.count)
    var probe = x
    for i in 0..<x.count {
        probe[i] = x[i] + h
        let up = f(probe)
        probe[i] = x[i] - h
        let down = f(probe)
        probe[i] = x[i]
        g[i] = (up - down) / (2 * h)
    }
    return g
}

/// Largest absolute difference relative to the largest magnitude of the expected values.
func relativeError(_ actual: [Float], _ expected: [Double]) -> Double {
    precondition(actual.count == expected.count)
    var maxDiff = 0.0, maxRef = 0.0
    for i in 0..<actual.count {
        maxDiff = max(maxDiff, abs(Double(actual[i]) - expected[i]))
        maxRef = max(maxRef, abs(expected[i]))
    }
    return maxDiff / max(maxRef, 1e-30)
}

func relativeError(_ actual: [Float], _ expected: [Float]) -> Double {
    relativeError(actual, expected.map(Double.init))
}

/// `sum(weights * f(x))`: turns a vector function into the scalar loss whose gradient a backward pass computes
/// when it is fed `dy = weights`.
func weightedSum(_ y: [Double], _ weights: [Float]) -> Double {
    var s = 0.0
    for i in 0..<y.count { s += y[i] * Double(weights[i]) }
    return s
}

extension Array where Element == Float {
    var doubles: [Double] { map(Double.init) }
}
