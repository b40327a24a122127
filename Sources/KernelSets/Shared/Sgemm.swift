import CKernelHints
import Foundation
import KernelsCore
import Synchronization

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
/// `sgemmNR` columns laid out `[kc][NR]`; a register-blocked micro-kernel multiplies MR rows of `op(A)` by one B
/// panel (streamed from L2) into an MR × NR tile of C (14 × 32 with AVX-512, 6 × 16 with AVX2: the kernel set's
/// generated SgemmMicroKernel.swift). A row-major A is read where it lies (only a last panel of fewer than MR rows
/// is copied) unless its row stride is a multiple of 4 KiB, when each thread copies the panel it is about to use; a
/// transposed A is packed as `[kc][MR]` panels, all of it at once when it fits in the budget. Threads
/// pack each block of B together, then claim its tiles (MR rows against a run of B panels) from an atomic counter,
/// so a thread slowed by another process does not hold the other back. Skinny shapes skip packing
/// (`SgemmSkinny`): `n ≤ 16` (the LoRA down-projection), `m ≤ 8` (one token at a time during generation) and
/// `m ≤ 24` with B stored `k × n` (the LoRA gradients `dA = dHᵀ·x`).
///
/// Performance notes for callers: every call packs op(B) afresh, so prefer one call over many row chunks of the
/// same wide B (the vocabulary projection); work below ~2 MFLOP runs on the calling thread alone.
func setSgemm(
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
    } else if m <= SgemmSkinny.shortHeight || (m <= SgemmSkinny.shortRowsHeight && transB == .none) {
        SgemmSkinny.short(driver)
    } else {
        driver.run()
    }
}

/// `C = Σ alpha_s · op(A_s) · op(B_s) + beta · C`: a sum of products that share C, computed as ONE product over the
/// concatenated k dimension, `[A_1 | A_2 | …] · [B_1; B_2; …]`.
///
/// Why: a LoRA projection adds a rank-r product to the base one (`y = x·Wᵀ + s·h·Bᵀ`, `dx = dy·W + dh·A`). As a
/// separate call, that rank-8 term reads and writes all of C again for a few FLOPs per element; as the last 8 steps
/// of the base product's last k block it costs almost nothing. A slice's `alpha` is folded into its packed A when the
/// slices' alphas differ.
func setSgemm(m: Int, n: Int, slices: [SgemmSlice], beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    precondition(m >= 0 && n >= 0 && ldc >= n, "sgemm: negative dimension or ldc smaller than n")
    let terms = slices.filter { $0.k > 0 && $0.alpha != 0 }
    for t in terms {
        precondition(t.lda >= (t.transA == .none ? t.k : m) && t.ldb >= (t.transB == .none ? n : t.k),
                     "sgemm: leading dimension smaller than the row width")
    }
    if m == 0 || n == 0 { return }
    if terms.count <= 1 {
        guard let t = terms.first else { scaleMatrix(c, rows: m, cols: n, ld: ldc, by: beta); return }
        setSgemm(t.transA, t.transB, m: m, n: n, k: t.k, alpha: t.alpha, a: t.a, lda: t.lda, b: t.b, ldb: t.ldb,
              beta: beta, c: c, ldc: ldc)
        return
    }
    let started = SgemmProfile.isEnabled ? DispatchTime.now().uptimeNanoseconds : 0
    SgemmDriver(m: m, n: n, slices: terms, beta: beta, c: c, ldc: ldc).run()
    if SgemmProfile.isEnabled {
        let shape = terms.map { "\($0.transA == .none ? "N" : "T")\($0.transB == .none ? "N" : "T") k=\($0.k)" }
        SgemmProfile.record(key: "\(m)x\(n) " + shape.joined(separator: " + "), flops: 2 * Double(m) * Double(n) * Double(terms.reduce(0) { $0 + $1.k }),
                            nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
    }
}

/// One `sgemm` call: its operands, the blocking chosen for them, and the packed buffers.
///
/// The blocked path works on `slices` (one, or several concatenated along k); the skinny paths, which only ever see
/// one slice, read its operands from the flat fields.
struct SgemmDriver {
    let transA: Transpose, transB: Transpose
    let m: Int, n: Int, k: Int
    let alpha: Float, beta: Float
    let a: UnsafePointer<Float>, lda: Int
    let b: UnsafePointer<Float>, ldb: Int
    let c: UnsafeMutablePointer<Float>, ldc: Int
    let slices: [SgemmSlice]
    /// Where each slice starts in the concatenated k.
    let sliceStarts: [Int]
    /// The alpha the micro-kernel applies: the slices' common alpha, or 1 with each slice's alpha folded into its A.
    let kernelAlpha: Float
    /// Whether every slice's A is row-major: full panels are then read in place (`sgemmMicroKernelDirectA`, when no
    /// row stride is a multiple of 4 KiB) or packed as rows (`sgemmMicroKernelRowsA`), as is a partial last panel.
    let rowsA: Bool

    init(transA: Transpose, transB: Transpose, m: Int, n: Int, k: Int, alpha: Float,
         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        self.init(m: m, n: n, slices: [SgemmSlice(transA, transB, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb)],
                  beta: beta, c: c, ldc: ldc)
    }

    init(m: Int, n: Int, slices: [SgemmSlice], beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let first = slices[0]
        transA = first.transA; transB = first.transB
        a = first.a; lda = first.lda; b = first.b; ldb = first.ldb; alpha = first.alpha
        self.m = m; self.n = n; self.beta = beta; self.c = c; self.ldc = ldc
        self.slices = slices
        var starts: [Int] = [], total = 0
        for slice in slices { starts.append(total); total += slice.k }
        sliceStarts = starts
        k = total
        kernelAlpha = slices.allSatisfy { $0.alpha == first.alpha } ? first.alpha : 1
        rowsA = slices.allSatisfy { $0.transA == .none }
    }

    /// Calls `body(slice, p0, p1, offset)` for each slice overlapping the concatenated k range `pc ..< pc+kc`:
    /// the slice's own rows `p0 ..< p1` land at `offset ..< offset + (p1 - p0)` of the block.
    @inline(__always)
    func forEachSlice(pc: Int, kc: Int, _ body: (SgemmSlice, Int, Int, Int) -> Void) {
        for (index, slice) in slices.enumerated() {
            let start = sliceStarts[index]
            let lo = max(pc, start), hi = min(pc + kc, start + slice.k)
            if lo < hi { body(slice, lo - start, hi - start, lo - pc) }
        }
    }

    /// Deepest block of k (the most an A panel holds), from `SgemmBlocking.current`: k is cut into the fewest
    /// blocks of at most this many, balanced (1536 → 3 × 512, 1544 → 3 × 515), so that no thin tail block pays the
    /// micro-kernel's C load and store for a few steps of k. A k up to 640 (the hidden size of small models, 576) is
    /// one block where the caches allow: every tile of C is then written once, never read back and added to, which
    /// measured +6% at 1024×1536×576 on two threads (AVX-512); the block of B is narrowed instead.
    static var kcMax: Int { SgemmBlocking.current.kc }
    /// Floats of one packed block of B: every thread reads all of it from its own L2.
    static var bBlockFloats: Int { SgemmBlocking.current.bBlockFloats }
    /// Rows of a transposed A packed at once when it is too large to pack whole; bounds the packed-A buffer.
    static var mcMax: Int { SgemmBlocking.current.mc }
    /// Largest packed copy of the whole of op(A), in floats.
    static var wholeABudget: Int { SgemmBlocking.current.wholeAFloats }
    /// Floats of one packed A panel in either layout: `[MR][640]` (row-major A) or `[kc][MR]` (transposed A).
    static let aPanelFloats = sgemmMR * sgemmRowsAStride

    /// The blocked product. For each block of C's columns (`nc`) and of k (`kc`), one parallel job packs the block's
    /// B panels (and the A panels it needs, unless A is read in place, copied per panel or packed whole up front),
    /// waits until all are packed, then computes the tiles. Both phases hand out work through atomic counters
    /// rather than a fixed split: when another process takes one core for a while, the other thread does the rest
    /// of the block instead of waiting for it at the end. Which thread computes a tile never changes its value (each tile is one thread's sum over k in a fixed
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
        // A row-major A (every slice) is read where it lies by `sgemmMicroKernelDirectA`; only a last panel of
        // fewer than 14 rows is packed, so that the kernel never reads past the matrix. Not when a row stride is a
        // multiple of 4 KiB: the 14 rows would then share one set of the 12-way L1 and evict each other.
        let directA = rowsA && slices.allSatisfy { ($0.lda * 4) % 4096 != 0 }
        // Otherwise a row-major A is copied one panel at a time by the thread that computes it, into that thread's
        // own buffer, just before the panel's tiles: the copy is then read from L1, and no pass over all of A (and
        // no wait for it) precedes the product.
        let panelA = rowsA && !directA
        // When a packed transposed A fits in the budget it is packed once, every k block of it, before the loops
        // over N: a product with a wide N (the vocabulary projection) would otherwise repack A for each block of N.
        let wholeA = !rowsA && m <= Self.mcMax && kBlocks * mPanelsAll * panelFloats <= Self.wholeABudget
        let mcBlock = rowsA || wholeA ? m : min(Self.mcMax, m)
        let ncCap = max(nr, Self.bBlockFloats / kcBlock / nr * nr)
        let jBlocks = (n + ncCap - 1) / ncCap
        let ncBlock = ((n + jBlocks - 1) / jBlocks + nr - 1) / nr * nr
        let aFloats = (directA ? 1 : panelA ? threads : wholeA ? kBlocks * mPanelsAll : (mcBlock + mr - 1) / mr)
            * panelFloats
        let bFloats = ((ncBlock + nr - 1) / nr) * nr * kcBlock
        let aBuffer = UnsafeMutablePointer<Float>(
            UnsafeMutableRawPointer.allocate(byteCount: aFloats * 4, alignment: 64).assumingMemoryBound(to: Float.self))
        let bBuffer = UnsafeMutablePointer<Float>(
            UnsafeMutableRawPointer.allocate(byteCount: bFloats * 4, alignment: 64).assumingMemoryBound(to: Float.self))
        defer { aBuffer.deallocate(); bBuffer.deallocate() }
        let counters = SgemmWorkCounters()
        let alpha = kernelAlpha

        if wholeA {
            counters.reset()
            pool.parallelParts(threads) { _ in
                while true {
                    let index = counters.claimPack()
                    if index >= kBlocks * mPanelsAll { break }
                    let block = index / mPanelsAll, pc = block * kcBlock
                    packA(panel: index % mPanelsAll, ic: 0, mc: m, pc: pc, kc: min(kcBlock, k - pc),
                          to: aBuffer + (block * mPanelsAll + index % mPanelsAll) * panelFloats)
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
                    let aTasks = wholeA || panelA ? 0 : directA ? (mc % mr == 0 ? 0 : 1) : mPanels
                    let packTasks = bTasks + aTasks
                    // Enough units that the last one is a small part of a thread's share.
                    let nChunks = min(nPanels, max(1, (32 + mPanels - 1) / mPanels))
                    let units = mPanels * nChunks
                    counters.reset()
                    pool.parallelParts(threads) { thread in
                        if packTasks > 0 {
                            while true {
                                let task = counters.claimPack()
                                if task >= packTasks { break }
                                if task < bTasks {
                                    packB(panel: task, jc: jc, nc: nc, pc: pc, kc: kc, into: bBuffer)
                                } else if directA {
                                    packA(panel: mPanels - 1, ic: ic, mc: mc, pc: pc, kc: kc, to: aBuffer)
                                } else {
                                    let panel = task - bTasks
                                    packA(panel: panel, ic: ic, mc: mc, pc: pc, kc: kc, to: aBuffer + panel * panelFloats)
                                }
                                counters.finishPack()
                            }
                            counters.waitForPacks(packTasks)
                        }
                        let ownPanel = aBuffer + thread * panelFloats
                        var packedPanel = -1
                        while true {
                            let unit = counters.claimUnit()
                            if unit >= units { break }
                            let ip = unit / nChunks, chunk = unit % nChunks
                            let rows = min(mr, mc - ip * mr)
                            if panelA && ip != packedPanel {
                                packA(panel: ip, ic: ic, mc: mc, pc: pc, kc: kc, to: ownPanel)
                                packedPanel = ip
                            }
                            let ap = directA ? aBuffer : panelA ? ownPanel : aBlock + ip * panelFloats
                            let row0 = ic + ip * mr
                            for jp in (nPanels * chunk / nChunks)..<(nPanels * (chunk + 1) / nChunks) {
                                let cols = min(nr, nc - jp * nr)
                                let bp = bBuffer + jp * nr * kc
                                let tile = c + row0 * ldc + jc + jp * nr
                                if directA && rows == mr {
                                    if cols == nr {
                                        directTile(row0: row0, pc: pc, kc: kc, bp: bp, c: tile, ldc: ldc, beta: blockBeta)
                                    } else {
                                        directEdgeTile(row0: row0, pc: pc, kc: kc, bp: bp, c: tile, cols: cols, beta: blockBeta)
                                    }
                                } else if rows == mr && cols == nr {
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

    /// A full MR × NR tile with A read in place: one micro-kernel call per slice that the k block covers, each with
    /// its own alpha, the first with the block's beta and the rest adding to what it wrote (the tile is then in L1).
    @inline(__always)
    func directTile(row0: Int, pc: Int, kc: Int, bp: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
                    beta: Float) {
        var first = true
        forEachSlice(pc: pc, kc: kc) { slice, p0, p1, offset in
            sgemmMicroKernelDirectA(p1 - p0, slice.a + row0 * slice.lda + p0, slice.lda, bp + offset * sgemmNR,
                                    c, ldc, slice.alpha, first ? beta : 1)
            first = false
        }
    }

    /// A right-edge tile (fewer than NR columns) of MR rows with A read in place, through a scratch tile.
    @inline(never)
    func directEdgeTile(row0: Int, pc: Int, kc: Int, bp: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                        cols: Int, beta: Float) {
        let mr = sgemmMR, nr = sgemmNR
        withUnsafeTemporaryAllocation(byteCount: mr * nr * 4, alignment: 64) { raw in
            let tile = raw.baseAddress!.assumingMemoryBound(to: Float.self)
            directTile(row0: row0, pc: pc, kc: kc, bp: bp, c: tile, ldc: nr, beta: 0)
            sgemmStoreTile(tile, rows: mr, cols: cols, into: c, ldc: ldc, beta: beta)
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
            let alpha = kernelAlpha
            switch (rowsA, rows <= sgemmEdgeRows) {
            case (true, true): sgemmMicroKernelRowsAEdge(kc, ap, bp, tile, nr, alpha, 0)
            case (true, false): sgemmMicroKernelRowsA(kc, ap, bp, tile, nr, alpha, 0)
            case (false, true): sgemmMicroKernelEdge(kc, ap, bp, tile, nr, alpha, 0)
            case (false, false): sgemmMicroKernel(kc, ap, bp, tile, nr, alpha, 0)
            }
            sgemmStoreTile(tile, rows: rows, cols: cols, into: c, ldc: ldc, beta: beta)
        }
    }

    /// Packs rows `ic + panel*MR ..< +MR` and columns `pc ..< pc+kc` of op(A) at `dst` (`aPanelFloats` floats),
    /// padding missing rows with zeros: as `[MR][sgemmRowsAStride]` when `rowsA` (a copy of each row, for
    /// `sgemmMicroKernelRowsA`), else as `[kc][MR]` (MR contiguous values per k, for `sgemmMicroKernel`).
    @inline(never)
    func packA(panel: Int, ic: Int, mc: Int, pc: Int, kc: Int, to dst: UnsafeMutablePointer<Float>) {
        let mr = sgemmMR
        let row0 = ic + panel * mr
        let rows = min(mr, mc - panel * mr)
        forEachSlice(pc: pc, kc: kc) { slice, p0, p1, offset in
            let count = p1 - p0
            let scale = slice.alpha / kernelAlpha
            let a = slice.a, lda = slice.lda
            switch (rowsA, slice.transA) {
            case (true, _):
                // Every slice is row-major here: a copy of each row's piece.
                for i in 0..<rows {
                    let out = dst + i * sgemmRowsAStride + offset, src = a + (row0 + i) * lda + p0
                    if scale == 1 { out.update(from: src, count: count) } else { for p in 0..<count { out[p] = scale * src[p] } }
                }
            case (false, .transposed):
                // A stored k × m: op(A)[i, p] at a[p * lda + i]: each p gives `rows` contiguous values.
                for p in 0..<count {
                    let src = a + (p0 + p) * lda + row0, out = dst + (offset + p) * mr
                    for i in 0..<rows { out[i] = scale * src[i] }
                }
            case (false, .none):
                // A row-major slice beside transposed ones: gathered into the `[kc][MR]` layout.
                for i in 0..<rows {
                    let src = a + (row0 + i) * lda + p0
                    for p in 0..<count { dst[(offset + p) * mr + i] = scale * src[p] }
                }
            }
        }
        if rows < mr {
            if rowsA {
                for i in rows..<mr { (dst + i * sgemmRowsAStride).update(repeating: 0, count: kc) }
            } else {
                for p in 0..<kc { for i in rows..<mr { dst[p * mr + i] = 0 } }
            }
        }
    }

    /// Packs rows `pc ..< pc+kc` and columns `jc + panel*NR ..< +NR` of op(B) into `[kc][NR]` at
    /// `buffer + panel*NR*kc`, padding missing columns with zeros.
    @inline(never)
    func packB(panel: Int, jc: Int, nc: Int, pc: Int, kc: Int, into buffer: UnsafeMutablePointer<Float>) {
        let nr = sgemmNR
        let col0 = jc + panel * nr
        let cols = min(nr, nc - panel * nr)
        forEachSlice(pc: pc, kc: kc) { slice, p0, p1, offset in
            let dst = buffer + panel * nr * kc + offset * nr
            let b = slice.b, ldb = slice.ldb, count = p1 - p0
            let src = slice.transB == .none ? b + p0 * ldb + col0 : b + col0 * ldb + p0
            sgemmPackPanel(src, ld: ldb, transposed: slice.transB == .transposed, rows: count, cols: cols, into: dst)
        }
    }
}

/// Packs `rows` rows and `cols ≤ NR` columns of op(B), starting at `src` (op(B)[0, 0] of the piece), as `[rows][NR]`
/// at `dst`, zero past `cols`. op(B) = B stored with row stride `ld`, or, when `transposed`, Bᵀ: B stored
/// `n × k`, so that each column of the panel is a contiguous row of B.
@inline(__always)
func sgemmPackPanel(_ src: UnsafePointer<Float>, ld: Int, transposed: Bool, rows: Int, cols: Int,
                    into dst: UnsafeMutablePointer<Float>) {
    let nr = sgemmNR
    if !transposed {
        if cols == nr {
            for p in 0..<rows {
                let from = UnsafeRawPointer(src + p * ld), out = UnsafeMutableRawPointer(dst + p * nr)
                var j = 0
                while j + 16 <= nr {
                    out.storeBytes(of: from.loadUnaligned(fromByteOffset: 4 * j, as: SIMD16<Float>.self),
                                   toByteOffset: 4 * j, as: SIMD16<Float>.self)
                    j += 16
                }
                while j < nr {
                    out.storeBytes(of: from.loadUnaligned(fromByteOffset: 4 * j, as: SIMD4<Float>.self),
                                   toByteOffset: 4 * j, as: SIMD4<Float>.self)
                    j += 4
                }
            }
        } else {
            for p in 0..<rows {
                let from = src + p * ld, out = dst + p * nr
                for j in 0..<cols { out[j] = from[j] }
                for j in cols..<nr { out[j] = 0 }
            }
        }
        return
    }
    if cols == nr {
        var p = 0
        // Sixteen rows of the panel at a time: each 16 columns a 16 × 16 block transposed in registers.
        if nr % 16 == 0 {
            while p + 16 <= rows {
                for j in stride(from: 0, to: nr, by: 16) {
                    loom_transpose_16x16(src + j * ld + p, ld, dst + p * nr + j, nr)
                }
                p += 16
            }
        }
        // Then four at a time: NR columns × 4 contiguous loads, then contiguous stores.
        while p + 4 <= rows {
            for j in 0..<nr {
                let v = UnsafeRawPointer(src + j * ld + p).loadUnaligned(as: SIMD4<Float>.self)
                dst[p * nr + j] = v[0]
                dst[(p + 1) * nr + j] = v[1]
                dst[(p + 2) * nr + j] = v[2]
                dst[(p + 3) * nr + j] = v[3]
            }
            p += 4
        }
        while p < rows {
            for j in 0..<nr { dst[p * nr + j] = src[j * ld + p] }
            p += 1
        }
    } else {
        for j in 0..<cols {
            let from = src + j * ld
            for p in 0..<rows { dst[p * nr + j] = from[p] }
        }
        for j in cols..<nr { for p in 0..<rows { dst[p * nr + j] = 0 } }
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
