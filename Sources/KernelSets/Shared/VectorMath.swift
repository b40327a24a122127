/// Vectorised elementary functions for the kernels. libm's `expf`/`tanhf` are scalar calls that Swift cannot
/// vectorise; the softmax over a 49 152-word vocabulary alone needs ~50 M exponentials per step, so these
/// SIMD16 versions (Cephes polynomial, |relative error| < 2e-7 over the float range) do that work instead.
enum VectorMath {
    /// `e^x` lane by lane. Inputs below -87.33 (including -infinity) give exactly 0; above 88.376 (where 2^n would overflow), +infinity.
    @_transparent  // mandatory inlining: called out of line, SIMD16 travels in four xmm registers
    static func exp(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let hi = SIMD16<Float>(repeating: 88.37626), lo = SIMD16<Float>(repeating: -87.33654)
        let clamped = x.replacing(with: hi, where: x .> hi).replacing(with: lo, where: x .< lo)
        // Adding 1.5·2^23 rounds to the nearest integer and leaves it in the low mantissa bits, which avoids a
        // float-to-int conversion (Swift's generic SIMD conversion is a scalar loop).
        let magic = SIMD16<Float>(repeating: 12_582_912)
        let shifted = clamped * SIMD16<Float>(repeating: 1.44269504088896341) + magic
        let n = shifted - magic
        var r = clamped.multiplyAdd(n, SIMD16(repeating: -0.693359375))
        r = r.multiplyAdd(n, SIMD16(repeating: 2.12194440e-4))
        let r2 = r * r
        var p = SIMD16<Float>(repeating: 1.9875691500e-4)
        p = (p * r) + 1.3981999507e-3
        p = (p * r) + 8.3334519073e-3
        p = (p * r) + 4.1665795894e-2
        p = (p * r) + 1.6666665459e-1
        p = (p * r) + 5.0000001201e-1
        var y = (p * r2) + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        y = y * unsafeBitCast((integer &+ 127) &<< 23, to: SIMD16<Float>.self)
        y.replace(with: 0, where: x .< lo)
        y.replace(with: .infinity, where: x .> hi)
        return y
    }

    /// `1 / (1 + e^-x)`.
    @_transparent  // mandatory inlining: called out of line, SIMD16 travels in four xmm registers
    static func sigmoid(_ x: SIMD16<Float>) -> SIMD16<Float> {
        1 / (1 + exp(-x))
    }

    /// `tanh(x) = 1 - 2 / (e^{2x} + 1)`, exact in the limits (±1) and accurate to ~1e-7 absolute.
    @_transparent  // mandatory inlining: called out of line, SIMD16 travels in four xmm registers
    static func tanh(_ x: SIMD16<Float>) -> SIMD16<Float> {
        1 - 2 / (exp(x + x) + 1)
    }

    /// Loads `count < 16` floats into the low lanes, `fill` elsewhere (for the tail of a row).
    @inline(__always)
    static func loadPartial(_ p: UnsafePointer<Float>, _ count: Int, fill: Float = 0) -> SIMD16<Float> {
        var v = SIMD16<Float>(repeating: fill)
        withUnsafeMutableBytes(of: &v) { $0.baseAddress!.copyMemory(from: p, byteCount: count * 4) }
        return v
    }

    /// Stores the low `count < 16` lanes of `v`.
    @inline(__always)
    static func storePartial(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
        withUnsafeBytes(of: v) { UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: count * 4) }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
    }

    /// Largest of `count` floats (-infinity for none).
    @inline(__always)
    static func max(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var m0 = SIMD16<Float>(repeating: -.infinity), m1 = m0
        var i = 0
        while i + 32 <= count {
            m0 = maximum(m0, load(x + i)); m1 = maximum(m1, load(x + i + 16)); i += 32
        }
        while i + 16 <= count { m0 = maximum(m0, load(x + i)); i += 16 }
        if i < count { m1 = maximum(m1, loadPartial(x + i, count - i, fill: -.infinity)) }
        return horizontalMax(maximum(m0, m1))
    }

    /// `sum of x[i] * y[i]` over `count` floats, in four SIMD16 partial sums.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Float {
        dotProduct(UnsafeRawPointer(x), UnsafeRawPointer(y), count)
    }

    /// Sum of `count` floats.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var s0 = SIMD16<Float>(), s1 = s0
        var i = 0
        while i + 32 <= count { s0 += load(x + i); s1 += load(x + i + 16); i += 32 }
        while i + 16 <= count { s0 += load(x + i); i += 16 }
        if i < count { s1 += loadPartial(x + i, count - i) }
        return horizontalSum(s0 + s1)
    }

    /// `x[i] = exp(x[i] - shift)` in place, returning the sum of the new values.
    @inline(__always)
    static func expShiftedInPlace(_ x: UnsafeMutablePointer<Float>, _ count: Int, shift: Float) -> Float {
        let s = SIMD16<Float>(repeating: shift)
        var total = SIMD16<Float>()
        var i = 0
        while i + 16 <= count {
            let e = exp(load(x + i) - s)
            store(e, x + i)
            total += e
            i += 16
        }
        if i < count {
            let e = exp(loadPartial(x + i, count - i, fill: -.infinity) - s)
            storePartial(e, x + i, count - i)
            total += e
        }
        return horizontalSum(total)
    }

    /// Sum of `exp(x[i] - shift)` without writing anything.
    @inline(__always)
    static func expShiftedSum(_ x: UnsafePointer<Float>, _ count: Int, shift: Float) -> Float {
        let s = SIMD16<Float>(repeating: shift)
        var total = SIMD16<Float>()
        var i = 0
        while i + 16 <= count { total += exp(load(x + i) - s); i += 16 }
        if i < count { total += exp(loadPartial(x + i, count - i, fill: -.infinity) - s) }
        return horizontalSum(total)
    }

    /// `x[i] *= factor`.
    @inline(__always)
    static func scale(_ x: UnsafeMutablePointer<Float>, _ count: Int, by factor: Float) {
        var i = 0
        while i + 16 <= count { store(load(x + i) * factor, x + i); i += 16 }
        while i < count { x[i] *= factor; i += 1 }
    }
}

extension VectorMath {
    /// `sum of x[i] * y[i] * z[i]`.
    @inline(__always)
    static func dot3(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafePointer<Float>,
                     _ count: Int) -> Float {
        var s0 = SIMD16<Float>(), s1 = s0
        var i = 0
        while i + 32 <= count {
            s0 = s0.multiplyAdd(load(x + i) * load(y + i), load(z + i))
            s1 = s1.multiplyAdd(load(x + i + 16) * load(y + i + 16), load(z + i + 16))
            i += 32
        }
        while i + 16 <= count { s0 = s0.multiplyAdd(load(x + i) * load(y + i), load(z + i)); i += 16 }
        var total = horizontalSum(s0 + s1)
        while i < count { total += x[i] * y[i] * z[i]; i += 1 }
        return total
    }

    /// `sum of (x[i] - shift)^2`.
    @inline(__always)
    static func squaredDeviation(_ x: UnsafePointer<Float>, _ count: Int, from shift: Float) -> Float {
        let s = SIMD16<Float>(repeating: shift)
        var s0 = SIMD16<Float>(), s1 = s0
        var i = 0
        while i + 32 <= count {
            let d0 = load(x + i) - s, d1 = load(x + i + 16) - s
            s0 = s0.multiplyAdd(d0, d0); s1 = s1.multiplyAdd(d1, d1)
            i += 32
        }
        while i + 16 <= count { let d = load(x + i) - s; s0 = s0.multiplyAdd(d, d); i += 16 }
        var total = horizontalSum(s0 + s1)
        while i < count { let d = x[i] - shift; total += d * d; i += 1 }
        return total
    }

    /// Applies `body` to consecutive SIMD16 chunks of `0..<count` (the tail padded through `loadPartial` /
    /// `storePartial` by the caller's closure arguments): `body(offset, lanes)` with `lanes == 16` except at the end.
    @inline(__always)
    static func forEachChunk(_ range: Range<Int>, _ body: (Int, Int) -> Void) {
        var i = range.lowerBound
        while i + 16 <= range.upperBound { body(i, 16); i += 16 }
        if i < range.upperBound { body(i, range.upperBound - i) }
    }

    /// Loads 16 floats, or `lanes < 16` padded with zeros.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, lanes: Int) -> SIMD16<Float> {
        lanes == 16 ? load(p) : loadPartial(p, lanes)
    }

    /// Stores 16 floats, or the low `lanes < 16`.
    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, lanes: Int) {
        if lanes == 16 { store(v, p) } else { storePartial(v, p, lanes) }
    }
}

extension VectorMath {
    /// Sum of the 16 lanes by halving (the standard library's `sum()` is a scalar loop behind a call).
    @inline(__always)
    static func horizontalSum(_ v: SIMD16<Float>) -> Float {
        let a = v.lowHalf + v.highHalf
        let b = a.lowHalf + a.highHalf
        let c = b.lowHalf + b.highHalf
        return c[0] + c[1]
    }

    /// Largest of the 16 lanes.
    @inline(__always)
    static func horizontalMax(_ v: SIMD16<Float>) -> Float {
        let a = maximum(v.lowHalf, v.highHalf)
        let b = maximum(a.lowHalf, a.highHalf)
        let c = maximum(b.lowHalf, b.highHalf)
        return Swift.max(c[0], c[1])
    }
}

extension VectorMath {
    /// Lane-wise maximum (NaN-agnostic); the standard library's `pointwiseMax` is a generic call here.
    @_transparent
    static func maximum(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        a.replacing(with: b, where: b .> a)
    }

    @_transparent
    static func maximum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        a.replacing(with: b, where: b .> a)
    }

    @_transparent
    static func maximum(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
        a.replacing(with: b, where: b .> a)
    }

    @_transparent
    static func maximum(_ a: SIMD2<Float>, _ b: SIMD2<Float>) -> SIMD2<Float> {
        a.replacing(with: b, where: b .> a)
    }
}

/// Dot product of `count` floats with four SIMD16 accumulators (no alignment required).
@inline(__always)
func dotProduct(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer, _ count: Int) -> Float {
    var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
    var p = 0
    while p + 64 <= count {
        let o = p * 4
        s0 = s0.multiplyAdd(x.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self),
                              y.loadUnaligned(fromByteOffset: o, as: SIMD16<Float>.self))
        s1 = s1.multiplyAdd(x.loadUnaligned(fromByteOffset: o + 64, as: SIMD16<Float>.self),
                              y.loadUnaligned(fromByteOffset: o + 64, as: SIMD16<Float>.self))
        s2 = s2.multiplyAdd(x.loadUnaligned(fromByteOffset: o + 128, as: SIMD16<Float>.self),
                              y.loadUnaligned(fromByteOffset: o + 128, as: SIMD16<Float>.self))
        s3 = s3.multiplyAdd(x.loadUnaligned(fromByteOffset: o + 192, as: SIMD16<Float>.self),
                              y.loadUnaligned(fromByteOffset: o + 192, as: SIMD16<Float>.self))
        p += 64
    }
    while p + 16 <= count {
        s0 = s0.multiplyAdd(x.loadUnaligned(fromByteOffset: p * 4, as: SIMD16<Float>.self),
                              y.loadUnaligned(fromByteOffset: p * 4, as: SIMD16<Float>.self))
        p += 16
    }
    var sum = VectorMath.horizontalSum((s0 + s1) + (s2 + s3))
    let xf = x.assumingMemoryBound(to: Float.self), yf = y.assumingMemoryBound(to: Float.self)
    while p < count { sum += xf[p] * yf[p]; p += 1 }
    return sum
}
