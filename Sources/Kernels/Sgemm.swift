import Foundation
import Synchronization
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
/// How it works (the BLIS scheme): `op(B)` is cut into blocks of `kc` rows and `nc` columns, packed into panels of
/// `sgemmNR` columns laid out `[kc][NR]`; `op(A)` into panels of `sgemmMR` rows laid out `[kc][MR]`; a
/// register-blocked micro-kernel multiplies one A panel (kept in L1) by one B panel (streamed from L2) into a
/// 14 × 32 tile of C. Threads pack each block together, then claim its tiles (an A panel against a run of B panels)
/// from an atomic counter, so a thread slowed by another process does not hold the other back. When all of op(A)
/// fits in 16 MiB it is packed once for the whole call. Skinny shapes skip packing (`SgemmSkinny`): `n ≤ 16` (the
/// LoRA down-projection) and `m ≤ 8` (one token at a time during generation).
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
    let started = SgemmProfile.isEnabled ? DispatchTime.now().uptimeNanoseconds : 0
    defer {
        if SgemmProfile.isEnabled {
            SgemmProfile.record(transA, transB, m: m, n: n, k: k,
                                nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
        }
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

    /// Deepest packed block. Blocks are balanced (576 → 2 × 288, 1536 → 4 × 384) so that no thin tail block pays
    /// the micro-kernel's C load and store for a few steps of k. An A panel (14 × 384 floats = 21 KiB) stays in L1
    /// while B panels stream past it.
    static let kcMax = sgemmRowsAStride
    /// Columns of packed B per block: every thread reads the whole block, 384 × 1024 floats = 1.5 MiB, from its L2.
    static let ncMax = 1024
    /// Rows of A packed at once; bounds the packed-A buffer (7168 × 384 floats = 10.5 MiB).
    static let mcMax = 14 * 512
    /// Largest packed copy of the whole of op(A), in floats (16 MiB).
    static let wholeABudget = 4 << 20
    /// Floats of one packed A panel in either layout: `[14][384]` (row-major A) or `[kc][14]` (transposed A).
    static let aPanelFloats = sgemmMR * sgemmRowsAStride

    /// The blocked product. For each block of C's columns (`nc`) and of k (`kc`), one parallel job packs the block's
    /// B panels (and A panels, unless all of op(A) was packed up front), waits until all are packed, then computes
    /// the tiles. Both phases hand out work through atomic counters rather than a fixed split: when another process
    /// takes one core for a while, the other thread does the rest of the block instead of waiting for it at the
    /// end. Which thread computes a tile never changes its value (each tile is one thread's sum over k in a fixed
    /// order), so results stay bit-for-bit reproducible.
    func run() {
        let mr = sgemmMR, nr = sgemmNR
        let pool = ThreadPool.shared
        let work = Double(m) * Double(n) * Double(k)
        let threads = work < 2_000_000 ? 1 : min(pool.parallelism, pool.threadCount)
        let kBlocks = (k + Self.kcMax - 1) / Self.kcMax
        let kcBlock = (k + kBlocks - 1) / kBlocks
        let mPanelsAll = (m + mr - 1) / mr
        let panelFloats = Self.aPanelFloats
        // When all of op(A) fits in the budget it is packed once, every k block of it, before the loops over N:
        // a product with a wide N (the vocabulary projection) would otherwise repack A for each block of N.
        let wholeA = m <= Self.mcMax && kBlocks * mPanelsAll * panelFloats <= Self.wholeABudget
        let mcBlock = wholeA ? m : min(Self.mcMax, m)
        let ncBlock = min(Self.ncMax, n)
        let aFloats = (wholeA ? kBlocks * mPanelsAll : (mcBlock + mr - 1) / mr) * panelFloats
        let bFloats = ((ncBlock + nr - 1) / nr) * nr * kcBlock
        let aBuffer = UnsafeMutablePointer<Float>(
            UnsafeMutableRawPointer.allocate(byteCount: aFloats * 4, alignment: 64).assumingMemoryBound(to: Float.self))
        let bBuffer = UnsafeMutablePointer<Float>(
            UnsafeMutableRawPointer.allocate(byteCount: bFloats * 4, alignment: 64).assumingMemoryBound(to: Float.self))
        defer { aBuffer.deallocate(); bBuffer.deallocate() }
        let counters = SgemmWorkCounters()
        let rowsA = transA == .none

        if wholeA {
            counters.reset()
            pool.parallelParts(threads) { _ in
                while true {
                    let index = counters.claimPack()
                    if index >= kBlocks * mPanelsAll { break }
                    let block = index / mPanelsAll, pc = block * kcBlock
                    packA(panel: index % mPanelsAll, ic: 0, mc: m, pc: pc, kc: min(kcBlock, k - pc),
                          into: aBuffer + block * mPanelsAll * panelFloats)
                }
            }
        }
        var jc = 0
        while jc < n {
            let nc = min(ncBlock, n - jc)
            let nPanels = (nc + nr - 1) / nr
            var pc = 0
            while pc < k {
                let kc = min(kcBlock, k - pc)
                let blockBeta = pc == 0 ? beta : 1
                var ic = 0
                while ic < m {
                    let mc = min(mcBlock, m - ic)
                    let mPanels = (mc + mr - 1) / mr
                    let aBlock = wholeA ? aBuffer + (pc / kcBlock) * mPanels * panelFloats : aBuffer
                    // B is packed once per (jc, pc) block and reused for every block of rows; A per block unless whole.
                    let bTasks = ic == 0 ? nPanels : 0
                    let packTasks = bTasks + (wholeA ? 0 : mPanels)
                    // Enough units that the last one is a small part of a thread's share.
                    let nChunks = min(nPanels, max(1, (32 + mPanels - 1) / mPanels))
                    let units = mPanels * nChunks
                    counters.reset()
                    pool.parallelParts(threads) { _ in
                        if packTasks > 0 {
                            while true {
                                let task = counters.claimPack()
                                if task >= packTasks { break }
                                if task < bTasks {
                                    packB(panel: task, jc: jc, nc: nc, pc: pc, kc: kc, into: bBuffer)
                                } else {
                                    packA(panel: task - bTasks, ic: ic, mc: mc, pc: pc, kc: kc, into: aBuffer)
                                }
                                counters.finishPack()
                            }
                            counters.waitForPacks(packTasks)
                        }
                        while true {
                            let unit = counters.claimUnit()
                            if unit >= units { break }
                            let ip = unit / nChunks, chunk = unit % nChunks
                            let rows = min(mr, mc - ip * mr)
                            let ap = aBlock + ip * panelFloats
                            for jp in (nPanels * chunk / nChunks)..<(nPanels * (chunk + 1) / nChunks) {
                                let cols = min(nr, nc - jp * nr)
                                let bp = bBuffer + jp * nr * kc
                                let tile = c + (ic + ip * mr) * ldc + jc + jp * nr
                                if rows == mr && cols == nr {
                                    if rowsA {
                                        sgemmMicroKernelRowsA(kc, ap, bp, tile, ldc, alpha, blockBeta)
                                    } else {
                                        sgemmMicroKernel(kc, ap, bp, tile, ldc, alpha, blockBeta)
                                    }
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

    /// A tile at the bottom or right edge of C: computed into a scratch tile (by the 4-row kernel when it has at
    /// most 4 rows), then the valid part written.
    @inline(never)
    func edgeTile(kc: Int, ap: UnsafePointer<Float>, bp: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                  rows: Int, cols: Int, beta: Float) {
        let mr = sgemmMR, nr = sgemmNR
        withUnsafeTemporaryAllocation(byteCount: mr * nr * 4, alignment: 64) { raw in
            let tile = raw.baseAddress!.assumingMemoryBound(to: Float.self)
            switch (transA == .none, rows <= sgemmEdgeRows) {
            case (true, true): sgemmMicroKernelRowsAEdge(kc, ap, bp, tile, nr, alpha, 0)
            case (true, false): sgemmMicroKernelRowsA(kc, ap, bp, tile, nr, alpha, 0)
            case (false, true): sgemmMicroKernelEdge(kc, ap, bp, tile, nr, alpha, 0)
            case (false, false): sgemmMicroKernel(kc, ap, bp, tile, nr, alpha, 0)
            }
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

    /// Packs rows `ic + panel*MR ..< +MR` and columns `pc ..< pc+kc` of op(A) at `buffer + panel*aPanelFloats`,
    /// padding missing rows with zeros: a row-major A as `[MR][sgemmRowsAStride]` (a copy of each row, for
    /// `sgemmMicroKernelRowsA`), a transposed A as `[kc][MR]` (MR contiguous values per k, for `sgemmMicroKernel`).
    @inline(never)
    func packA(panel: Int, ic: Int, mc: Int, pc: Int, kc: Int, into buffer: UnsafeMutablePointer<Float>) {
        let mr = sgemmMR
        let dst = buffer + panel * Self.aPanelFloats
        let row0 = ic + panel * mr
        let rows = min(mr, mc - panel * mr)
        if transA == .none {
            let stride = sgemmRowsAStride
            for i in 0..<rows { (dst + i * stride).update(from: a + (row0 + i) * lda + pc, count: kc) }
            for i in rows..<mr { (dst + i * stride).update(repeating: 0, count: kc) }
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

/// The shared work counters of one `sgemm` call's parallel jobs (reset before each job).
final class SgemmWorkCounters: @unchecked Sendable {
    private let nextPack = Atomic<Int>(0)
    private let packed = Atomic<Int>(0)
    private let nextUnit = Atomic<Int>(0)

    func reset() {
        nextPack.store(0, ordering: .relaxed)
        packed.store(0, ordering: .relaxed)
        nextUnit.store(0, ordering: .relaxed)
    }

    func claimPack() -> Int { nextPack.wrappingAdd(1, ordering: .relaxed).oldValue }
    func finishPack() { packed.wrappingAdd(1, ordering: .releasing) }
    func claimUnit() -> Int { nextUnit.wrappingAdd(1, ordering: .relaxed).oldValue }

    /// Spins until `count` packing tasks are done (they are short: a few microseconds each).
    func waitForPacks(_ count: Int) {
        var spins = 0
        while packed.load(ordering: .acquiring) < count {
            spins += 1
            if spins > 1 << 12 { sched_yield(); spins = 0 }
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
