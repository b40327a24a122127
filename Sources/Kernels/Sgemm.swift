/// Whether a matrix operand of `sgemm` is used as stored or transposed.
public enum Transpose: Sendable {
    case none
    case transposed
}

/// Single-precision matrix multiply on row-major buffers, with BLAS's contract:
/// `C = alpha * op(A) * op(B) + beta * C`, where `op(A)` is `m × k`, `op(B)` is `k × n`, and `C` is `m × n`.
///
/// Leading dimensions are the row strides of the buffers as stored (for a transposed `A`, the stored matrix is
/// `k × m`, so `lda ≥ m`). When `beta` is zero, `C` is overwritten and may hold garbage on entry.
///
/// This is the single entry point that the engine uses for every matrix product; its internals (packing,
/// register blocking, threading) are free to change behind it. It runs on `ThreadPool.shared`; called from inside
/// a pool job (or while another thread is using the pool) it runs on the calling thread alone.
///
/// How it works (the BLIS scheme): `op(B)` is cut into blocks of `kc` rows, packed into panels of `sgemmNR`
/// columns laid out `[kc][NR]`; `op(A)` into panels of `sgemmMR` rows laid out `[kc][MR]`; a register-blocked
/// micro-kernel multiplies one A panel (kept in L1) by one B panel (streamed from L2) into a 14 × 32 tile of C.
/// Threads split the panels of whichever of M or N balances better; the operand they share is packed once,
/// cooperatively, and each thread packs the part of the other operand it alone uses. When all of op(A) fits in
/// 16 MiB it is packed once for the whole call. Skinny shapes skip packing (`SgemmSkinny`): `n ≤ 16` (the LoRA
/// down-projection) and `m ≤ 8` (one token at a time during generation).
///
/// Performance notes for callers: every call packs op(B) afresh, so prefer one call over many row chunks of the
/// same wide B (the vocabulary projection); work below ~2 MFLOP runs on the calling thread alone.
public func sgemm(
    _ transA: Transpose, _ transB: Transpose,
    m: Int, n: Int, k: Int,
    alpha: Float,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "sgemm: negative dimension")
    precondition(ldc >= n && lda >= (transA == .none ? k : m) && ldb >= (transB == .none ? n : k),
                 "sgemm: leading dimension smaller than the row width")
    if m == 0 || n == 0 { return }
    if k == 0 || alpha == 0 {
        scaleMatrix(c, rows: m, cols: n, ld: ldc, by: beta)
        return
    }
    let driver = SgemmDriver(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                             b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    if n <= SgemmSkinny.narrowWidth && m > SgemmSkinny.shortHeight {
        SgemmSkinny.narrow(driver)
    } else if m <= SgemmSkinny.shortHeight {
        SgemmSkinny.short(driver)
    } else {
        driver.run()
    }
}

/// `C *= beta` over an `m × n` block (`beta == 0` writes zeros, whatever C held).
func scaleMatrix(_ c: UnsafeMutablePointer<Float>, rows: Int, cols: Int, ld: Int, by beta: Float) {
    for i in 0..<rows {
        let row = c + i * ld
        if beta == 0 { row.update(repeating: 0, count: cols) } else { for j in 0..<cols { row[j] *= beta } }
    }
}

/// One `sgemm` call: its operands, the blocking chosen for them, and the packed buffers.
struct SgemmDriver {
    let transA: Transpose, transB: Transpose
    let m: Int, n: Int, k: Int
    let alpha: Float, beta: Float
    let a: UnsafePointer<Float>, lda: Int
    let b: UnsafePointer<Float>, ldb: Int
    let c: UnsafeMutablePointer<Float>, ldc: Int

    init(transA: Transpose, transB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        self.transA = transA; self.transB = transB
        self.m = m; self.n = n; self.k = k
        self.alpha = alpha; self.beta = beta
        self.a = a; self.lda = lda; self.b = b; self.ldb = ldb; self.c = c; self.ldc = ldc
    }

    /// Depth of a packed block: an A panel (14 × 256 floats = 14 KiB) stays in L1 while B panels stream past it.
    static let kcMax = 256
    /// Columns of packed B one thread works through per block: 256 × 1024 floats = 1 MiB, which fits in L2.
    static let ncPerThread = 1024
    /// Rows of A packed at once; bounds the packed-A buffer (7168 × 256 floats = 7 MiB).
    static let mcMax = 14 * 512
    /// Largest packed copy of the whole of op(A), in floats (16 MiB).
    static let wholeABudget = 4 << 20

    func run() {
        let mr = sgemmMR, nr = sgemmNR
        let pool = ThreadPool.shared
        let work = Double(m) * Double(n) * Double(k)
        let threads = work < 2_000_000 ? 1 : min(pool.parallelism, pool.threadCount)
        let mPanelsAll = (m + mr - 1) / mr, nPanelsAll = (n + nr - 1) / nr
        // Split N when its panels spread as evenly over the threads as M's do: each thread then keeps its own
        // slice of B in its own L2.
        func imbalance(_ panels: Int) -> Double {
            let t = Double(threads), p = Double(panels)
            return (p / t).rounded(.up) / (p / t)
        }
        let splitN = threads == 1 || imbalance(nPanelsAll) <= imbalance(mPanelsAll) * 1.001
        let ncBlock = splitN ? Self.ncPerThread * threads : Self.ncPerThread
        let kcMax = min(Self.kcMax, k)
        // When all of op(A) fits in the budget it is packed once, every k block of it, before the loops over N:
        // a product with a wide N (the vocabulary projection) would otherwise repack A for each block of N.
        let wholeA = m <= Self.mcMax && mPanelsAll * mr * k <= Self.wholeABudget
        let mcBlock = min(Self.mcMax, m)
        let aFloats = wholeA ? mPanelsAll * mr * k : ((mcBlock + mr - 1) / mr) * mr * kcMax
        let bFloats = ((min(ncBlock, n) + nr - 1) / nr) * nr * kcMax
        let aBuffer = UnsafeMutablePointer<Float>(
            UnsafeMutableRawPointer.allocate(byteCount: aFloats * 4, alignment: 64).assumingMemoryBound(to: Float.self))
        let bBuffer = UnsafeMutablePointer<Float>(
            UnsafeMutableRawPointer.allocate(byteCount: bFloats * 4, alignment: 64).assumingMemoryBound(to: Float.self))
        defer { aBuffer.deallocate(); bBuffer.deallocate() }

        if wholeA {
            let kBlocks = (k + kcMax - 1) / kcMax
            pool.parallelFor(kBlocks * mPanelsAll) { range in
                for index in range {
                    let pc = (index / mPanelsAll) * kcMax
                    packA(panel: index % mPanelsAll, ic: 0, mc: m, pc: pc, kc: min(kcMax, k - pc),
                          into: aBuffer + pc * mPanelsAll * mr)
                }
            }
        }
        var jc = 0
        while jc < n {
            let nc = min(ncBlock, n - jc)
            let nPanels = (nc + nr - 1) / nr
            var pc = 0
            while pc < k {
                let kc = min(kcMax, k - pc)
                let blockBeta = pc == 0 ? beta : 1
                if !splitN {
                    // All threads read all of this B block: pack it together first.
                    pool.parallelFor(nPanels) { panels in
                        for p in panels { packB(panel: p, jc: jc, nc: nc, pc: pc, kc: kc, into: bBuffer) }
                    }
                }
                var ic = 0
                while ic < m {
                    let mc = min(mcBlock, m - ic)
                    let mPanels = (mc + mr - 1) / mr
                    let aBlock = wholeA ? aBuffer + pc * mPanels * mr : aBuffer
                    if splitN && !wholeA {
                        pool.parallelFor(mPanels) { panels in
                            for p in panels { packA(panel: p, ic: ic, mc: mc, pc: pc, kc: kc, into: aBuffer) }
                        }
                    }
                    let packOwnB = splitN && ic == 0
                    pool.parallelParts(threads) { part in
                        let total = splitN ? nPanels : mPanels
                        let lo = total * part / threads, hi = total * (part + 1) / threads
                        if lo == hi { return }
                        let mRange = splitN ? 0..<mPanels : lo..<hi
                        let nRange = splitN ? lo..<hi : 0..<nPanels
                        if packOwnB {
                            for p in nRange { packB(panel: p, jc: jc, nc: nc, pc: pc, kc: kc, into: bBuffer) }
                        }
                        if !splitN && !wholeA {
                            for p in mRange { packA(panel: p, ic: ic, mc: mc, pc: pc, kc: kc, into: aBuffer) }
                        }
                        for ip in mRange {
                            let rows = min(mr, mc - ip * mr)
                            let ap = aBlock + ip * mr * kc
                            for jp in nRange {
                                let cols = min(nr, nc - jp * nr)
                                let bp = bBuffer + jp * nr * kc
                                let tile = c + (ic + ip * mr) * ldc + jc + jp * nr
                                if rows == mr && cols == nr {
                                    sgemmMicroKernel(kc, ap, bp, tile, ldc, alpha, blockBeta)
                                } else {
                                    edgeTile(kc: kc, ap: ap, bp: bp, c: tile, rows: rows, cols: cols, beta: blockBeta)
                                }
                            }
                        }
                    }
                    ic += mc
                }
                pc += kc
            }
            jc += nc
        }
    }

    /// A tile at the bottom or right edge of C: computed whole into a scratch tile, then the valid part written.
    @inline(never)
    func edgeTile(kc: Int, ap: UnsafePointer<Float>, bp: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                  rows: Int, cols: Int, beta: Float) {
        let mr = sgemmMR, nr = sgemmNR
        withUnsafeTemporaryAllocation(byteCount: mr * nr * 4, alignment: 64) { raw in
            let tile = raw.baseAddress!.assumingMemoryBound(to: Float.self)
            sgemmMicroKernel(kc, ap, bp, tile, nr, alpha, 0)
            for i in 0..<rows {
                let src = tile + i * nr, dst = c + i * ldc
                if beta == 0 {
                    for j in 0..<cols { dst[j] = src[j] }
                } else {
                    for j in 0..<cols { dst[j] = src[j] + beta * dst[j] }
                }
            }
        }
    }

    /// Packs rows `ic + panel*MR ..< +MR` and columns `pc ..< pc+kc` of op(A) into `[kc][MR]` at
    /// `buffer + panel*MR*kc`, padding missing rows with zeros.
    @inline(never)
    func packA(panel: Int, ic: Int, mc: Int, pc: Int, kc: Int, into buffer: UnsafeMutablePointer<Float>) {
        let mr = sgemmMR
        let dst = buffer + panel * mr * kc
        let row0 = ic + panel * mr
        let rows = min(mr, mc - panel * mr)
        if transA == .none {
            // A[i, p] at a[i * lda + p]: each row of the panel is contiguous in p.
            if rows == mr {
                // Four columns of the panel at a time: 14 rows x 4 contiguous loads, then 56 contiguous stores.
                var p = 0
                while p + 4 <= kc {
                    for i in 0..<mr {
                        let src = a + (row0 + i) * lda + pc + p
                        let v = UnsafeRawPointer(src).loadUnaligned(as: SIMD4<Float>.self)
                        dst[p * mr + i] = v[0]
                        dst[(p + 1) * mr + i] = v[1]
                        dst[(p + 2) * mr + i] = v[2]
                        dst[(p + 3) * mr + i] = v[3]
                    }
                    p += 4
                }
                while p < kc {
                    for i in 0..<mr { dst[p * mr + i] = a[(row0 + i) * lda + pc + p] }
                    p += 1
                }
            } else {
                for i in 0..<rows {
                    let src = a + (row0 + i) * lda + pc
                    for p in 0..<kc { dst[p * mr + i] = src[p] }
                }
                for i in rows..<mr { for p in 0..<kc { dst[p * mr + i] = 0 } }
            }
        } else {
            // A stored k × m: op(A)[i, p] at a[p * lda + i]: each p gives MR contiguous values.
            for p in 0..<kc {
                let src = a + (pc + p) * lda + row0, out = dst + p * mr
                for i in 0..<rows { out[i] = src[i] }
                if rows < mr { for i in rows..<mr { out[i] = 0 } }
            }
        }
    }

    /// Packs rows `pc ..< pc+kc` and columns `jc + panel*NR ..< +NR` of op(B) into `[kc][NR]` at
    /// `buffer + panel*NR*kc`, padding missing columns with zeros.
    @inline(never)
    func packB(panel: Int, jc: Int, nc: Int, pc: Int, kc: Int, into buffer: UnsafeMutablePointer<Float>) {
        let nr = sgemmNR
        let dst = buffer + panel * nr * kc
        let col0 = jc + panel * nr
        let cols = min(nr, nc - panel * nr)
        if transB == .none {
            // B stored k × n: each p gives NR contiguous values.
            if cols == nr {
                for p in 0..<kc {
                    let src = UnsafeRawPointer(b + (pc + p) * ldb + col0)
                    let out = UnsafeMutableRawPointer(dst + p * nr)
                    out.storeBytes(of: src.loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
                    out.storeBytes(of: src.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self),
                                   toByteOffset: 64, as: SIMD16<Float>.self)
                }
            } else {
                for p in 0..<kc {
                    let src = b + (pc + p) * ldb + col0, out = dst + p * nr
                    for j in 0..<cols { out[j] = src[j] }
                    for j in cols..<nr { out[j] = 0 }
                }
            }
        } else {
            // B stored n × k: op(B)[p, j] at b[j * ldb + p]: each column of the panel is contiguous in p.
            if cols == nr {
                // Four rows of the panel at a time: 32 columns x 4 contiguous loads, then contiguous stores.
                var p = 0
                while p + 4 <= kc {
                    for j in 0..<nr {
                        let v = UnsafeRawPointer(b + (col0 + j) * ldb + pc + p).loadUnaligned(as: SIMD4<Float>.self)
                        dst[p * nr + j] = v[0]
                        dst[(p + 1) * nr + j] = v[1]
                        dst[(p + 2) * nr + j] = v[2]
                        dst[(p + 3) * nr + j] = v[3]
                    }
                    p += 4
                }
                while p < kc {
                    for j in 0..<nr { dst[p * nr + j] = b[(col0 + j) * ldb + pc + p] }
                    p += 1
                }
            } else {
                for j in 0..<cols {
                    let src = b + (col0 + j) * ldb + pc
                    for p in 0..<kc { dst[p * nr + j] = src[p] }
                }
                for j in cols..<nr { for p in 0..<kc { dst[p * nr + j] = 0 } }
            }
        }
    }
}

/// The plain triple loop that defines what `sgemm` computes; tests compare the fast path against it.
public func referenceSgemm(
    _ transA: Transpose, _ transB: Transpose,
    m: Int, n: Int, k: Int,
    alpha: Float,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: Float = 0
            for p in 0..<k {
                let av = transA == .none ? a[i * lda + p] : a[p * lda + i]
                let bv = transB == .none ? b[p * ldb + j] : b[j * ldb + p]
                sum += av * bv
            }
            let prior = beta == 0 ? 0 : beta * c[i * ldc + j]
            c[i * ldc + j] = alpha * sum + prior
        }
    }
}
