import CKernelHints
import KernelsCore

/// SGEMM paths for shapes where packing both operands for the 14 × 32 micro-kernel wastes more than it saves:
/// a narrow `C` (n ≤ 16, like the rank-8 LoRA down-projection `[tokens, hidden] · [hidden, 8]`) and a short `C`
/// (m ≤ 8, like one token's projections during generation). Both read the large operand straight from memory,
/// once, and vectorise along the dimension that is contiguous.
enum SgemmSkinny {
    /// Widest `n` for `narrow`: one SIMD16 vector holds a row of C.
    static let narrowWidth = 16
    /// Rows of C per task in `narrow`: eight SIMD16 accumulators.
    static let narrowRows = 8
    /// Tallest `m` for `short`.
    static let shortHeight = 8

    /// C (m × n, n ≤ 16) = alpha·op(A)·op(B) + beta·C. op(B) (k × n) is copied into a zero-padded `[k][16]`
    /// buffer; each row of C is then one SIMD16 accumulator, fed by broadcasts of that row of op(A).
    static func narrow(_ d: SgemmDriver) {
        let m = d.m, n = d.n, k = d.k
        if d.transA == .transposed && d.transB == .none && n <= shortHeight {
            narrowAsTransposedShort(d)
            return
        }
        let width = narrowWidth
        let packed = UnsafeMutableRawPointer.allocate(byteCount: k * width * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: k * width)
        defer { packed.deallocate() }
        for p in 0..<k {
            let row = packed + p * width
            for j in 0..<width {
                row[j] = j < n ? (d.transB == .none ? d.b[p * d.ldb + j] : d.b[j * d.ldb + p]) : 0
            }
        }
        let bp = UnsafeRawPointer(packed)
        if d.transA == .transposed && m >= 16 {
            // op(A) rows are columns of the stored A: 16 of them fill a cache line of each stored row.
            let wide = m / 16
            ThreadPool.shared.parallelFor(wide, grain: max(1, 200_000 / max(1, k * 16 * width))) { range in
                for task in range { narrowTransposed16(d, bp: bp, i0: task * 16) }
            }
            if wide * 16 == m { return }
            narrowInRowsOfEight(d, bp: bp, from: wide * 16)
            return
        }
        narrowInRowsOfEight(d, bp: bp, from: 0)
    }

    /// C = Aᵀ·B with A stored `k × m` and B stored `k × n`, n ≤ 8 (the LoRA gradient `dB = dyᵀ·h`): computed as
    /// its transpose `Bᵀ·A`, which is a `short` product whose 8 rows fill every SIMD lane (the narrow kernel would
    /// leave half of each 16-lane accumulator unused), then added into C transposed.
    static func narrowAsTransposedShort(_ d: SgemmDriver) {
        let m = d.m, n = d.n
        let transposed = UnsafeMutablePointer<Float>.allocate(capacity: n * m)
        defer { transposed.deallocate() }
        short(SgemmDriver(transA: .transposed, transB: .none, m: n, n: m, k: d.k, alpha: d.alpha,
                          a: d.b, lda: d.ldb, b: d.a, ldb: d.lda, beta: 0, c: transposed, ldc: m))
        for i in 0..<m {
            let out = d.c + i * d.ldc
            for j in 0..<n {
                out[j] = d.beta == 0 ? transposed[j * m + i] : transposed[j * m + i] + d.beta * out[j]
            }
        }
    }

    /// Rows `i0 ..< i0+16` of C for a transposed A, sixteen SIMD16 accumulators.
    @inline(__always)
    static func narrowTransposed16(_ d: SgemmDriver, bp: UnsafeRawPointer, i0: Int) {
        var acc = (SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(),
                   SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(),
                   SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(),
                   SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>())
        var ap = d.a + i0
        for p in 0..<d.k {
            let b = bp.load(fromByteOffset: p * 64, as: SIMD16<Float>.self)
            acc.0 = acc.0.multiplyAdd(SIMD16(repeating: ap[0]), b)
            acc.1 = acc.1.multiplyAdd(SIMD16(repeating: ap[1]), b)
            acc.2 = acc.2.multiplyAdd(SIMD16(repeating: ap[2]), b)
            acc.3 = acc.3.multiplyAdd(SIMD16(repeating: ap[3]), b)
            acc.4 = acc.4.multiplyAdd(SIMD16(repeating: ap[4]), b)
            acc.5 = acc.5.multiplyAdd(SIMD16(repeating: ap[5]), b)
            acc.6 = acc.6.multiplyAdd(SIMD16(repeating: ap[6]), b)
            acc.7 = acc.7.multiplyAdd(SIMD16(repeating: ap[7]), b)
            acc.8 = acc.8.multiplyAdd(SIMD16(repeating: ap[8]), b)
            acc.9 = acc.9.multiplyAdd(SIMD16(repeating: ap[9]), b)
            acc.10 = acc.10.multiplyAdd(SIMD16(repeating: ap[10]), b)
            acc.11 = acc.11.multiplyAdd(SIMD16(repeating: ap[11]), b)
            acc.12 = acc.12.multiplyAdd(SIMD16(repeating: ap[12]), b)
            acc.13 = acc.13.multiplyAdd(SIMD16(repeating: ap[13]), b)
            acc.14 = acc.14.multiplyAdd(SIMD16(repeating: ap[14]), b)
            acc.15 = acc.15.multiplyAdd(SIMD16(repeating: ap[15]), b)
            ap += d.lda
        }
        withUnsafeBytes(of: acc) { raw in
            let values = raw.bindMemory(to: Float.self)
            for row in 0..<16 {
                let out = d.c + (i0 + row) * d.ldc
                for j in 0..<d.n {
                    let v = d.alpha * values[row * 16 + j]
                    out[j] = d.beta == 0 ? v : v + d.beta * out[j]
                }
            }
        }
    }

    /// Rows `first ..< m` of C in tasks of eight rows.
    static func narrowInRowsOfEight(_ d: SgemmDriver, bp: UnsafeRawPointer, from first: Int) {
        let m = d.m, n = d.n, k = d.k
        let width = narrowWidth, rowsPerTask = narrowRows
        let tasks = (m - first + rowsPerTask - 1) / rowsPerTask
        let grain = max(1, 200_000 / max(1, k * rowsPerTask * width))
        ThreadPool.shared.parallelFor(tasks, grain: grain) { range in
            for task in range {
                let i0 = first + task * rowsPerTask
                let count = min(rowsPerTask, m - i0)
                // Rows past the end (last task only) re-read the last row so the loop stays branch-free.
                let last = m - 1
                var c = EightAccumulatorRows()
                if d.transA == .none {
                    let a0 = d.a + i0 * d.lda, a1 = d.a + min(i0 + 1, last) * d.lda
                    let a2 = d.a + min(i0 + 2, last) * d.lda, a3 = d.a + min(i0 + 3, last) * d.lda
                    let a4 = d.a + min(i0 + 4, last) * d.lda, a5 = d.a + min(i0 + 5, last) * d.lda
                    let a6 = d.a + min(i0 + 6, last) * d.lda, a7 = d.a + min(i0 + 7, last) * d.lda
                    for p in 0..<k {
                        let b = bp.load(fromByteOffset: p * 64, as: SIMD16<Float>.self)
                        c.r0 = c.r0.multiplyAdd(SIMD16(repeating: a0[p]), b)
                        c.r1 = c.r1.multiplyAdd(SIMD16(repeating: a1[p]), b)
                        c.r2 = c.r2.multiplyAdd(SIMD16(repeating: a2[p]), b)
                        c.r3 = c.r3.multiplyAdd(SIMD16(repeating: a3[p]), b)
                        c.r4 = c.r4.multiplyAdd(SIMD16(repeating: a4[p]), b)
                        c.r5 = c.r5.multiplyAdd(SIMD16(repeating: a5[p]), b)
                        c.r6 = c.r6.multiplyAdd(SIMD16(repeating: a6[p]), b)
                        c.r7 = c.r7.multiplyAdd(SIMD16(repeating: a7[p]), b)
                    }
                } else if count == rowsPerTask {
                    // op(A) rows i0..<i0+8 are 8 contiguous values of each stored row p: constant offsets.
                    var ap = d.a + i0
                    for p in 0..<k {
                        c.add(ap, times: bp.load(fromByteOffset: p * 64, as: SIMD16<Float>.self))
                        ap += d.lda
                    }
                } else {
                    for p in 0..<k {
                        let b = bp.load(fromByteOffset: p * 64, as: SIMD16<Float>.self)
                        let ap = d.a + p * d.lda
                        c.r0 = c.r0.multiplyAdd(SIMD16(repeating: ap[i0]), b)
                        c.r1 = c.r1.multiplyAdd(SIMD16(repeating: ap[min(i0 + 1, last)]), b)
                        c.r2 = c.r2.multiplyAdd(SIMD16(repeating: ap[min(i0 + 2, last)]), b)
                        c.r3 = c.r3.multiplyAdd(SIMD16(repeating: ap[min(i0 + 3, last)]), b)
                        c.r4 = c.r4.multiplyAdd(SIMD16(repeating: ap[min(i0 + 4, last)]), b)
                        c.r5 = c.r5.multiplyAdd(SIMD16(repeating: ap[min(i0 + 5, last)]), b)
                        c.r6 = c.r6.multiplyAdd(SIMD16(repeating: ap[min(i0 + 6, last)]), b)
                        c.r7 = c.r7.multiplyAdd(SIMD16(repeating: ap[min(i0 + 7, last)]), b)
                    }
                }
                @inline(__always) func put(_ row: Int, _ v: SIMD16<Float>) {
                    guard row < count else { return }
                    let out = d.c + (i0 + row) * d.ldc
                    if d.beta == 0 {
                        for j in 0..<n { out[j] = d.alpha * v[j] }
                    } else {
                        for j in 0..<n { out[j] = d.alpha * v[j] + d.beta * out[j] }
                    }
                }
                put(0, c.r0); put(1, c.r1); put(2, c.r2); put(3, c.r3); put(4, c.r4); put(5, c.r5); put(6, c.r6); put(7, c.r7)
            }
        }
    }

    /// C (m × n) = alpha·op(A)·op(B) + beta·C for m ≤ 8, or m ≤ 24 with op(B) stored `k × n`. op(A) is copied
    /// once, in the layout its kernel reads. With op(B) stored `n × k`, columns of C are split over threads and each
    /// is a dot product; stored `k × n`, the rows of B are split over threads (`shortRows`). Either way B is read
    /// once from memory.
    static func short(_ d: SgemmDriver) {
        let m = d.m, n = d.n, k = d.k
        @inline(__always) func opA(_ i: Int, _ p: Int) -> Float { d.transA == .none ? d.a[i * d.lda + p] : d.a[p * d.lda + i] }
        if d.transB == .transposed {
            precondition(m <= shortHeight, "short: m > \(shortHeight) needs B stored k × n")
            // op(A) copied as m contiguous rows padded to 16, for the dot products.
            let kPadded = (k + 15) / 16 * 16
            let aCopy = UnsafeMutableRawPointer.allocate(byteCount: m * kPadded * 4, alignment: 64)
                .bindMemory(to: Float.self, capacity: m * kPadded)
            defer { aCopy.deallocate() }
            for i in 0..<m { for p in 0..<kPadded { aCopy[i * kPadded + p] = p < k ? opA(i, p) : 0 } }
            let ap = UnsafePointer(aCopy)
            let grain = max(1, 100_000 / max(1, k * m))
            ThreadPool.shared.parallelFor(n, grain: grain) { columns in
                for j in columns {
                    let bj = d.b + j * d.ldb
                    for i in 0..<m {
                        let dot = dotProduct(UnsafeRawPointer(ap + i * kPadded), UnsafeRawPointer(bj), k)
                        let out = d.c + i * d.ldc + j
                        out.pointee = d.beta == 0 ? d.alpha * dot : d.alpha * dot + d.beta * out.pointee
                    }
                }
            }
        } else {
            precondition(m <= shortRowsHeight, "short: m > \(shortRowsHeight)")
            // op(A) stored k × n: op(A) is copied as `[k][height]` (rows past m are zero), so that the values that a
            // row of B is multiplied by sit together.
            let height = (m + 7) / 8 * 8
            let interleaved = UnsafeMutableRawPointer.allocate(byteCount: k * height * 4, alignment: 64)
                .bindMemory(to: Float.self, capacity: k * height)
            defer { interleaved.deallocate() }
            for p in 0..<k {
                for i in 0..<height { interleaved[p * height + i] = i < m ? opA(i, p) : 0 }
            }
            shortRows(d, ap: UnsafePointer(interleaved), height: height)
        }
    }

    /// Tallest `m` for `shortRows`: three groups of eight accumulator rows (24 of the 32 vector registers). The
    /// LoRA branches that read one input (q, k, v; gate, up) take their `dA = dHᵀ·x` in one such product.
    static let shortRowsHeight = 24

    /// Floats of one thread's accumulators in `shortRows` (16 KiB, in L1 beside the rows of B streaming past):
    /// 8 rows × 512 columns, or 24 rows × 160.
    static let shortRowsAccumulatorFloats = 4096

    /// C (m ≤ 24) for op(B) stored `k × n`, as the sum over p of the outer products `op(A)[:, p] ⊗ B[p, :]`, so that
    /// B is read row after row, front to back, which the hardware prefetcher follows. `ap` is op(A) laid out
    /// `[k][height]` (height = m rounded up to a multiple of 8). The rows are split between the threads; each sums
    /// its share into its own `height × n` block, a chunk of columns at a time, and the blocks are added in a fixed
    /// order at the end (bit-reproducible for a thread count). Walking B down 32-column strips instead (one 128-byte
    /// piece of each row, rows 2–6 KiB apart: the LoRA gradients dA = dhᵀ·x and dB = dyᵀ·h) ran at 26–36 GFLOP/s in
    /// the training step.
    static func shortRows(_ d: SgemmDriver, ap: UnsafePointer<Float>, height: Int) {
        let m = d.m, n = d.n, k = d.k
        let vectors = (n + 15) / 16, width = vectors * 16
        let pool = ThreadPool.shared
        let parts = max(1, min(pool.parallelism, k * n * height / 524_288))
        let sums = UnsafeMutableRawPointer.allocate(byteCount: parts * height * width * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: parts * height * width)
        defer { sums.deallocate() }
        let chunkVectors = max(1, shortRowsAccumulatorFloats / height / 16)
        let chunks = (vectors + chunkVectors - 1) / chunkVectors
        pool.parallelFor(parts) { range in
            for part in range {
                let p0 = k * part / parts, p1 = k * (part + 1) / parts
                let acc = sums + part * height * width
                acc.update(repeating: 0, count: height * width)
                for chunk in 0..<chunks {
                    let v0 = vectors * chunk / chunks, v1 = vectors * (chunk + 1) / chunks
                    var p = p0
                    while p < p1 {
                        let rows = min(8, p1 - p)
                        for v in v0..<v1 {
                            shortRowsBlock(d, ap: ap, height: height, row: p, rows: rows, vector: v, acc: acc, width: width)
                        }
                        p += rows
                    }
                }
            }
        }
        for i in 0..<m {
            let out = d.c + i * d.ldc
            for j in 0..<n {
                var total: Float = 0
                for part in 0..<parts { total += sums[(part * height + i) * width + j] }
                out[j] = d.beta == 0 ? d.alpha * total : d.alpha * total + d.beta * out[j]
            }
        }
    }

    /// Adds rows `row ..< row+rows` (at most 8) of the outer-product sum into columns `16·vector ..< +16` of the
    /// `height` (8, 16 or 24) accumulator rows at `acc` (`width` floats apart).
    @inline(__always)
    static func shortRowsBlock(_ d: SgemmDriver, ap: UnsafePointer<Float>, height: Int, row: Int, rows: Int,
                               vector: Int, acc: UnsafeMutablePointer<Float>, width: Int) {
        let j0 = vector * 16, lanes = min(16, d.n - j0)
        let out = UnsafeMutableRawPointer(acc + j0), stride = width * 4, group = 8 * stride
        @inline(__always) func bRow(_ p: Int) -> SIMD16<Float> {
            let src = d.b + p * d.ldb + j0
            return lanes == 16 ? VectorMath.load(src) : VectorMath.loadPartial(src, lanes)
        }
        switch height {
        case 8:
            var c0 = EightAccumulatorRows(out, stride: stride)
            for p in row..<(row + rows) { c0.add(ap + p * 8, times: bRow(p)) }
            c0.store(out, stride: stride)
        case 16:
            var c0 = EightAccumulatorRows(out, stride: stride), c1 = EightAccumulatorRows(out + group, stride: stride)
            for p in row..<(row + rows) {
                let b = bRow(p), a = ap + p * 16
                c0.add(a, times: b); c1.add(a + 8, times: b)
            }
            c0.store(out, stride: stride); c1.store(out + group, stride: stride)
        default:
            var c0 = EightAccumulatorRows(out, stride: stride), c1 = EightAccumulatorRows(out + group, stride: stride)
            var c2 = EightAccumulatorRows(out + 2 * group, stride: stride)
            for p in row..<(row + rows) {
                let b = bRow(p), a = ap + p * 24
                c0.add(a, times: b); c1.add(a + 8, times: b); c2.add(a + 16, times: b)
            }
            c0.store(out, stride: stride); c1.store(out + group, stride: stride); c2.store(out + 2 * group, stride: stride)
        }
    }
}

/// Sixteen columns of eight rows of C, held in registers while rows of B stream past (`SgemmSkinny.shortRows`,
/// `narrowInRowsOfEight`).
struct EightAccumulatorRows {
    var r0, r1, r2, r3, r4, r5, r6, r7: SIMD16<Float>

    /// Zeros.
    @inline(__always)
    init() {
        r0 = SIMD16(); r1 = SIMD16(); r2 = SIMD16(); r3 = SIMD16(); r4 = SIMD16(); r5 = SIMD16(); r6 = SIMD16(); r7 = SIMD16()
    }

    /// Loads the rows from `base`, `stride` bytes apart.
    @inline(__always)
    init(_ base: UnsafeMutableRawPointer, stride: Int) {
        r0 = base.load(as: SIMD16<Float>.self)
        r1 = base.load(fromByteOffset: stride, as: SIMD16<Float>.self)
        r2 = base.load(fromByteOffset: 2 * stride, as: SIMD16<Float>.self)
        r3 = base.load(fromByteOffset: 3 * stride, as: SIMD16<Float>.self)
        r4 = base.load(fromByteOffset: 4 * stride, as: SIMD16<Float>.self)
        r5 = base.load(fromByteOffset: 5 * stride, as: SIMD16<Float>.self)
        r6 = base.load(fromByteOffset: 6 * stride, as: SIMD16<Float>.self)
        r7 = base.load(fromByteOffset: 7 * stride, as: SIMD16<Float>.self)
    }

    /// Row i += a[i] · b.
    @inline(__always)
    mutating func add(_ a: UnsafePointer<Float>, times b: SIMD16<Float>) {
        r0 = r0.multiplyAdd(SIMD16(repeating: a[0]), b)
        r1 = r1.multiplyAdd(SIMD16(repeating: a[1]), b)
        r2 = r2.multiplyAdd(SIMD16(repeating: a[2]), b)
        r3 = r3.multiplyAdd(SIMD16(repeating: a[3]), b)
        r4 = r4.multiplyAdd(SIMD16(repeating: a[4]), b)
        r5 = r5.multiplyAdd(SIMD16(repeating: a[5]), b)
        r6 = r6.multiplyAdd(SIMD16(repeating: a[6]), b)
        r7 = r7.multiplyAdd(SIMD16(repeating: a[7]), b)
    }

    @inline(__always)
    func store(_ base: UnsafeMutableRawPointer, stride: Int) {
        base.storeBytes(of: r0, as: SIMD16<Float>.self)
        base.storeBytes(of: r1, toByteOffset: stride, as: SIMD16<Float>.self)
        base.storeBytes(of: r2, toByteOffset: 2 * stride, as: SIMD16<Float>.self)
        base.storeBytes(of: r3, toByteOffset: 3 * stride, as: SIMD16<Float>.self)
        base.storeBytes(of: r4, toByteOffset: 4 * stride, as: SIMD16<Float>.self)
        base.storeBytes(of: r5, toByteOffset: 5 * stride, as: SIMD16<Float>.self)
        base.storeBytes(of: r6, toByteOffset: 6 * stride, as: SIMD16<Float>.self)
        base.storeBytes(of: r7, toByteOffset: 7 * stride, as: SIMD16<Float>.self)
    }
}
