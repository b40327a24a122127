import KernelsCore

/// The kernels of `CausalAttention` (the shape type lives in KernelsCore; `Kernels` calls these through the
/// kernel set in use).
extension CausalAttention {
    /// Computes `out`; writes the attention weights into `probs` when given (needed for `backward`).
    /// Entries of `probs` above the causal diagonal are set to zero.
    ///
    /// One task per (sequence, KV head) on the thread pool: it packs Kᵀ and V once into the micro-kernel's panels
    /// and reuses them for every query head of its group. Queries go MR at a time (one micro-kernel panel: 14 with AVX-512, 6 with AVX2), each
    /// panel scored only against the keys its last query sees, then softmax, then `P·V` over those keys.
    func forwardKernel(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                        out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>?,
                        scoresTanh: UnsafeMutablePointer<Float>?) {
        guard batch > 0, queries > 0, keys > 0, heads > 0 else { return }
        let d = headDim, qStride = heads * d, kvStride = kvHeads * d, group = heads / kvHeads
        let scale = scale, softcap = softcap
        let offset = keys - queries
        let queries = queries, keys = keys, heads = heads, kvHeads = kvHeads, mr = sgemmMR
        let shape = self
        ThreadPool.shared.parallelFor(batch * kvHeads) { range in
            let scratch = AttentionScratch(shape, backward: false)
            defer { scratch.deallocate() }
            for bkv in range {
                let b = bkv / kvHeads, kvh = bkv % kvHeads
                let kBase = k + b * keys * kvStride + kvh * d, vBase = v + b * keys * kvStride + kvh * d
                let keysT = SgemmPackedB(packingTransposed: kBase, ld: kvStride, depth: d, columns: keys,
                                         into: scratch.keysT)
                let values = SgemmPackedB(packing: vBase, ld: kvStride, depth: keys, columns: d, into: scratch.keyRows)
                for h in kvh * group..<(kvh + 1) * group {
                    let qBase = q + b * queries * qStride + h * d
                    let oBase = out + b * queries * qStride + h * d
                    for t0 in stride(from: 0, to: queries, by: mr) {
                        let rows = min(mr, queries - t0)
                        let end = offset + t0 + rows  // keys visible to the panel's last query
                        let (s, lds) = probs.map { ($0 + ((b * heads + h) * queries + t0) * keys, keys) }
                            ?? (scratch.scores, scratch.scoresStride)
                        sgemmRowPanel(rows: rows, kc: d, a: .rows(qBase + t0 * qStride, lda: qStride), b: keysT,
                                      fromRow: 0, columns: end, writable: lds, alpha: scale, beta: 0, c: s, ldc: lds,
                                      scratch: scratch.panel)
                        // Zeros up to the row's end when saved (the backward reads whole rows), else up to `end`.
                        let width = probs == nil ? end : keys
                        for r in 0..<rows {
                            let row = s + r * lds, visible = offset + t0 + r + 1, first = shape.firstVisible(visible - 1)
                            if let softcap {
                                let saved = scoresTanh.map { $0 + ((b * heads + h) * queries + t0 + r) * keys }
                                Self.capRow(row, range: first..<visible, cap: softcap, tanh: saved)
                                if let saved {
                                    saved.update(repeating: 0, count: first)
                                    (saved + visible).update(repeating: 0, count: keys - visible)
                                }
                            }
                            // Keys before the window: -infinity, so the softmax gives them 0.
                            row.update(repeating: -.infinity, count: first)
                            Self.softmaxRow(row, visible: visible, zeroingTo: width, room: lds)
                        }
                        sgemmRowPanel(rows: rows, kc: end, a: .rows(s, lda: lds), b: values, fromRow: 0, columns: d,
                                      alpha: 1, beta: 0, c: oBase + t0 * qStride, ldc: qStride, scratch: scratch.panel)
                    }
                }
            }
        }
    }

    /// Gradients of `forward`: OVERWRITES `dq`, `dk` and `dv` (they must not alias the inputs).
    ///
    /// One task per (sequence, KV head): it owns `dk`/`dv` of that head and `dq` of the query heads in its group.
    /// For each query head, panels of 14 queries compute `dP = dO·Vᵀ`, then `dS = P ⊙ (dP − rowsum(dP ⊙ P))·scale`
    /// and `dQ = dS·K`, and copy `dS` and `P` transposed into key panels; then `dK += dSᵀ·Q` and `dV += Pᵀ·dO` run
    /// over panels of 14 keys, each over the queries that see them.
    func backwardKernel(dout: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                         v: UnsafePointer<Float>, probs: UnsafePointer<Float>,
                         dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                         dv: UnsafeMutablePointer<Float>, scoresTanh: UnsafePointer<Float>?) {
        guard batch > 0, queries > 0, keys > 0, heads > 0 else { return }
        let d = headDim, qStride = heads * d, kvStride = kvHeads * d, group = heads / kvHeads
        let scale = scale
        let offset = keys - queries
        let queries = queries, keys = keys, heads = heads, kvHeads = kvHeads, mr = sgemmMR
        let keyPanels = (keys + mr - 1) / mr
        let shape = self
        ThreadPool.shared.parallelFor(batch * kvHeads) { range in
            let scratch = AttentionScratch(shape, backward: true)
            defer { scratch.deallocate() }
            let ds = scratch.scores, lds = scratch.scoresStride
            for bkv in range {
                let b = bkv / kvHeads, kvh = bkv % kvHeads
                let kBase = k + b * keys * kvStride + kvh * d, vBase = v + b * keys * kvStride + kvh * d
                let dkBase = dk + b * keys * kvStride + kvh * d, dvBase = dv + b * keys * kvStride + kvh * d
                let valuesT = SgemmPackedB(packingTransposed: vBase, ld: kvStride, depth: d, columns: keys,
                                           into: scratch.keysT)
                let keyRows = SgemmPackedB(packing: kBase, ld: kvStride, depth: keys, columns: d, into: scratch.keyRows)
                for h in kvh * group..<(kvh + 1) * group {
                    let qBase = q + b * queries * qStride + h * d
                    let dqBase = dq + b * queries * qStride + h * d
                    let doBase = dout + b * queries * qStride + h * d
                    let pBase = probs + (b * heads + h) * queries * keys
                    let tBase = scoresTanh.map { $0 + (b * heads + h) * queries * keys }
                    for t0 in stride(from: 0, to: queries, by: mr) {
                        let rows = min(mr, queries - t0)
                        let end = offset + t0 + rows
                        sgemmRowPanel(rows: rows, kc: d, a: .rows(doBase + t0 * qStride, lda: qStride), b: valuesT,
                                      fromRow: 0, columns: end, writable: lds, alpha: 1, beta: 0, c: ds, ldc: lds,
                                      scratch: scratch.panel)
                        for r in 0..<rows {
                            let t = t0 + r
                            Self.softmaxBackwardRow(ds + r * lds, probs: pBase + t * keys, visible: offset + t + 1,
                                                    zeroingTo: end, keys: keys, scale: scale,
                                                    tanh: tBase.map { $0 + t * keys }, query: t,
                                                    dScoresT: scratch.dScoresT, probsT: scratch.probsT,
                                                    panelStride: scratch.keyPanelStride)
                        }
                        sgemmRowPanel(rows: rows, kc: end, a: .rows(ds, lda: lds), b: keyRows, fromRow: 0, columns: d,
                                      alpha: 1, beta: 0, c: dqBase + t0 * qStride, ldc: qStride, scratch: scratch.panel)
                    }
                    let queryRows = SgemmPackedB(packing: qBase, ld: qStride, depth: queries, columns: d,
                                                 into: scratch.queryRows)
                    let doutRows = SgemmPackedB(packing: doBase, ld: qStride, depth: queries, columns: d,
                                                into: scratch.doutRows)
                    let beta: Float = h == kvh * group ? 0 : 1
                    for jp in 0..<keyPanels {
                        let j0 = jp * mr, keyCount = min(mr, keys - j0)
                        let tStart = max(0, j0 - offset)  // the first query that sees key j0
                        let kc = queries - tStart
                        sgemmRowPanel(rows: keyCount, kc: kc,
                                      a: .packed(scratch.dScoresT + jp * scratch.keyPanelStride + tStart * mr),
                                      b: queryRows,
                                      fromRow: tStart, columns: d, alpha: 1, beta: beta, c: dkBase + j0 * kvStride,
                                      ldc: kvStride, scratch: scratch.panel)
                        sgemmRowPanel(rows: keyCount, kc: kc,
                                      a: .packed(scratch.probsT + jp * scratch.keyPanelStride + tStart * mr),
                                      b: doutRows,
                                      fromRow: tStart, columns: d, alpha: 1, beta: beta, c: dvBase + j0 * kvStride,
                                      ldc: kvStride, scratch: scratch.panel)
                    }
                }
            }
        }
    }

    /// Soft-capping of one row's scores in place, `x ← cap · tanh(x / cap)` over `range` (as `SoftCap.apply` in
    /// Kernels, which this module cannot import), writing `tanh(x / cap)` into `tanh` when given.
    @inline(__always)
    static func capRow(_ x: UnsafeMutablePointer<Float>, range: Range<Int>, cap: Float, tanh: UnsafeMutablePointer<Float>?) {
        let capVector = SIMD16<Float>(repeating: cap)
        VectorMath.forEachChunk(range) { i, lanes in
            let t = VectorMath.tanh(VectorMath.load(x + i, lanes: lanes) / capVector)
            if let tanh { VectorMath.store(t, tanh + i, lanes: lanes) }
            VectorMath.store(t * capVector, x + i, lanes: lanes)
        }
    }

    /// 0, 1, …, 15, for masking the lanes of a vector past a row's end. Float rather than Int32: Swift lowers a
    /// comparison of `SIMD16<Int32>` to a loop over the lanes, of `SIMD16<Float>` to one compare.
    @inline(__always)
    static var laneIndices: SIMD16<Float> { SIMD16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) }

    /// Softmax over `row[0..<visible]`, zeros over `row[visible..<width]`. Whole vectors are read and written up
    /// to `room` floats from `row` (lanes past `visible` masked), so no row pays for a partial load or a call.
    @inline(__always)
    static func softmaxRow(_ row: UnsafeMutablePointer<Float>, visible: Int, zeroingTo width: Int, room: Int) {
        let lanes = Self.laneIndices
        let whole = visible / 16 * 16
        // The last, partial vector of the visible keys, its lanes past `visible` at -infinity (exp gives 0).
        @inline(__always) func tail() -> SIMD16<Float> {
            let v = whole + 16 <= room ? VectorMath.load(row + whole)
                : VectorMath.loadPartial(row + whole, room - whole, fill: -.infinity)
            return v.replacing(with: -.infinity, where: lanes .>= SIMD16<Float>(repeating: Float(visible - whole)))
        }
        var m = SIMD16<Float>(repeating: -.infinity)
        var i = 0
        while i < whole { m = VectorMath.maximum(m, VectorMath.load(row + i)); i += 16 }
        if whole < visible { m = VectorMath.maximum(m, tail()) }
        let shift = SIMD16<Float>(repeating: VectorMath.horizontalMax(m))
        var total = SIMD16<Float>()
        i = 0
        while i < whole {
            let e = VectorMath.exp(VectorMath.load(row + i) - shift)
            VectorMath.store(e, row + i)
            total += e
            i += 16
        }
        var end = whole
        if whole < visible {
            let e = VectorMath.exp(tail() - shift)
            total += e
            if whole + 16 <= room { VectorMath.store(e, row + whole); end = whole + 16 }
            else { VectorMath.storePartial(e, row + whole, room - whole); end = room }
        }
        let factor = 1 / VectorMath.horizontalSum(total)
        i = 0
        while i + 16 <= end { VectorMath.store(VectorMath.load(row + i) * factor, row + i); i += 16 }
        while i < end { row[i] *= factor; i += 1 }  // a row of fewer than 16 floats past `whole`
        if end < width { (row + end).update(repeating: 0, count: width - end) }
    }

    /// One query's row of the softmax backward: `dS = P ⊙ (dP − Σ dP ⊙ P) · scale` in place over `ds[0..<end]`
    /// (zero past `visible`, where P is zero), then copies of dS and P into the key panels that the query sees:
    /// key panel `jp` (keys 14·jp ..< +14) holds query t's 14 values at `jp · panelStride + 14 t`, zero past
    /// `visible`. `ds` has room for 16 floats past `keys`; `probs` is the query's saved row of `keys` floats.
    @inline(__always)
    static func softmaxBackwardRow(_ ds: UnsafeMutablePointer<Float>, probs: UnsafePointer<Float>, visible: Int,
                                   zeroingTo end: Int, keys: Int, scale: Float, tanh: UnsafePointer<Float>?, query t: Int,
                                   dScoresT: UnsafeMutablePointer<Float>, probsT: UnsafeMutablePointer<Float>,
                                   panelStride: Int) {
        let lanes = Self.laneIndices
        let mr = sgemmMR
        // P lanes past `visible` are loaded as zeros (whole vectors while inside the saved row).
        @inline(__always) func p(_ i: Int) -> SIMD16<Float> {
            let v = i + 16 <= keys ? VectorMath.load(probs + i) : VectorMath.loadPartial(probs + i, keys - i)
            return v.replacing(with: 0, where: lanes .>= SIMD16<Float>(repeating: Float(visible - i)))
        }
        var acc = SIMD16<Float>()
        var i = 0
        while i < visible { acc = acc.multiplyAdd(VectorMath.load(ds + i), p(i)); i += 16 }
        let dot = SIMD16<Float>(repeating: VectorMath.horizontalSum(acc))
        let scale = SIMD16<Float>(repeating: scale)
        i = 0
        if let tanh {
            // Through the cap: × (1 − t²), t loaded like P (zero past `visible`, where P is zero too).
            @inline(__always) func capGradient(_ i: Int) -> SIMD16<Float> {
                let v = i + 16 <= keys ? VectorMath.load(tanh + i) : VectorMath.loadPartial(tanh + i, keys - i)
                let t = v.replacing(with: 0, where: lanes .>= SIMD16<Float>(repeating: Float(visible - i)))
                return 1 - t * t
            }
            while i < visible {
                VectorMath.store(p(i) * (VectorMath.load(ds + i) - dot) * scale * capGradient(i), ds + i)
                i += 16
            }
        }
        while i < visible { VectorMath.store(p(i) * (VectorMath.load(ds + i) - dot) * scale, ds + i); i += 16 }
        if i < end { (ds + i).update(repeating: 0, count: end - i) }
        // 16 lanes stored per panel row: the 2 past its 14 land in the next query's row (written after this one)
        // or in the panel's padding.
        for jp in 0..<(visible + mr - 1) / mr {
            let j0 = jp * mr
            let keep = lanes .< SIMD16<Float>(repeating: Float(Swift.min(mr, visible - j0)))
            let dsChunk = VectorMath.load(ds + j0).replacing(with: 0, where: .!keep)
            let pChunk = p(j0).replacing(with: 0, where: .!keep)
            VectorMath.store(dsChunk, dScoresT + jp * panelStride + t * mr)
            VectorMath.store(pChunk, probsT + jp * panelStride + t * mr)
        }
    }
}

/// One thread's buffers for the (sequence, KV head) tasks of `CausalAttention`, in one 64-byte aligned block.
private struct AttentionScratch {
    /// Kᵀ (forward) or Vᵀ (backward) packed as the columns of a product with the keys as its columns.
    let keysT: UnsafeMutablePointer<Float>
    /// V (forward) or K (backward) packed with the keys as the product's k.
    let keyRows: UnsafeMutablePointer<Float>
    /// One query head's Q and dO packed with the queries as k (backward only).
    let queryRows: UnsafeMutablePointer<Float>
    let doutRows: UnsafeMutablePointer<Float>
    /// dS and P of one query head, transposed into panels of 14 keys: `[keyPanel][query][14]`, each key panel
    /// `keyPanelStride` floats (16 of padding) apart (backward only).
    let dScoresT: UnsafeMutablePointer<Float>
    let probsT: UnsafeMutablePointer<Float>
    let keyPanelStride: Int
    /// 14 rows of scores (forward without `probs`) or of dS (backward), `scoresStride` apart.
    let scores: UnsafeMutablePointer<Float>
    let scoresStride: Int
    let panel: SgemmPanelScratch
    private let block: UnsafeMutableRawPointer

    init(_ a: CausalAttention, backward: Bool) {
        let d = a.headDim, mr = sgemmMR
        func rounded(_ n: Int) -> Int { (n + 15) / 16 * 16 }
        // Whole panels of 32 columns fit, and 16 floats past the last key; not a multiple of 4 KiB (rows that
        // far apart would share one L1 set).
        var stride = (a.keys + 16 + 31) / 32 * 32
        if (stride * 4) % 4096 == 0 { stride += 16 }
        scoresStride = stride
        keyPanelStride = a.queries * mr + 16
        let sizes = [
            rounded(SgemmPackedB.floats(depth: d, columns: a.keys)),
            rounded(SgemmPackedB.floats(depth: a.keys, columns: d)),
            backward ? rounded(SgemmPackedB.floats(depth: a.queries, columns: d)) : 0,
            backward ? rounded(SgemmPackedB.floats(depth: a.queries, columns: d)) : 0,
            backward ? rounded((a.keys + mr - 1) / mr * keyPanelStride) : 0,
            backward ? rounded((a.keys + mr - 1) / mr * keyPanelStride) : 0,
            mr * stride,
        ]
        block = UnsafeMutableRawPointer.allocate(byteCount: sizes.reduce(0, +) * 4, alignment: 64)
        var next = block.assumingMemoryBound(to: Float.self)
        func take(_ index: Int) -> UnsafeMutablePointer<Float> { defer { next += sizes[index] }; return next }
        keysT = take(0); keyRows = take(1); queryRows = take(2); doutRows = take(3)
        dScoresT = take(4); probsT = take(5); scores = take(6)
        panel = SgemmPanelScratch(depth: max(d, a.keys))
    }

    func deallocate() {
        block.deallocate()
        panel.deallocate()
    }
}
