import KernelsCore

/// op(B) of a product, packed once into the micro-kernel's panels (`[depth][32]` per 32 columns, zero past the
/// last column), for a single-threaded caller that multiplies many small row panels of A by the same B.
///
/// `sgemm` packs B afresh on every call, which is right for the projections (one product per weight) but not for
/// attention: each key/value head's K and V serve every query panel of every query head in its group, and a
/// causal product wants a different k or column range per panel of 14 queries. The memory belongs to the
/// caller (a per-thread scratch buffer); this type only knows where the panels lie.
struct SgemmPackedB {
    let base: UnsafeMutablePointer<Float>
    /// Rows of op(B), the product's k: the stride, in rows of 32 floats, from one panel to the next.
    let depth: Int
    /// Columns of op(B).
    let columns: Int

    /// Floats that `depth × columns` panels take.
    static func floats(depth: Int, columns: Int) -> Int {
        depth * ((columns + sgemmNR - 1) / sgemmNR) * sgemmNR
    }

    /// Packs op(B) = B, stored `depth × columns` row-major with row stride `ld`.
    init(packing b: UnsafePointer<Float>, ld: Int, depth: Int, columns: Int, into base: UnsafeMutablePointer<Float>) {
        self.init(b, ld: ld, transposed: false, depth: depth, columns: columns, into: base)
    }

    /// Packs op(B) = Bᵀ, where B is stored `columns × depth` row-major with row stride `ld` (keys as the columns
    /// of Q·Kᵀ).
    init(packingTransposed b: UnsafePointer<Float>, ld: Int, depth: Int, columns: Int,
         into base: UnsafeMutablePointer<Float>) {
        self.init(b, ld: ld, transposed: true, depth: depth, columns: columns, into: base)
    }

    private init(_ b: UnsafePointer<Float>, ld: Int, transposed: Bool, depth: Int, columns: Int,
                 into base: UnsafeMutablePointer<Float>) {
        self.base = base; self.depth = depth; self.columns = columns
        let nr = sgemmNR
        for panel in 0..<(columns + nr - 1) / nr {
            let col0 = panel * nr
            sgemmPackPanel(transposed ? b + col0 * ld : b + col0, ld: ld, transposed: transposed, rows: depth,
                           cols: min(nr, columns - col0), into: base + panel * depth * nr)
        }
    }

    /// The panel of columns `32 × panel ..< +32`, from row `row` of op(B) on.
    @inline(__always)
    func panel(_ panel: Int, fromRow row: Int) -> UnsafePointer<Float> {
        UnsafePointer(base + panel * depth * sgemmNR + row * sgemmNR)
    }
}

/// The A side of `sgemmRowPanel`: at most 14 rows of a row-major matrix read where they lie, or a panel already
/// packed as `[k][14]` (rows past the panel's count zero), as the caller wrote it.
enum SgemmPanelA {
    case rows(UnsafePointer<Float>, lda: Int)
    case packed(UnsafePointer<Float>)
}

/// Per-thread buffers of `sgemmRowPanel`: an A panel packed as `[k][14]` and a 14 × 32 tile for the edges of C.
struct SgemmPanelScratch {
    let packedA: UnsafeMutablePointer<Float>
    let tile: UnsafeMutablePointer<Float>
    let depth: Int

    /// Room for A panels up to `depth` deep.
    init(depth: Int) {
        self.depth = depth
        let raw = UnsafeMutableRawPointer.allocate(byteCount: (depth * sgemmMR + sgemmMR * sgemmNR) * 4, alignment: 64)
        tile = raw.assumingMemoryBound(to: Float.self)
        packedA = tile + sgemmMR * sgemmNR
    }

    func deallocate() { UnsafeMutableRawPointer(tile).deallocate() }
}

/// `C[rows, 0..<columns] = alpha · A[rows, 0..<kc] · op(B)[row0 ..< row0+kc, 0..<columns] + beta · C` for one panel
/// of at most 14 rows, on the calling thread. Full rows of a row-major A are read in place (unless its rows are a
/// multiple of 4 KiB apart: they would share one L1 set); other panels are packed into `scratch` first.
///
/// A last panel of fewer than 32 columns is written whole when C's rows have room (`writable` columns, at least
/// `columns`; what lands past `columns` is a product with B's zero padding or with its real columns beyond
/// `columns`), else through the scratch tile.
func sgemmRowPanel(rows: Int, kc: Int, a: SgemmPanelA, b: SgemmPackedB, fromRow row0: Int, columns: Int,
                   writable: Int? = nil, alpha: Float, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                   scratch: SgemmPanelScratch) {
    let mr = sgemmMR, nr = sgemmNR
    guard rows > 0, columns > 0 else { return }
    guard kc > 0 else {
        for i in 0..<rows { for j in 0..<columns { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
        return
    }
    var direct: (UnsafePointer<Float>, Int)? = nil
    var ap: UnsafePointer<Float>
    switch a {
    case .rows(let pointer, let lda):
        if rows == mr && (lda * 4) % 4096 != 0 {
            direct = (pointer, lda)
            ap = pointer
        } else {
            precondition(kc <= scratch.depth, "A panel deeper than the scratch buffer")
            let dst = scratch.packedA
            for i in 0..<rows {
                let src = pointer + i * lda
                for p in 0..<kc { dst[p * mr + i] = src[p] }
            }
            if rows < mr { for p in 0..<kc { for i in rows..<mr { dst[p * mr + i] = 0 } } }
            ap = UnsafePointer(dst)
        }
    case .packed(let pointer):
        ap = pointer
    }
    for panel in 0..<(columns + nr - 1) / nr {
        let cols = panel * nr + nr <= (writable ?? columns) ? nr : min(nr, columns - panel * nr)
        let bp = b.panel(panel, fromRow: row0)
        let tile = c + panel * nr
        if rows == mr && cols == nr {
            if let (pointer, lda) = direct {
                sgemmMicroKernelDirectA(kc, pointer, lda, bp, tile, ldc, alpha, beta)
            } else {
                sgemmMicroKernel(kc, ap, bp, tile, ldc, alpha, beta)
            }
            continue
        }
        if let (pointer, lda) = direct {
            sgemmMicroKernelDirectA(kc, pointer, lda, bp, scratch.tile, nr, alpha, 0)
        } else if rows <= sgemmEdgeRows {
            sgemmMicroKernelEdge(kc, ap, bp, scratch.tile, nr, alpha, 0)
        } else {
            sgemmMicroKernel(kc, ap, bp, scratch.tile, nr, alpha, 0)
        }
        sgemmStoreTile(scratch.tile, rows: rows, cols: cols, into: tile, ldc: ldc, beta: beta)
    }
}

/// `C[rows, cols] = tile + beta·C` from a 14 × 32 scratch tile (row stride 32) computed for an edge of C.
@inline(__always)
func sgemmStoreTile(_ tile: UnsafePointer<Float>, rows: Int, cols: Int, into c: UnsafeMutablePointer<Float>, ldc: Int,
                    beta: Float) {
    for i in 0..<rows {
        let src = tile + i * sgemmNR, dst = c + i * ldc
        if beta == 0 {
            for j in 0..<cols { dst[j] = src[j] }
        } else {
            for j in 0..<cols { dst[j] = src[j] + beta * dst[j] }
        }
    }
}
