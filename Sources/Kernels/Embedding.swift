/// Token embedding lookup and its gradient. The table is row-major `[vocab, dim]`; token ids are `Int32`.
public enum Embedding {
    /// `out[t, :] = table[tokens[t], :]` for `count` tokens; `out` is `[count, dim]`.
    /// Ids must lie in `0..<vocab` (the caller validates user data; out-of-range ids here are a programming error).
    public static func gather(table: UnsafePointer<Float>, dim: Int, tokens: UnsafePointer<Int32>, count: Int,
                              out: UnsafeMutablePointer<Float>) {
        ThreadPool.shared.parallelFor(count, grain: max(1, 16384 / max(dim, 1))) { range in
            for t in range {
                (out + t * dim).update(from: table + Int(tokens[t]) * dim, count: dim)
            }
        }
    }

    /// `dtable[tokens[t], :] += dout[t, :]` for each of `count` tokens (repeated ids accumulate, in token order),
    /// except tokens equal to `skipping` (an embedding's padding index, whose row PyTorch gives no gradient).
    /// Split over columns across threads so that no two threads touch the same element.
    public static func scatterAdd(dout: UnsafePointer<Float>, dim: Int, tokens: UnsafePointer<Int32>, count: Int,
                                  dtable: UnsafeMutablePointer<Float>, skipping: Int32? = nil) {
        ThreadPool.shared.parallelFor(dim, grain: 64) { cols in
            for t in 0..<count where tokens[t] != skipping {
                let src = dout + t * dim, dst = dtable + Int(tokens[t]) * dim
                for j in cols { dst[j] += src[j] }
            }
        }
    }
}
