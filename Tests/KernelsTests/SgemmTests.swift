import Testing
@testable import Kernels

/// Runs `sgemm` and `referenceSgemm` on the same random operands (with padding columns, so leading dimensions
/// exceed widths) and returns the error of the fast path relative to the largest reference magnitude.
func sgemmError(_ ta: Transpose, _ tb: Transpose, m: Int, n: Int, k: Int, alpha: Float, beta: Float,
                pad: Int, seed: UInt64) -> Double {
    var rng = SeededGenerator(seed: seed)
    let aRows = ta == .none ? m : k, aCols = ta == .none ? k : m
    let bRows = tb == .none ? k : n, bCols = tb == .none ? n : k
    let lda = aCols + pad, ldb = bCols + pad, ldc = n + pad
    let a = randomFloats(max(1, aRows * lda), &rng), b = randomFloats(max(1, bRows * ldb), &rng)
    let c0 = randomFloats(max(1, m * ldc), &rng)
    var fast = c0, reference = c0
    sgemm(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &fast, ldc: ldc)
    referenceSgemm(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta,
                   c: &reference, ldc: ldc)
    // Padding columns of C must be left alone.
    for i in 0..<m { for j in n..<ldc where fast[i * ldc + j] != c0[i * ldc + j] { return .infinity } }
    return relativeError(fast, reference)
}

@Test(arguments: [(Transpose.none, Transpose.none), (.none, .transposed), (.transposed, .none), (.transposed, .transposed)])
func sgemmMatchesReferenceOnRandomShapes(transposes: (Transpose, Transpose)) {
    var rng = SeededGenerator(seed: 99)
    let shapes = [(1, 1, 1), (3, 5, 7), (17, 33, 9), (14, 32, 64), (29, 65, 130), (64, 576, 8), (70, 8, 576),
                  (100, 47, 300), (131, 200, 257), (8, 1000, 3), (1, 300, 700), (300, 1, 500),
                  (9, 16, 33), (5, 70, 130), (8, 100, 100), (15, 17, 31), (1, 1, 2000),
                  (20, 2100, 300), (300, 1100, 40), (7200, 20, 3),
                  (576, 8, 300), (35, 9, 40), (16, 16, 16),
                  // Several balanced k blocks and column blocks; a packed A too large to pack whole.
                  (40, 70, 900), (300, 1100, 800), (1000, 40, 5000),
                  // k up to 640 in one block, with B's columns split to keep the block in L2.
                  (45, 1400, 600), (29, 700, 640),
                  // The LoRA gradients' shapes: short products summed over 1024 rows split between threads.
                  (8, 1536, 1024), (1536, 8, 1024), (7, 600, 999),
                  // Grouped LoRA gradients (dA of q, k, v at once): 16 and 24 accumulator rows, and 13 padded to 16.
                  (24, 576, 1024), (16, 600, 999), (13, 70, 500)]
    for (index, (m, n, k)) in shapes.enumerated() {
        let alpha = [Float(1), 0.5, -2][index % 3], beta = [Float(0), 1, 0.25][index % 3]
        let pad = Int.random(in: 0...3, using: &rng)
        let error = sgemmError(transposes.0, transposes.1, m: m, n: n, k: k, alpha: alpha, beta: beta, pad: pad,
                               seed: UInt64(index))
        #expect(error < 1e-5, "m=\(m) n=\(n) k=\(k) alpha=\(alpha) beta=\(beta) pad=\(pad): error \(error)")
    }
}

/// Row-major A whose rows are 4 KiB apart is packed rather than read in place (its rows would share one L1 set);
/// both paths must give the same products, with and without a partial last panel.
@Test(arguments: [Transpose.none, .transposed])
func sgemmWithRowsFourKiBApartMatchesReference(transB: Transpose) {
    for (index, m) in [42, 45].enumerated() {
        let error = sgemmError(.none, transB, m: m, n: 70, k: 1024, alpha: 1, beta: index == 0 ? 0 : 0.5, pad: 0,
                               seed: UInt64(40 + index))
        #expect(error < 1e-5, "m=\(m): error \(error)")
    }
}

/// Threads claim tiles dynamically, but each tile is still one thread's sum in a fixed order: repeated products of
/// the same operands must agree bit for bit.
@Test func sgemmIsBitForBitRepeatable() {
    var rng = SeededGenerator(seed: 7)
    let m = 700, n = 1300, k = 900
    let a = randomFloats(m * k, &rng), b = randomFloats(n * k, &rng)
    var first = [Float](repeating: 0, count: m * n)
    sgemm(.none, .transposed, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: k, beta: 0, c: &first, ldc: n)
    for _ in 0..<3 {
        var again = [Float](repeating: 0, count: m * n)
        sgemm(.none, .transposed, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: k, beta: 0, c: &again, ldc: n)
        #expect(again == first)
    }
}

@Test func sgemmWithZeroBetaIgnoresGarbageInC() {
    let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
    var c: [Float] = [.nan, .nan, .nan, .nan]
    sgemm(.none, .none, m: 2, n: 2, k: 2, alpha: 1, a: a, lda: 2, b: b, ldb: 2, beta: 0, c: &c, ldc: 2)
    #expect(c == [19, 22, 43, 50])
}

@Test func sgemmWithZeroKScalesC() {
    let a: [Float] = [1], b: [Float] = [1]
    var c: [Float] = [2, 4]
    sgemm(.none, .none, m: 1, n: 2, k: 0, alpha: 1, a: a, lda: 1, b: b, ldb: 2, beta: 0.5, c: &c, ldc: 2)
    #expect(c == [1, 2])
}

/// A sum of products over slices of k equals the sum of the separate products, whatever the slices' transposes,
/// alphas and sizes (slices crossing block boundaries, a rank-8 slice, a transposed A beside row-major ones).
@Test(arguments: [[(Transpose.none, Transpose.transposed, 500, Float(1)), (.none, .transposed, 8, 2)],
                  [(Transpose.none, Transpose.none, 300, Float(1)), (.none, .none, 200, 1), (.none, .none, 8, 1)],
                  [(Transpose.transposed, Transpose.none, 100, Float(0.5)), (.none, .transposed, 450, -1)]])
func slicedSgemmEqualsTheSumOfItsProducts(slices spec: [(Transpose, Transpose, Int, Float)]) {
    var rng = SeededGenerator(seed: 21)
    let m = 45, n = 70, beta: Float = 0.5
    let operands = spec.map { (ta, tb, k, alpha) -> ([Float], [Float]) in
        (randomFloats(m * k, &rng), randomFloats(k * n, &rng))
    }
    let c0 = randomFloats(m * n, &rng)
    var expected = c0.map { Double($0) * Double(beta) }
    for ((ta, tb, k, alpha), (a, b)) in zip(spec, operands) {
        var part = [Float](repeating: 0, count: m * n)
        referenceSgemm(ta, tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: ta == .none ? k : m,
                       b: b, ldb: tb == .none ? n : k, beta: 0, c: &part, ldc: n)
        for i in 0..<(m * n) { expected[i] += Double(part[i]) }
    }
    // Each slice's operands are copied into buffers that outlive the call.
    let buffers = operands.map { (a, b) -> (UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) in
        let ab = UnsafeMutableBufferPointer<Float>.allocate(capacity: a.count)
        let bb = UnsafeMutableBufferPointer<Float>.allocate(capacity: b.count)
        _ = ab.initialize(from: a)
        _ = bb.initialize(from: b)
        return (ab, bb)
    }
    defer { for (a, b) in buffers { a.deallocate(); b.deallocate() } }
    let slices = zip(spec, buffers).map { s, ops in
        SgemmSlice(s.0, s.1, k: s.2, alpha: s.3, a: UnsafePointer(ops.0.baseAddress!), lda: s.0 == .none ? s.2 : m,
                   b: UnsafePointer(ops.1.baseAddress!), ldb: s.1 == .none ? n : s.2)
    }
    var c = c0
    c.withUnsafeMutableBufferPointer { sgemm(m: m, n: n, slices: slices, beta: beta, c: $0.baseAddress!, ldc: n) }
    #expect(relativeError(c, expected) < 1e-5)
}
